import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'

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

export function randomPassword(): string {
  return randomBytes(12).toString('base64url')
}

/** Minimum password policy for accounts set by people (generated ones are longer). */
export function passwordProblem(password: string): string | null {
  if (password.length < 10) return '密码至少10位 (at least 10 characters)'
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password))
    return '密码需同时包含字母和数字 (letters and digits)'
  return null
}
