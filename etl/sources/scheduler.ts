import cron, { type ScheduledTask } from 'node-cron'
import { isWarehouseUnreachable } from '../../warehouse/availability'
import type { Warehouse } from '../../warehouse/client'
import { log } from '../../warehouse/log'
import type { Source } from './config'
import { runFolderSource } from './folder'
import { recordFetchFailure, runHttpSource, SourceFetchError } from './http'

export interface SourceRunSummary {
  source: string
  ok: boolean
  attempts: number
  loaded: number
  /** The datasets this run's succeeded loads wrote to (what a follow-up must refresh). */
  datasets?: string[]
  error?: string
  /**
   * Set when the source did not run (`ok` is false, and `onRun` is not called): 'running' —
   * its previous run in this process is still going; 'elsewhere' — another app instance
   * holds its run lease (`exclusive`). Not a failure.
   */
  skipped?: 'running' | 'elsewhere'
}

export interface SourceSchedulerOptions {
  /**
   * Cross-instance exclusion, for several app instances sharing one warehouse: runs `run`
   * only while this instance holds `key` (a lease in the shared metadata store) and resolves
   * true, or resolves false without running it when another instance holds `key`. A
   * rejection before `run` started means nobody knows who holds it: the source does not run
   * (a failed run). Cron ticks and `runNow` (an admin's "run now") both go through it.
   * Unset: a source is exclusive within this process only.
   */
  exclusive?: (key: string, run: () => Promise<void>) => Promise<boolean>
}

/** The `exclusive` key of a source's runs. */
export const sourceLeaseKey = (name: string) => `source:${name}`

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * Runs sources on their cron schedules. A source never overlaps itself (a tick that
 * finds it still running is skipped), fetch failures are retried with exponential
 * backoff, and each source's failure is contained: the others keep their schedule.
 * With `exclusive`, a source also never runs on two app instances at once: a tick whose
 * source runs on another instance is skipped (logged at info the first time in a row, then
 * at debug).
 */
export class SourceScheduler {
  private readonly running = new Set<string>()
  private readonly tasks: ScheduledTask[] = []
  /** Sources whose last tick found them running on another instance (logged once). */
  private readonly elsewhere = new Set<string>()
  constructor(
    private readonly wh: Warehouse,
    private readonly sources: Source[],
    /**
     * After each run that was not skipped. The run counts as finished (`runNow` resolves,
     * `isRunning` turns false) only once this settles: a caller that refreshes caches and
     * rollups here must be done before anyone is told the new data is in.
     */
    private readonly onRun: (s: SourceRunSummary) => void | Promise<void> = () => {},
    private readonly options: SourceSchedulerOptions = {},
  ) {}

  start(): void {
    for (const s of this.sources.filter((x) => x.enabled)) {
      this.tasks.push(
        cron.schedule(s.schedule, () => void this.runNow(s.name), {
          name: s.name,
          noOverlap: true,
          timezone: 'Asia/Shanghai',
        }),
      )
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.tasks.map((t) => t.destroy()))
    this.tasks.length = 0
  }

  isRunning(name: string): boolean {
    return this.running.has(name)
  }

  async runNow(name: string): Promise<SourceRunSummary> {
    const source = this.sources.find((s) => s.name === name)
    if (!source) throw new Error(`未知的数据源 '${name}' (unknown source)`)
    if (this.running.has(name)) {
      const skipped = {
        source: name,
        ok: false,
        attempts: 0,
        loaded: 0,
        error: 'already running; skipped / 上一次运行尚未结束',
        skipped: 'running' as const,
      }
      log.warn(`source ${name}: previous run still going, tick skipped`)
      return skipped
    }
    this.running.add(name)
    try {
      const summary = await this.runExclusive(source)
      if (!summary.skipped) await this.afterRun(summary)
      return summary
    } finally {
      this.running.delete(name)
    }
  }

