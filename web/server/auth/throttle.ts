import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely'
import type { MetaDb, ThrottleScope } from '../../../meta/schema'
import type { MetaDatabase } from '../../../meta/store'
import { throttleAddress } from './client-address'

/**
 * Sign-in and password-check throttling (issue 11), kept in the metadata store so every app
 * instance counts the same attempts and a restart forgets nothing.
 *
 * Every attempt is reserved before the password is checked, so batched and parallel attempts
 * count; a success refunds its reservation. Each key allows `free` attempts, then exponential
 * back-off: the n-th counted attempt beyond `free` waits baseMs · 2^n after the last one, capped
 * at maxMs. A key is forgotten forgetMs after its back-off ended.
 *
 * Keys: (username, address), cleared when that user signs in from there; the address alone,
 * with a larger allowance since an office shares one; and the username alone, with a short cap
 * and skipped for addresses the owner recently signed in from, so an attacker elsewhere can
 * slow an account down but not lock its owner out.
 *
 * A reservation is one transaction that locks the attempt's keys (in a fixed order, so two
 * attempts never deadlock), checks them and counts them: two instances cannot both let the
 * sixth attempt through.
 */
export interface ThrottleRule {
  free: number
  baseMs: number
  maxMs: number
  forgetMs: number
}

const MINUTE = 60_000
export const DEFAULT_RULES = {
  account: { free: 5, baseMs: 1000, maxMs: 15 * MINUTE, forgetMs: 15 * MINUTE },
  address: { free: 50, baseMs: 1000, maxMs: 15 * MINUTE, forgetMs: 15 * MINUTE },
  user: { free: 10, baseMs: 1000, maxMs: 30_000, forgetMs: 15 * MINUTE },
} satisfies Record<ThrottleScope, ThrottleRule>
type Rules = typeof DEFAULT_RULES

/** Wait after `count` counted attempts (0 while within the allowance). */
export function backoffMs(rule: ThrottleRule, count: number): number {
  if (count < rule.free) return 0
  return Math.min(rule.maxMs, rule.baseMs * 2 ** Math.min(count - rule.free, 40))
}

/** One reserved attempt: report how it ended exactly once. */
export interface Attempt {
  ok: true
  /** Right password: refund the reservation, clear (user, address), remember the address. */
  succeed(now?: number): Promise<void>
  /** Wrong password: the reservation stays counted; the back-off runs from now. */
  fail(now?: number): Promise<void>
  /** Could not check (e.g. a store down): refund without clearing anything. */
  release(): Promise<void>
}
export interface Refusal {
  ok: false
  retryAfterSeconds: number
}

export interface ThrottleOptions {
  rules?: Partial<Rules>
  /** How long a successful sign-in makes an address "usual" for that user. */
  knownForMs?: number
  /** One sweep of forgotten keys per this many attempts (per process). */
  sweepEvery?: number
}

type Key = { scope: ThrottleScope; key: string }

export class LoginThrottle {
  private readonly rules: Rules
  private readonly knownForMs: number
  private readonly sweepEvery: number
  private ops = 0

  constructor(
    private readonly db: MetaDatabase,
    opts: ThrottleOptions = {},
  ) {
    this.rules = { ...DEFAULT_RULES, ...opts.rules }
    this.knownForMs = opts.knownForMs ?? 30 * 24 * 60 * MINUTE
    this.sweepEvery = opts.sweepEvery ?? 1000
  }

  /** Keys currently remembered (for tests and the reliability figures). */
  async size(): Promise<number> {
    const r = await this.db
      .selectFrom('signin_throttles')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    return Number(r.n)
  }

