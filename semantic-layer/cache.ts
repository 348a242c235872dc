/**
 * In-memory results, keyed by the normalised query and the security context. Bounded
 * (least recently used out) and time-limited; invalidate() empties it after a load.
 */
export class ResultCache<T> {
  private readonly entries = new Map<string, { value: T; expiresAt: number }>()

  constructor(
    private readonly ttlMs: number,
    // A scorecard scope takes up to 9 entries and an indicator detail 4, so 500 held only
    // ~55 scopes: 50 concurrent users on different years, towns and departments (the load
    // test, ~900 distinct queries) evicted entries before their reuse and most requests
    // recompiled and re-ran their queries (p95 1.2 s → 0.3 s at scale 1 with room for all).
    // Entries are small (~3 kB of rows and annotation as JSON), so 5000 stays in tens of MB.
    private readonly maxEntries = 5000,
  ) {}

  get(key: string): T | undefined {
    const entry = this.entries.get(key)
    if (!entry) return undefined
    this.entries.delete(key)
    if (entry.expiresAt <= Date.now()) return undefined
    // Re-inserting keeps Map order = recency order.
    this.entries.set(key, entry)
    return entry.value
  }

  set(key: string, value: T): void {
    if (this.ttlMs <= 0) return
    this.entries.delete(key)
    this.entries.set(key, { value, expiresAt: Date.now() + this.ttlMs })
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value
      if (oldest === undefined) break
      this.entries.delete(oldest)
    }
  }

  clear(): void {
    this.entries.clear()
  }

  get size(): number {
    return this.entries.size
  }
}
