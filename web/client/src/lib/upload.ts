import { HttpError } from './errors'

/** The CSRF token the server set in a readable cookie: mutations and uploads echo it in a header (double submit). */
export function csrfToken(): string {
  const m = /(?:^|;\s*)ps_csrf=([^;]*)/.exec(document.cookie)
  return m ? decodeURIComponent(m[1]!) : ''
}

/**
 * `POST /files/<ns>.<name>` with the file itself as the body (never base64 in JSON), its name
 * in `x-file-name` (percent-encoded) and the CSRF header. A refusal (size, type, access)
 * rejects with the server's bilingual message.
 */
export async function postFile<T>(route: string, file: File): Promise<T> {
  let res: Response
  try {
    res = await fetch(`/files/${route}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'content-type': 'application/octet-stream',
        'x-file-name': encodeURIComponent(file.name),
        'x-csrf-token': csrfToken(),
      },
      body: file,
    })
  } catch {
    throw new HttpError('网络错误，文件未能上传 (network error: the file was not uploaded)', 0)
  }
  const body = (await res.json().catch(() => null)) as
    | (T & { error?: undefined })
    | { error?: { message?: string; data?: { code?: string } } }
    | null
  if (!res.ok || !body || body.error) {
    const message = body?.error?.message ?? `上传失败 (upload failed: HTTP ${res.status})`
    throw new HttpError(message, res.status, body?.error?.data?.code)
  }
  return body as T
}
