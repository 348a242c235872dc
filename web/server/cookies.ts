import type http from 'node:http'

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=')
    if (i < 0) continue
    const k = part.slice(0, i).trim()
    if (k) out[k] = decodeURIComponent(part.slice(i + 1).trim())
  }
  return out
}

export interface CookieOptions {
  httpOnly?: boolean
  maxAgeSeconds?: number
  secure?: boolean
}

export function setCookie(
  res: http.ServerResponse,
  name: string,
  value: string,
  opts: CookieOptions = {},
): void {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/', 'SameSite=Strict']
  if (opts.httpOnly) parts.push('HttpOnly')
  if (opts.secure) parts.push('Secure')
  if (opts.maxAgeSeconds !== undefined) parts.push(`Max-Age=${opts.maxAgeSeconds}`)
  res.appendHeader('set-cookie', parts.join('; '))
}

export const SESSION_COOKIE = 'ps_session'
export const CSRF_COOKIE = 'ps_csrf'
export const CSRF_HEADER = 'x-csrf-token'