  private async afterRun(summary: SourceRunSummary): Promise<void> {
    try {
      await this.onRun(summary)
    } catch (err) {
      log.error(`source ${summary.source}: follow-up after the run failed: ${(err as Error).message}`)
    }
  }

  /** Runs the source, through the `exclusive` hook when there is one. */
  private async runExclusive(source: Source): Promise<SourceRunSummary> {
    const exclusive = this.options.exclusive
    if (!exclusive) return this.runWithRetries(source)
    const name = source.name
    const out: { started?: boolean; summary?: SourceRunSummary } = {}
    let ran: boolean
    try {
      ran = await exclusive(sourceLeaseKey(name), async () => {
        out.started = true
        out.summary = await this.runWithRetries(source)
      })
    } catch (err) {
      if (out.started && !out.summary) throw err // the run itself threw, as without the hook
      const message = (err as Error).message
      if (out.summary) {
        // The run happened; only ending its lease failed (the lease then expires by itself).
        log.warn(`source ${name}: run lease error after the run: ${message}`)
        return out.summary
      }
      log.error(`source ${name}: cannot take its run lease, not run: ${message}`)
      return { source: name, ok: false, attempts: 0, loaded: 0, error: `run lease unavailable: ${message}` }
    }
    if (out.summary) {
      this.elsewhere.delete(name)
      return out.summary
    }
    if (ran) {
      log.error(`source ${name}: the exclusive hook reported a run that did not happen`)
      return {
        source: name,
        ok: false,
        attempts: 0,
        loaded: 0,
        error: 'exclusive hook did not run the source',
      }
    }
    const first = !this.elsewhere.has(name)
    this.elsewhere.add(name)
    ;(first ? log.info : log.debug)(`source ${name}: skipped: running on another instance`)
    return {
      source: name,
      ok: false,
      attempts: 0,
      loaded: 0,
      error: 'running on another instance; skipped / 正在其他实例上运行',
      skipped: 'elsewhere',
    }
  }

  private async runWithRetries(source: Source): Promise<SourceRunSummary> {
    let attempt = 0
    for (;;) {
      attempt++
      try {
        if (source.type === 'folder') {
          const results = await runFolderSource(this.wh, source, Date.now(), (m) =>
            log.info(`${source.name}: ${m}`),
          )
          const failed = results.filter((r) => r.status === 'failed')
          return {
            source: source.name,
            ok: failed.length === 0,
            attempts: attempt,
            loaded: results.reduce((n, r) => n + r.accepted, 0),
            datasets: [...new Set(results.filter((r) => r.accepted > 0).map((r) => r.dataset))],
            ...(failed.length ? { error: `${failed.length} file(s) moved to failed/` } : {}),
          }
        }
        const r = await runHttpSource(this.wh, source, (m) => log.info(m))
        if (r.status === 'failed')
          return {
            source: source.name,
            ok: false,
            attempts: attempt,
            loaded: 0,
            error: r.error ?? 'load failed',
          }
        return {
          source: source.name,
          ok: true,
          attempts: attempt,
          loaded: r.accepted,
          datasets: r.accepted > 0 ? [r.dataset] : [],
        }
      } catch (err) {
        const message = (err as Error).message
        // A ClickHouse server that is down or restarting is retried like a flaky source: the
        // file stays in the folder (a load that cannot reach the warehouse throws before moving it).
        const retriable =
          err instanceof SourceFetchError ||
          (err as Error).name === 'TimeoutError' ||
          err instanceof TypeError ||
          isWarehouseUnreachable(err)
        if (!retriable || attempt > source.retries) {
          log.error(`source ${source.name} failed after ${attempt} attempt(s): ${message}`)
          if (source.type === 'http') await recordFetchFailure(this.wh, source, message).catch(() => {})
          return { source: source.name, ok: false, attempts: attempt, loaded: 0, error: message }
        }
        const delay = source.retry_delay_ms * 2 ** (attempt - 1)
        log.warn(`source ${source.name}: attempt ${attempt} failed (${message}); retrying in ${delay} ms`)
        await sleep(delay)
      }
    }
  }
}
