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
  error?: string
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * Runs sources on their cron schedules. A source never overlaps itself (a tick that
 * finds it still running is skipped), fetch failures are retried with exponential
 * backoff, and each source's failure is contained: the others keep their schedule.
 */
export class SourceScheduler {
  private readonly running = new Set<string>()
  private readonly tasks: ScheduledTask[] = []
  constructor(
    private readonly wh: Warehouse,
    private readonly sources: Source[],
    private readonly onRun: (s: SourceRunSummary) => void = () => {},
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
      }
      log.warn(`source ${name}: previous run still going, tick skipped`)
      return skipped
    }
    this.running.add(name)
    try {
      const summary = await this.runWithRetries(source)
      this.onRun(summary)
      return summary
    } finally {
      this.running.delete(name)
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
        return { source: source.name, ok: true, attempts: attempt, loaded: r.accepted }
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
