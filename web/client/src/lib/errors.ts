import { TRPCClientError } from '@trpc/client'

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

/** The server's message (already bilingual for 4xx; generic for 5xx). */
export function errorMessage(err: unknown): string {
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
