import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'
import { passwordProblem } from './password-policy'

export { passwordProblem } from './password-policy'

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number, opts: object) => Promise<Buffer>

/** scrypt, memory-hard: N=2^15, r=8, p=1 (32 MiB per hash). Stored as scrypt$N$r$p$salt$hash. */
const N = 2 ** 15
const R = 8
const P = 1
const KEYLEN = 32
const MAXMEM = 64 * 1024 * 1024

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const hash = await scrypt(password, salt, KEYLEN, { N, r: R, p: P, maxmem: MAXMEM })
  return ['scrypt', N, R, P, salt.toString('base64'), hash.toString('base64')].join('$')
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$')
  if (kind !== 'scrypt' || !salt || !hash) return false
  const expected = Buffer.from(hash, 'base64')
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: MAXMEM,
  })
  return timingSafeEqual(actual, expected)
}

/** A random password (16 characters) that passes the policy. */
export function randomPassword(): string {
  for (;;) {
    const pw = randomBytes(12).toString('base64url')
    if (!passwordProblem(pw)) return pw
  }
}

let dummy: Promise<string> | undefined
/** A hash of nothing anyone knows, made once on first use. */
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(16).toString('base64'))
  return dummy
}

/**
 * Checks a password against an account's hash, or against a dummy hash when there is no such
 * account or it is disabled: every answer costs one scrypt, so timing does not tell them apart.
 */
export async function verifyAccountPassword(
  password: string,
  account: { password_hash: string; disabled: boolean } | undefined,
): Promise<boolean> {
  const fallback = dummyHash() // started on the first sign-in of any kind, not the first miss
  const usable = account && !account.disabled && account.password_hash.startsWith('scrypt$')
  const ok = await verifyPassword(password, usable ? account.password_hash : await fallback)
  return Boolean(usable && ok)
}
