import type http from 'node:http'

/**
 * Requests one caller may have in progress at once. One more is refused at once (429),
 * before any session lookup or body parsing, so a client that loops requests without
 * waiting for answers costs the server almost nothing and cannot crowd out other users.
 */
export class InFlightLimit {
  private readonly counts = new Map<string, number>()

  constructor(private readonly max: number) {}

  /** Takes a slot for `key` until the response closes; false when the caller has none left. */
  enter(key: string, res: http.ServerResponse): boolean {
    const n = this.counts.get(key) ?? 0
    if (n >= this.max) return false
    this.counts.set(key, n + 1)
    res.once('close', () => {
      const left = (this.counts.get(key) ?? 1) - 1
      if (left > 0) this.counts.set(key, left)
      else this.counts.delete(key)
    })
    return true
  }

  get callers(): number {
    return this.counts.size
  }
}
