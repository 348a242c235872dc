import { createHash, randomBytes } from 'node:crypto'
import type { Warehouse } from '../../../warehouse/client'

/** Times are epoch milliseconds: instants, whatever the server's or the column's zone. */
export interface Session {
  token_hash: string
  username: string
  created_at: number
  expires_at: number
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex')

/**
 * Sessions live in the warehouse (they survive restarts) with a short in-process cache,
 * since every request checks one. Revocation writes a new version and drops the cache entry.
 */
export class SessionStore {
  private readonly cache = new Map<string, { session: Session | null; at: number }>()
  constructor(
    private readonly wh: Warehouse,
    private readonly ttlMs: number,
    private readonly cacheMs = 30_000,
  ) {}

  async create(username: string): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url')
    const now = Date.now()
    const expiresAt = new Date(now + this.ttlMs)
    await this.write(
      { token_hash: sha256(token), username, created_at: now, expires_at: expiresAt.getTime() },
      false,
    )
    return { token, expiresAt }
  }

  /** The live session for a token, or null (unknown, expired or revoked). */
  async get(token: string): Promise<Session | null> {
    const hash = sha256(token)
    const hit = this.cache.get(hash)
    let session: Session | null
    if (hit && Date.now() - hit.at < this.cacheMs) session = hit.session
    else {
      const rows = await this.wh.rows<Session>(
        `SELECT token_hash, username, toUnixTimestamp64Milli(created_at) AS created_at, toUnixTimestamp64Milli(expires_at) AS expires_at
         FROM sessions FINAL WHERE token_hash = {hash:String} AND NOT revoked`,
        { hash },
      )
      const row = rows[0]
      // JSON carries 64-bit integers as strings.
      session = row
        ? { ...row, created_at: Number(row.created_at), expires_at: Number(row.expires_at) }
        : null
      this.cache.set(hash, { session, at: Date.now() })
    }
    if (session && session.expires_at <= Date.now()) return null
    return session
  }

  async revoke(token: string): Promise<void> {
    const s = await this.get(token)
    if (s) await this.write(s, true)
    this.cache.delete(sha256(token))
  }

  /** Ends every session of a user (password change, account disabled). */
  async revokeAll(username: string): Promise<void> {
    const live = await this.wh.rows<Session>(
      `SELECT token_hash, username, toUnixTimestamp64Milli(created_at) AS created_at, toUnixTimestamp64Milli(expires_at) AS expires_at
       FROM sessions FINAL WHERE username = {username:String} AND NOT revoked`,
      { username },
    )
    for (const s of live) {
      await this.write(s, true)
      this.cache.delete(s.token_hash)
    }
  }

  private async write(s: Session, revoked: boolean): Promise<void> {
    await this.wh.command(
      `INSERT INTO sessions (token_hash, username, created_at, expires_at, revoked, _version)
       VALUES ({token_hash:String}, {username:String}, fromUnixTimestamp64Milli({created_at:Int64}),
               fromUnixTimestamp64Milli({expires_at:Int64}), {revoked:Bool}, {v:UInt64})`,
      { ...s, revoked, v: Date.now() * 1000 + (revoked ? 1 : 0) },
    )
  }
}
