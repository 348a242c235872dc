import { createHash, randomBytes } from 'node:crypto'
import type { MetaDatabase } from '../../../meta/store'
import type { PublicUser } from './users.store'

/**
 * Times are epoch milliseconds: instants, whatever the server's zone. Expiry is set and
 * checked by this process's clock (hours, so app hosts' clock drift does not matter);
 * created_at and password_changed_at are both the database's, so they compare exactly.
 */
export interface Session {
  token_hash: string
  username: string
  created_at: number
  expires_at: number
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex')

/** Expired sessions are deleted this long after they expired (kept a while for the record). */
const KEEP_EXPIRED_MS = 7 * 24 * 3600_000
/** One purge of expired sessions per this many new sessions. */
const PURGE_EVERY = 200

/**
 * Sessions in the metadata store, shared by every app instance: each request reads its
 * session and account in one indexed lookup, with no cache, so a revocation, a disabled
 * account or a new password counts from the next request on every instance.
 */
export class SessionStore {
  private created = 0
  constructor(
    private readonly db: MetaDatabase,
    private readonly ttlMs: number,
  ) {}

  /** A new session; `via` a transaction, to commit it with its audit entry. */
  async create(username: string, via: MetaDatabase = this.db): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url')
    const expiresAt = new Date(Date.now() + this.ttlMs)
    await via
      .insertInto('sessions')
      .values({ token_hash: sha256(token), username, expires_at: expiresAt })
      .execute()
    if (++this.created % PURGE_EVERY === 0) await this.purgeExpired(Date.now(), via)
    return { token, expiresAt }
  }

  /** The live session for a token, or null (unknown, expired or revoked). */
  async get(token: string): Promise<Session | null> {
    const row = await this.db
      .selectFrom('sessions')
      .select(['token_hash', 'username', 'created_at', 'expires_at'])
      .where('token_hash', '=', sha256(token))
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', new Date())
      .executeTakeFirst()
    return row ? { ...row, created_at: row.created_at.getTime(), expires_at: row.expires_at.getTime() } : null
  }

  /**
   * The account behind a session token, or null: unknown, expired or revoked session,
   * disabled account, or a password changed after the session began. One query.
   */
  async userFor(token: string): Promise<PublicUser | null> {
    const row = await this.db
      .selectFrom('sessions as s')
      .innerJoin('users as u', 'u.username', 's.username')
      .select([
        'u.username',
        'u.display_name',
        'u.role',
        'u.dept_code',
        'u.disabled',
        'u.password_changed_at',
      ])
      .where('s.token_hash', '=', sha256(token))
      .where('s.revoked_at', 'is', null)
      .where('s.expires_at', '>', new Date())
      .where('u.disabled', '=', false)
      .whereRef('u.password_changed_at', '<=', 's.created_at')
      .executeTakeFirst()
    return row ? { ...row, password_changed_at: row.password_changed_at.getTime() } : null
  }

  async revoke(token: string): Promise<void> {
    await this.db
      .updateTable('sessions')
      .set((eb) => ({ revoked_at: eb.fn('now') }))
      .where('token_hash', '=', sha256(token))
      .where('revoked_at', 'is', null)
      .execute()
  }

  /** Ends every session of a user (password change, account disabled, role changed); `via` a transaction. */
  async revokeAll(username: string, via: MetaDatabase = this.db): Promise<void> {
    await via
      .updateTable('sessions')
      .set((eb) => ({ revoked_at: eb.fn('now') }))
      .where('username', '=', username)
      .where('revoked_at', 'is', null)
      .execute()
  }

  /** Deletes sessions that expired more than a week ago. */
  async purgeExpired(now = Date.now(), via: MetaDatabase = this.db): Promise<number> {
    const r = await via
      .deleteFrom('sessions')
      .where('expires_at', '<', new Date(now - KEEP_EXPIRED_MS))
      .executeTakeFirst()
    return Number(r.numDeletedRows)
  }
}
