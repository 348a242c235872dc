import { TRPCClientError } from '@trpc/client'
import { currentLang, type Lang } from '../i18n/i18n'
import { localMessage } from './message'

/** A refusal from a plain HTTP route (file downloads), with the server's code when it sent one. */
export class HttpError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
  ) {
    super(message)
    this.name = 'HttpError'
  }
}

/**
 * The server's message (bilingual, "中文 (English)" or "中文 / English"; generic for 5xx) in
 * one language: the page's (currentLang) unless told.
 */
export function errorMessage(err: unknown, lang: Lang = currentLang()): string {
  return localMessage(rawErrorMessage(err), lang)
}

/** The message as the server sent it, both languages. */
export function rawErrorMessage(err: unknown): string {
  if (err instanceof TRPCClientError) return err.message
  if (err instanceof Error) return err.message
  return String(err)
}

export function errorCode(err: unknown): string | undefined {
  if (err instanceof TRPCClientError) {
    const data = err.data as { code?: string } | undefined
    return data?.code
  }
  if (err instanceof HttpError) return err.code
  return undefined
}
