import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import fs from 'node:fs'
import type http from 'node:http'
import path from 'node:path'
import { log } from '../../warehouse/log'
import { CSRF_COOKIE, setCookie } from './cookies'

const SECRET_FILE = 'csrf.secret'
const SECRET_BYTES = 32

/**
 * The key CSRF tokens are signed with: 32 random bytes in DATA_DIR (0600), created on first
 * use, so tokens survive a restart. Unreadable or unwritable: a per-process key (tokens then
 * change on restart, which costs one refused mutation per open page, nothing more).
 */
export function loadCsrfSecret(dataDir: string): Buffer {
  const file = path.join(dataDir, SECRET_FILE)
  try {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 })
    try {
      fs.writeFileSync(file, randomBytes(SECRET_BYTES), { mode: 0o600, flag: 'wx' })
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    }
    const secret = fs.readFileSync(file)
    if (secret.length >= SECRET_BYTES) return secret
    log.warn(`CSRF密钥文件无效，使用临时密钥 (${file} is too short; using a per-process key)`)
  } catch (err) {
    log.warn(`无法读写CSRF密钥，使用临时密钥 (cannot use ${file}: ${(err as Error).message})`)
  }
  return randomBytes(SECRET_BYTES)
}

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
