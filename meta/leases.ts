import { randomBytes } from 'node:crypto'
import os from 'node:os'
import { performance } from 'node:perf_hooks'
import { type Kysely, sql } from 'kysely'
import { log as appLog } from '../warehouse/log'
import type { MetaDb } from './schema'

/**
 * Leases: named, expiring claims in the metadata store, so that work scheduled on every app
 * instance (source loads, rollup refreshes, deliveries) runs on ONE of them at a time.
 *
 * - Acquiring is one atomic statement: `INSERT … ON CONFLICT (name) DO UPDATE … WHERE the
 *   lease has expired OR is already ours … RETURNING`. Racing acquirers get exactly one winner
 *   (PostgreSQL serialises them on the primary key); the others get no row.
 * - Every time is the database's clock (`now()`), never an app host's, so clock skew between
 *   hosts does not matter. Only durations (the ttl) travel from the app.
 * - A held lease renews itself every ttl/3 until it is released. A holder that crashes stops
 *   renewing; once its ttl has passed, the next acquirer takes the lease over.
 * - `generation` is a fencing token: it grows by one on every acquisition and renewals keep
 *   it. Renew and release match it, so a holder whose lease was taken over can neither renew
 *   nor release the new holder's lease; work that writes elsewhere can carry it too. Release
 *   expires the row instead of deleting it, so a name's generation never goes back.
 * - A lease is `lost` when a renewal finds it taken over (or removed), or when its ttl passes
 *   (measured locally, from when the last successful renewal was sent) without a successful
 *   renewal, e.g. while the database is unreachable. `signal` is aborted then: long work
 *   should check it and stop, because another instance may already be doing the same work.
 * - Within one process a name is held once: a second `tryAcquire` of a name this `Leases`
 *   still holds gets null, although the row would accept the same holder again.
 */

/** Where leases log; `warehouse/log` by default. */
export interface LeaseLogger {
  debug(msg: string): void
  info(msg: string): void
  warn(msg: string): void
}

export interface LeasesOptions {
  /** This instance's identity, stored as the holder; default `newHolderId()`. */
  holder?: string
  log?: LeaseLogger
}

/** A lease this instance holds. Always `release()` it (also when `lost`). */
export interface Lease {
  readonly name: string
  readonly holder: string
  /** Fencing token: +1 on every acquisition of this name, kept by renewals. */
  readonly generation: number
  readonly ttlMs: number
  /** When it expires unless renewed, by the database's clock (moves on with each renewal). */
  readonly expiresAt: Date
  /** Taken over, removed, or expired without a successful renewal; final. */
  readonly lost: boolean
  /** Aborted (with a `LeaseLostError`) when the lease is lost. */
  readonly signal: AbortSignal
  /** Renews now (the timer also does, every ttl/3); false when it could not. */
  renew(): Promise<boolean>
  /**
   * Stops renewing and, if the row is still this holding (same holder and generation),
   * expires it now, so the next acquirer gets it at once. The row stays (expired), so the
   * name's generation never goes back. Never throws (a lease that cannot be released
   * expires after its ttl); true when this call released it.
   */
  release(): Promise<boolean>
}

/** Who holds a lease now. */
export interface LeaseInfo {
  holder: string
  generation: number
  acquiredAt: Date
  expiresAt: Date
}

export type ExclusiveResult<T> = { ran: true; value: T } | { ran: false; holder: string }

export interface Leases {
  /** This instance's holder id. */
  readonly holder: string
  /** The lease if nobody else holds `name` (or its holder's ttl has passed), else null. */
  tryAcquire(name: string, ttlMs: number): Promise<Lease | null>
  /**
   * Runs `fn` while holding `name` (renewed every ttl/3, released at the end, also when `fn`
   * throws; its error propagates). When another holder has it, `fn` does not run and the
   * result names that holder. A database error while acquiring propagates (fail closed).
   */
  runExclusive<T>(name: string, ttlMs: number, fn: (lease: Lease) => Promise<T>): Promise<ExclusiveResult<T>>
  /** The unexpired lease on `name`, by anyone, or null. */
  current(name: string): Promise<LeaseInfo | null>
  /**
   * Releases every lease this instance holds (shutdown: the other instances take over at
   * once instead of after the ttl). Work still running under them is no longer exclusive.
   */
  releaseAll(): Promise<void>
}

