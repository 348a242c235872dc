import type { inferRouterInputs } from '@trpc/server'
import type { FilesRouter } from '../../../server/routers/files.router'
import { HttpError } from './errors'

/** The inputs of the file routes (web/server/file-routes.ts), from the server's router. */
type FileInputs = inferRouterInputs<FilesRouter>

/**
 * `GET /files/<ns>.<name>?input=<JSON>`: the address of a server-built file. The input is
 * checked by the same schema as the procedure's; the session cookie goes with the request.
 */
export function fileUrl<N extends keyof FileInputs, M extends keyof FileInputs[N] & string>(
  ns: N,
  name: M,
  input: FileInputs[N][M],
): string {
  return `/files/${String(ns)}.${name}?input=${encodeURIComponent(JSON.stringify(input))}`
}

/** The name a `Content-Disposition` header gives: `filename*` (UTF-8) first, else `filename`. */
export function filenameOf(header: string | null): string | null {
  if (!header) return null
  const star = /filename\*\s*=\s*UTF-8''([^;\s]+)/i.exec(header)
  if (star) {
    try {
      return decodeURIComponent(star[1]!)
    } catch {
      // fall back to the plain name
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"/i.exec(header) ?? /filename\s*=\s*([^;\s]+)/i.exec(header)
  return plain ? plain[1]! : null
}

/** The server's JSON error (already bilingual), or one that names the HTTP status. */
async function errorOf(res: Response): Promise<HttpError> {
  try {
    const body = (await res.json()) as { error?: { message?: string; data?: { code?: string } } }
    if (body.error?.message) return new HttpError(body.error.message, res.status, body.error.data?.code)
  } catch {
    // not JSON (a proxy's page): the status says enough
  }
  return new HttpError(`下载失败 (download failed: HTTP ${res.status})`, res.status)
}

export interface SavedFile {
  filename: string
  /** Data rows, when the file is a table. */
  rows: number | null
}

/**
 * Fetches a file route and saves the answer under the server's (Chinese) name through a
 * temporary object URL; a refusal rejects with the server's message.
 */
export async function downloadFile(url: string): Promise<SavedFile> {
  let res: Response
  try {
    res = await fetch(url, { credentials: 'same-origin' })
  } catch {
    throw new HttpError('网络错误，文件未能下载 (network error: the file was not downloaded)', 0)
  }
  if (!res.ok) throw await errorOf(res)
  const blob = await res.blob()
  const filename = filenameOf(res.headers.get('content-disposition')) ?? 'download'
  const objectUrl = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = objectUrl
  a.download = filename
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(objectUrl), 10_000)
  const rows = res.headers.get('x-export-rows')
  return { filename, rows: rows === null ? null : Number(rows) }
}
