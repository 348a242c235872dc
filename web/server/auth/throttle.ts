/**
 * Sign-in throttling: after `limit` failures for the same account or the same address
 * within `windowMs`, further attempts are refused until the window has passed.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>()
  constructor(
    private readonly limit = 5,
    private readonly windowMs = 15 * 60_000,
  ) {}

  private recent(key: string, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs)
    if (list.length) this.failures.set(key, list)
    else this.failures.delete(key)
    return list
  }

  /** Seconds to wait, or 0 when an attempt is allowed. */
  retryAfter(keys: string[], now = Date.now()): number {
    let wait = 0
    for (const k of keys) {
      const list = this.recent(k, now)
      if (list.length >= this.limit) wait = Math.max(wait, Math.ceil((list[0]! + this.windowMs - now) / 1000))
    }
    return wait
  }

  fail(keys: string[], now = Date.now()): void {
    for (const k of keys) this.failures.set(k, [...this.recent(k, now), now])
  }

  succeed(keys: string[]): void {
    for (const k of keys) this.failures.delete(k)
  }
}