/** An instance's identity: host name, process id and a random part (a restarted process is a new holder). */
export function newHolderId(): string {
  return `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`
}

/** Thrown (as the abort reason of `Lease.signal`) when a lease is lost. */
export class LeaseLostError extends Error {
  constructor(
    readonly lease: string,
    reason: string,
  ) {
    super(`lease ${lease} lost: ${reason}`)
    this.name = 'LeaseLostError'
  }
}

/** Largest ttl: setTimeout's limit (about 24.8 days). */
const MAX_TTL_MS = 2_147_483_647

function checkTtl(ttlMs: number): void {
  if (!Number.isInteger(ttlMs) || ttlMs < 1 || ttlMs > MAX_TTL_MS)
    throw new RangeError(`lease ttl must be a whole number of milliseconds, 1 … ${MAX_TTL_MS} (got ${ttlMs})`)
}

/** `now() + ttl`, on the database's clock. */
const expiryAfter = (ttlMs: number) => sql<Date>`now() + ${ttlMs}::integer * interval '1 millisecond'`

const message = (err: unknown) => (err instanceof Error ? err.message : String(err))

export function createLeases(db: Kysely<MetaDb>, opts: LeasesOptions = {}): Leases {
  const holder = opts.holder ?? newHolderId()
  if (!holder) throw new Error('lease holder id must not be empty')
  const log = opts.log ?? appLog
  /** Names held (or being acquired) by this instance: one holding per name per process. */
  const held = new Map<string, HeldLease | 'acquiring'>()

  async function current(name: string): Promise<LeaseInfo | null> {
    const row = await db
      .selectFrom('leases')
      .select(['holder', 'generation', 'acquired_at', 'expires_at'])
      .where('name', '=', name)
      .where('expires_at', '>', sql<Date>`now()`)
      .executeTakeFirst()
    return row
      ? {
          holder: row.holder,
          generation: row.generation,
          acquiredAt: row.acquired_at,
          expiresAt: row.expires_at,
        }
      : null
  }

  /** One atomic statement: a row for the winner, none for everyone else. */
  async function acquire(name: string, ttlMs: number): Promise<HeldLease | null> {
    checkTtl(ttlMs)
    if (!name) throw new Error('lease name must not be empty')
    if (held.has(name)) return null
    held.set(name, 'acquiring')
    try {
      const sent = performance.now()
      const row = await db
        .insertInto('leases')
        .values({ name, holder, expires_at: expiryAfter(ttlMs) })
        .onConflict((oc) =>
          oc
            .column('name')
            .doUpdateSet({
              holder: (eb) => eb.ref('excluded.holder'),
              generation: sql<number>`leases.generation + 1`,
              acquired_at: sql<Date>`now()`,
              expires_at: (eb) => eb.ref('excluded.expires_at'),
            })
            .where((eb) =>
              eb.or([eb('leases.expires_at', '<=', sql<Date>`now()`), eb('leases.holder', '=', holder)]),
            ),
        )
        .returning(['generation', 'expires_at'])
        .executeTakeFirst()
      if (!row) {
        held.delete(name)
        return null
      }
      const lease = new HeldLease(db, log, name, holder, row.generation, ttlMs, row.expires_at, sent, () =>
        held.delete(name),
      )
      held.set(name, lease)
      log.debug(`lease ${name}: acquired by ${holder} (generation ${row.generation})`)
      return lease
    } catch (err) {
      held.delete(name)
      throw err
    }
  }

  return {
    holder,
    tryAcquire: acquire,
    current,
    async runExclusive<T>(
      name: string,
      ttlMs: number,
      fn: (lease: Lease) => Promise<T>,
    ): Promise<ExclusiveResult<T>> {
      // The holder is read after a refused acquisition; if the lease was released in
      // between, acquiring again is the right answer (a few tries, then give up).
      for (let attempt = 1; ; attempt++) {
        const lease = await acquire(name, ttlMs)
        if (lease) {
          try {
            return { ran: true, value: await fn(lease) }
          } finally {
            await lease.release()
          }
        }
        const other = held.has(name) ? { holder } : await current(name)
        if (other || attempt >= 3) {
          const by = other?.holder ?? 'unknown'
          log.debug(`lease ${name}: held by ${by}; not run by ${holder}`)
          return { ran: false, holder: by }
        }
      }
    },
    async releaseAll(): Promise<void> {
      await Promise.all(
        [...held.values()].map((l) => (l instanceof HeldLease ? l.release() : Promise.resolve(false))),
      )
    },
  }
}

