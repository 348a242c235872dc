import { SemanticLayerError } from './errors'

/**
 * Which queue a query waits in. `interactive`: scorecard, indicator detail, rankings and
 * reports, small queries mostly served by rollups. `explore`: analysts' ad-hoc queries,
 * which may scan source tables for seconds. The lanes never share a slot, so a flood of
 * explore queries cannot hold the slots the scorecard needs.
 */
export type Lane = 'interactive' | 'explore'

export interface LaneLimits {
  /** Queries of this lane running at once, all users together. */
  capacity: number
  /** Queries of this lane one user may have running at once. */
  perUser: number
  /** Queries of this lane one user may have waiting; more are refused (429). */
  waitingPerUser: number
}

/** Queue key of the application's own queries; user names are never empty. */
const SYSTEM = ''

interface Waiter {
  start: () => void
}

class LaneQueue {
  private running = 0
  private readonly runningByUser = new Map<string, number>()
  /** Users with waiting queries, each with their queue in arrival order. */
  private readonly waiting = new Map<string, Waiter[]>()
  /** When each user last started a query (a sequence number), while they have any. */
  private readonly lastStart = new Map<string, number>()
  private starts = 0

  constructor(private readonly limits: LaneLimits) {}

  /** `user` undefined: the application itself (start-up, CLI), which is never refused for waiting. */
  async run<T>(who: string | undefined, fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    signal?.throwIfAborted()
    const user = who ?? SYSTEM
    if (!this.canStart(user)) await this.wait(user, who === undefined, signal)
    else this.take(user)
    try {
      return await fn()
    } finally {
      this.release(user)
    }
  }

  private canStart(user: string): boolean {
    return (
      this.running < this.limits.capacity &&
      (this.runningByUser.get(user) ?? 0) < this.limits.perUser &&
      !this.waiting.has(user)
    )
  }

  private take(user: string): void {
    this.lastStart.set(user, ++this.starts)
    this.running++
    this.runningByUser.set(user, (this.runningByUser.get(user) ?? 0) + 1)
  }

  private release(user: string): void {
    this.running--
    const n = (this.runningByUser.get(user) ?? 1) - 1
    if (n > 0) this.runningByUser.set(user, n)
    else this.runningByUser.delete(user)
    if (n <= 0 && !this.waiting.has(user)) this.lastStart.delete(user)
    this.dispatch()
  }

  private wait(user: string, unbounded: boolean, signal?: AbortSignal): Promise<void> {
    const queue = this.waiting.get(user) ?? []
    if (!unbounded && queue.length >= this.limits.waitingPerUser) {
      return Promise.reject(
        new SemanticLayerError(
          '您同时提交的查询过多，请等前面的查询完成后再试 / too many queries waiting for you; retry when earlier ones finish',
          429,
        ),
      )
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const list = this.waiting.get(user)
        const i = list?.indexOf(waiter) ?? -1
        if (list && i >= 0) list.splice(i, 1)
        if (list?.length === 0) this.waiting.delete(user)
        if (!this.waiting.has(user) && !this.runningByUser.has(user)) this.lastStart.delete(user)
        reject(signal?.reason ?? new Error('aborted'))
      }
      const waiter: Waiter = {
        start: () => {
          signal?.removeEventListener('abort', onAbort)
          this.take(user)
          resolve()
        },
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      queue.push(waiter)
      this.waiting.set(user, queue)
    })
  }

  /**
   * Starts waiting queries while there is room. Next is the user with the fewest queries
   * running, then the one who started a query longest ago: a user who floods the lane
   * waits behind everyone else's next query.
   */
  private dispatch(): void {
    while (this.running < this.limits.capacity) {
      let next: string | undefined
      let best: [number, number] = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY]
      for (const user of this.waiting.keys()) {
        const running = this.runningByUser.get(user) ?? 0
        if (running >= this.limits.perUser) continue
        const rank: [number, number] = [running, this.lastStart.get(user) ?? 0]
        if (rank[0] < best[0] || (rank[0] === best[0] && rank[1] < best[1])) {
          best = rank
          next = user
        }
      }
      if (next === undefined) return
      const queue = this.waiting.get(next)!
      const waiter = queue.shift()!
      if (!queue.length) this.waiting.delete(next)
      waiter.start()
    }
  }

  stats(): { running: number; waiting: number } {
    let waiting = 0
    for (const q of this.waiting.values()) waiting += q.length
    return { running: this.running, waiting }
  }
}

/**
 * Fair admission of uncached queries: each lane has its own slots, each user a bounded
 * share of them and a bounded queue of their own, and waiting users are served in turn,
 * so neither one analyst nor one department account can starve the others.
 */
export class QueryGate {
  private readonly lanes: Record<Lane, LaneQueue>

  constructor(limits: Record<Lane, LaneLimits>) {
    this.lanes = { interactive: new LaneQueue(limits.interactive), explore: new LaneQueue(limits.explore) }
  }

  run<T>(lane: Lane, user: string | undefined, fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.lanes[lane].run(user, fn, signal)
  }

  stats(): Record<Lane, { running: number; waiting: number }> {
    return { interactive: this.lanes.interactive.stats(), explore: this.lanes.explore.stats() }
  }
}
