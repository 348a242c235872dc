import { throttleAddress } from './client-address'

/**
 * Sign-in and password-check throttling (issue 11).
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
} satisfies Record<string, ThrottleRule>
type Rules = typeof DEFAULT_RULES

/** Wait after `count` counted attempts (0 while within the allowance). */
export function backoffMs(rule: ThrottleRule, count: number): number {
  if (count < rule.free) return 0
  return Math.min(rule.maxMs, rule.baseMs * 2 ** Math.min(count - rule.free, 40))
}

interface Entry {
  rule: ThrottleRule
  count: number
  lastAt: number
}

/** One reserved attempt: report how it ended exactly once. */
export interface Attempt {
  ok: true
  /** Right password: refund the reservation, clear (user, address), remember the address. */
  succeed(now?: number): void
  /** Wrong password: the reservation stays counted; the back-off runs from now. */
  fail(now?: number): void
  /** Could not check (e.g. warehouse down): refund without clearing anything. */
  release(): void
}
export interface Refusal {
  ok: false
  retryAfterSeconds: number
}

export interface ThrottleOptions {
  rules?: Partial<Rules>
  /** Upper bound on remembered keys (and on remembered owner addresses). */
  maxEntries?: number
  /** How long a successful sign-in makes an address "usual" for that user. */
  knownForMs?: number
}

export class LoginThrottle {
  private readonly entries = new Map<string, Entry>()
  private readonly known = new Map<string, number>()
  private readonly rules: Rules
  private readonly maxEntries: number
  private readonly knownForMs: number
  private ops = 0

  constructor(opts: ThrottleOptions = {}) {
    this.rules = { ...DEFAULT_RULES, ...opts.rules }
    this.maxEntries = opts.maxEntries ?? 50_000
    this.knownForMs = opts.knownForMs ?? 30 * 24 * 60 * MINUTE
  }

  get size(): number {
    return this.entries.size
  }

  /** Reserves one attempt by `username` from `address`, or says how long to wait. */
  begin(username: string, address: string, now = Date.now()): Attempt | Refusal {
    const user = username.trim().toLowerCase()
    const addr = throttleAddress(address)
    const known = this.isKnown(user, addr, now)
    const keys: Array<[string, ThrottleRule]> = [
      [`a:${user}\n${addr}`, this.rules.account],
      [`i:${addr}`, this.rules.address],
    ]
    if (!known) keys.push([`u:${user}`, this.rules.user])
    let waitMs = 0
    for (const [key, rule] of keys) {
      const e = this.live(key, now)
      if (e) waitMs = Math.max(waitMs, e.lastAt + backoffMs(rule, e.count) - now)
    }
    if (waitMs > 0) return { ok: false, retryAfterSeconds: Math.ceil(waitMs / 1000) }
    if (++this.ops % 1000 === 0 || this.entries.size >= this.maxEntries) this.sweep(now)
    for (const [key, rule] of keys) {
      const e = this.live(key, now) ?? { rule, count: 0, lastAt: now }
      e.count++
      e.lastAt = now
      this.entries.delete(key) // re-inserted last: the map stays ordered by last use
      this.entries.set(key, e)
    }
    let settled = false
    const settle = (refund: boolean, clear: boolean, at: number) => {
      if (settled) return
      settled = true
      for (const [key] of keys) {
        const e = this.entries.get(key)
        if (!e) continue
        if (refund) e.count = Math.max(0, e.count - 1)
        // A slow check (parallel attempts) does not eat into the wait that follows it.
        else e.lastAt = Math.max(e.lastAt, at)
        if (e.count === 0 || (clear && key.startsWith('a:'))) this.entries.delete(key)
      }
    }
    return {
      ok: true,
      succeed: (at = Date.now()) => {
        settle(true, true, at)
        this.remember(user, addr, at)
      },
      fail: (at = Date.now()) => settle(false, false, at),
      release: () => settle(true, false, now),
    }
  }

  /** Drops forgotten keys; if still over the bound, the least recently used ones. */
  sweep(now = Date.now()): void {
    for (const [key, e] of this.entries) if (this.expired(e, now)) this.entries.delete(key)
    for (const [key, at] of this.known) if (now - at > this.knownForMs) this.known.delete(key)
    trim(this.entries, this.maxEntries - Math.ceil(this.maxEntries / 10))
    trim(this.known, this.maxEntries)
  }

  private expired(e: Entry, now: number): boolean {
    return now > e.lastAt + backoffMs(e.rule, e.count) + e.rule.forgetMs
  }

  private live(key: string, now: number): Entry | undefined {
    const e = this.entries.get(key)
    if (e && this.expired(e, now)) {
      this.entries.delete(key)
      return undefined
    }
    return e
  }

  private isKnown(user: string, addr: string, now: number): boolean {
    const at = this.known.get(`${user}\n${addr}`)
    return at !== undefined && now - at <= this.knownForMs
  }

  private remember(user: string, addr: string, now: number): void {
    const key = `${user}\n${addr}`
    this.known.delete(key)
    this.known.set(key, now)
    if (this.known.size > this.maxEntries) trim(this.known, this.maxEntries)
  }
}

/** Deletes the oldest keys (insertion order) until at most `size` remain. */
function trim(map: Map<string, unknown>, size: number): void {
  for (const key of map.keys()) {
    if (map.size <= size) return
    map.delete(key)
  }
}