class HeldLease implements Lease {
  #expiresAt: Date
  #lost = false
  #released = false
  readonly #abort = new AbortController()
  #renewTimer: NodeJS.Timeout | undefined
  #deadlineTimer: NodeJS.Timeout | undefined
  #renewing: Promise<boolean> | undefined

  constructor(
    private readonly db: Kysely<MetaDb>,
    private readonly log: LeaseLogger,
    readonly name: string,
    readonly holder: string,
    readonly generation: number,
    readonly ttlMs: number,
    expiresAt: Date,
    /** performance.now() when the acquiring statement was sent. */
    sentAt: number,
    private readonly onReleased: () => void,
  ) {
    this.#expiresAt = expiresAt
    this.#armDeadline(sentAt)
    this.#renewTimer = setInterval(() => void this.renew(), Math.max(1, Math.floor(ttlMs / 3)))
    this.#renewTimer.unref()
  }

  get expiresAt(): Date {
    return this.#expiresAt
  }
  get lost(): boolean {
    return this.#lost
  }
  get signal(): AbortSignal {
    return this.#abort.signal
  }

  renew(): Promise<boolean> {
    if (this.#lost || this.#released) return Promise.resolve(false)
    this.#renewing ??= this.#renewOnce().finally(() => {
      this.#renewing = undefined
    })
    return this.#renewing
  }

  async #renewOnce(): Promise<boolean> {
    const sent = performance.now()
    try {
      const row = await this.db
        .updateTable('leases')
        .set({ expires_at: expiryAfter(this.ttlMs) })
        .where((eb) => eb.and(this.#key()))
        .returning('expires_at')
        .executeTakeFirst()
      if (this.#lost) return false
      if (!row) {
        this.#markLost('taken over by another holder, or removed')
        return false
      }
      this.#expiresAt = row.expires_at
      this.#armDeadline(sent)
      return true
    } catch (err) {
      if (!this.#lost)
        this.log.warn(`lease ${this.name}: renewal failed (${message(err)}); retrying until its ttl passes`)
      return false
    }
  }

  async release(): Promise<boolean> {
    if (this.#released) return false
    this.#released = true
    this.#stopTimers()
    await this.#renewing
    try {
      // Also when lost: the row may still be this holding (e.g. the database was only slow).
      // greatest(): a database clock stepped back must not break expires_at >= acquired_at.
      const r = await this.db
        .updateTable('leases')
        .set({ expires_at: sql<Date>`greatest(now(), acquired_at)` })
        .where((eb) => eb.and(this.#key()))
        .where('expires_at', '>', sql<Date>`now()`)
        .executeTakeFirst()
      return r.numUpdatedRows > 0n
    } catch (err) {
      this.log.warn(`lease ${this.name}: release failed (${message(err)}); it expires in ${this.ttlMs} ms`)
      return false
    } finally {
      this.onReleased()
    }
  }

  /** This holding's row: same name, holder and generation. */
  #key() {
    return { name: this.name, holder: this.holder, generation: this.generation }
  }

  /** Lost unless renewed within ttl of `sentAt` (the database's expiry is never earlier). */
  #armDeadline(sentAt: number): void {
    clearTimeout(this.#deadlineTimer)
    const left = sentAt + this.ttlMs - performance.now()
    const reason = `not renewed within its ttl of ${this.ttlMs} ms`
    if (left <= 0) {
      this.#markLost(reason)
      return
    }
    this.#deadlineTimer = setTimeout(() => this.#markLost(reason), left)
    this.#deadlineTimer.unref()
  }

  #markLost(reason: string): void {
    if (this.#lost || this.#released) return
    this.#lost = true
    this.#stopTimers()
    this.log.warn(`lease ${this.name} (${this.holder}) lost: ${reason}; another instance may take over`)
    this.#abort.abort(new LeaseLostError(this.name, reason))
  }

  #stopTimers(): void {
    clearInterval(this.#renewTimer)
    clearTimeout(this.#deadlineTimer)
  }
}
