import type http from 'node:http'

/** Best effort, like the `cookie` library: a malformed %-escape keeps the raw value, never throws. */
function decode(value: string): string {
  if (!value.includes('%')) return value
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

export function parseCookies(header: string | undefined): Record<string, string> {
  // No prototype: a cookie named __proto__ is just a cookie.
  const out: Record<string, string> = Object.create(null)
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=')
    if (i < 0) continue
    const k = part.slice(0, i).trim()
    let v = part.slice(i + 1).trim()
    if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1)
    if (k) out[k] = decode(v)
  }
  return out
}

export interface CookieOptions {
  httpOnly?: boolean
  maxAgeSeconds?: number
  secure?: boolean
}

const sessionListeners = new WeakMap<http.ServerResponse, (token: string) => void>()

/**
 * Called whenever a response sets or clears the session cookie (sign-in, sign-out, password
 * change): the HTTP layer uses it to issue a CSRF token bound to the new session.
 */
export function onSessionCookie(res: http.ServerResponse, listener: (token: string) => void): void {
  sessionListeners.set(res, listener)
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
  // A cookie set twice in one response: only the last one is sent.
  const prior = res.getHeader('set-cookie')
  const kept = (Array.isArray(prior) ? prior : prior === undefined ? [] : [String(prior)]).filter(
    (c) => !c.startsWith(`${name}=`),
  )
  res.setHeader('set-cookie', [...kept, parts.join('; ')])
  if (name === SESSION_COOKIE) sessionListeners.get(res)?.(value)
}

export const SESSION_COOKIE = 'ps_session'
export const CSRF_COOKIE = 'ps_csrf'
export const CSRF_HEADER = 'x-csrf-token'
