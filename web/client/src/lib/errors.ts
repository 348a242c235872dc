import { TRPCClientError } from '@trpc/client'

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
  return undefined
}
