import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type http from 'node:http'
import { CSRF_COOKIE, setCookie } from './cookies'

/** Length of the key CSRF tokens are signed with (kept in the metadata store, shared by instances). */
export const CSRF_SECRET_BYTES = 32

/**
 * Signed double-submit tokens bound to the session: `nonce.hmac(secret, nonce|session)`.
 * A token minted for another session, or before sign-in, does not verify once signed in.
 */
export function createCsrf(secret: Buffer, secureCookie: boolean) {
  const mac = (nonce: string, session: string | null) =>
    createHmac('sha256', secret)
      .update(`${nonce}|${session ?? ''}`)
      .digest('base64url')
  const valid = (token: string | undefined, session: string | null): boolean => {
    if (!token) return false
    const [nonce, sig, extra] = token.split('.')
    if (!nonce || !sig || extra !== undefined) return false
    const want = Buffer.from(mac(nonce, session))
    const got = Buffer.from(sig)
    return got.length === want.length && timingSafeEqual(got, want)
  }
  return {
    /** The CSRF cookie still belongs to this session. */
    valid,
    /** A mutation may proceed: the header echoes the cookie and the cookie is this session's. */
    ok: (cookie: string | undefined, header: unknown, session: string | null): boolean =>
      typeof header === 'string' && header === cookie && valid(cookie, session),
    /** Sets a fresh token for `session` (null: signed out); readable by our own scripts. */
    issue(res: http.ServerResponse, session: string | null): void {
      const nonce = randomBytes(18).toString('base64url')
      setCookie(res, CSRF_COOKIE, `${nonce}.${mac(nonce, session)}`, { secure: secureCookie })
    },
  }
}

export type Csrf = ReturnType<typeof createCsrf>
