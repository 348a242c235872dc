/**
 * In-memory results, keyed by the normalised query and the security context. Bounded by
 * entries and by estimated bytes (least recently used out), time-limited (expired entries
 * are swept, not kept until their key is asked for again); invalidate() empties it after
 * a load.
 */
export interface ResultCacheOptions<T> {
  // A scorecard scope takes up to 9 entries and an indicator detail 4, so 500 held only
  // ~55 scopes: 50 concurrent users on different years, towns and departments (the load
  // test, ~900 distinct queries) evicted entries before their reuse and most requests
  // recompiled and re-ran their queries (p95 1.2 s → 0.3 s at scale 1 with room for all).
  maxEntries?: number
  /** Upper bound of the summed sizeOf of all entries; one entry may take at most a quarter. */
  maxBytes?: number
  sizeOf?: (value: T) => number
}

interface Entry<T> {
  value: T
  expiresAt: number
  bytes: number
}

const SWEEP_EVERY_MS = 30_000

export class ResultCache<T> {
  private readonly entries = new Map<string, Entry<T>>()
  private readonly maxEntries: number
  private readonly maxBytes: number
  private readonly sizeOf: (value: T) => number
  private totalBytes = 0
  private lastSweep = Date.now()

  constructor(
    private readonly ttlMs: number,
    options: ResultCacheOptions<T> = {},
  ) {
    this.maxEntries = options.maxEntries ?? 5000
    this.maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY
    this.sizeOf = options.sizeOf ?? (() => 0)
  }

  get(key: string): T | undefined {
    this.sweepExpired()
    const entry = this.entries.get(key)
    if (!entry) return undefined
    this.remove(key, entry)
    if (entry.expiresAt <= Date.now()) return undefined
    // Re-inserting keeps Map order = recency order.
    this.add(key, entry)
    return entry.value
  }

  set(key: string, value: T): void {
    if (this.ttlMs <= 0) return
    const bytes = this.sizeOf(value)
    const old = this.entries.get(key)
    if (old) this.remove(key, old)
    if (bytes > this.maxBytes / 4) return
    this.add(key, { value, expiresAt: Date.now() + this.ttlMs, bytes })
    this.sweepExpired()
    for (const [oldest, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.totalBytes <= this.maxBytes) break
      this.remove(oldest, entry)
    }
  }

  clear(): void {
    this.entries.clear()
    this.totalBytes = 0
  }

  get size(): number {
    return this.entries.size
  }

  /** Estimated bytes held. */
  get bytes(): number {
    return this.totalBytes
  }

  private add(key: string, entry: Entry<T>): void {
    this.entries.set(key, entry)
    this.totalBytes += entry.bytes
  }

  private remove(key: string, entry: Entry<T>): void {
    this.entries.delete(key)
    this.totalBytes -= entry.bytes
  }

  private sweepExpired(now = Date.now()): void {
    if (now - this.lastSweep < SWEEP_EVERY_MS) return
    this.lastSweep = now
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.remove(key, entry)
  }
}