  /** Reserves one attempt by `username` from `address`, or says how long to wait. */
  async begin(username: string, address: string, now = Date.now()): Promise<Attempt | Refusal> {
    const user = username.trim().toLowerCase()
    const addr = throttleAddress(address)
    if (++this.ops % this.sweepEvery === 0) await this.sweep(now)
    const at = new Date(now)
    const outcome = await this.db.transaction().execute(async (trx) => {
      const seen = await trx
        .selectFrom('signin_known_addresses')
        .select('last_at')
        .where('username', '=', user)
        .where('address', '=', addr)
        .executeTakeFirst()
      const known = seen !== undefined && now - seen.last_at.getTime() <= this.knownForMs
      const keys: Key[] = [
        { scope: 'account', key: `${user}\n${addr}` },
        { scope: 'address', key: addr },
      ]
      if (!known) keys.push({ scope: 'user', key: user })
      keys.sort(byteOrder)
      // Make sure every key has a row, then lock them all, in one order.
      await trx
        .insertInto('signin_throttles')
        .values(keys.map((k) => ({ ...k, count: 0, last_at: at })))
        .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
        .execute()
      const rows = await trx
        .selectFrom('signin_throttles')
        .select(['scope', 'key', 'count', 'last_at'])
        .where(matching(keys))
        .orderBy(sql`scope collate "C"`)
        .orderBy(sql`key collate "C"`)
        .forUpdate()
        .execute()
      let waitMs = 0
      const counts = new Map<string, number>()
      for (const r of rows) {
        const rule = this.rules[r.scope]
        const last = r.last_at.getTime()
        const live = now <= last + backoffMs(rule, r.count) + rule.forgetMs
        const count = live ? r.count : 0
        // Only a due back-off makes one wait: an attempt that began a moment later but took
        // the lock first (a later last_at) must not hold this one up.
        const backoff = backoffMs(rule, count)
        if (live && backoff > 0) waitMs = Math.max(waitMs, last + backoff - now)
        counts.set(r.scope + r.key, count)
      }
      if (waitMs > 0) return { ok: false as const, retryAfterSeconds: Math.ceil(waitMs / 1000) }
      for (const k of keys) {
        await trx
          .updateTable('signin_throttles')
          .set({ count: (counts.get(k.scope + k.key) ?? 0) + 1, last_at: at })
          .where('scope', '=', k.scope)
          .where('key', '=', k.key)
          .execute()
      }
      return { ok: true as const, keys }
    })
    if (!outcome.ok) return outcome
    const { keys } = outcome
    let settled = false
    const settle = async (refund: boolean, clear: boolean, atMs: number) => {
      if (settled) return
      settled = true
      await this.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('signin_throttles')
          .set((eb) =>
            refund
              ? { count: sql<number>`greatest(0, ${eb.ref('count')} - 1)` }
              : { last_at: sql<Date>`greatest(${eb.ref('last_at')}, ${new Date(atMs)})` },
          )
          .where(matching(keys))
          .execute()
        await trx
          .deleteFrom('signin_throttles')
          .where(matching(keys))
          .where((eb) =>
            clear ? eb.or([eb('count', '=', 0), eb('scope', '=', 'account')]) : eb('count', '=', 0),
          )
          .execute()
        if (clear)
          await trx
            .insertInto('signin_known_addresses')
            .values({ username: user, address: addr, last_at: new Date(atMs) })
            .onConflict((oc) => oc.columns(['username', 'address']).doUpdateSet({ last_at: new Date(atMs) }))
            .execute()
      })
    }
    return {
      ok: true,
      succeed: (atMs = Date.now()) => settle(true, true, atMs),
      fail: (atMs = Date.now()) => settle(false, false, atMs),
      release: () => settle(true, false, now),
    }
  }

  /** Deletes keys whose back-off and memory have certainly ended, and stale usual addresses. */
  async sweep(now = Date.now()): Promise<void> {
    for (const scope of Object.keys(this.rules) as ThrottleScope[]) {
      const rule = this.rules[scope]
      await this.db
        .deleteFrom('signin_throttles')
        .where('scope', '=', scope)
        .where('last_at', '<', new Date(now - rule.maxMs - rule.forgetMs))
        .execute()
    }
    await this.db
      .deleteFrom('signin_known_addresses')
      .where('last_at', '<', new Date(now - this.knownForMs))
      .execute()
  }
}

/** The rows of exactly these keys. */
function matching(keys: Key[]) {
  return (eb: ExpressionBuilder<MetaDb, 'signin_throttles'>): Expression<SqlBool> =>
    eb.or(keys.map((k) => eb.and([eb('scope', '=', k.scope), eb('key', '=', k.key)])))
}

/** Byte order, the same as the JavaScript sort of ASCII keys, whatever the database's collation. */
const byteOrder = (a: Key, b: Key) => (a.scope + a.key < b.scope + b.key ? -1 : 1)
