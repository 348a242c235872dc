import { loadDefaultCalendarIfEmpty } from '../etl/calendar/default-calendar'
import { isWarehouseEmpty, loadDemoData } from '../etl/demo-bootstrap'
import { loadSourcesConfig, type Source } from '../etl/sources/config'
import { SourceScheduler } from '../etl/sources/scheduler'
import { errorDetail, isWarehouseUnreachable, OutageLog, unreachableMessage } from '../warehouse/availability'
import type { Warehouse } from '../warehouse/client'
import { log } from '../warehouse/log'
import type { AppConfig } from './config'
import type { EtlExclusive } from './etl-worker'

export interface BootstrapState {
  state: 'starting' | 'waiting_warehouse' | 'loading_demo' | 'ready' | 'failed'
  message: string
}

/** Pause between attempts while a ClickHouse server cannot be reached: 1 s, doubling to 10 s. */
const RETRY_FIRST_MS = 1000
const RETRY_MAX_MS = 10_000

/**
 * Work that follows start-up without delaying it: recover interrupted loads, load the
 * demo district into an empty warehouse, then start the scheduled sources. In server mode
 * a ClickHouse that cannot be reached is waited for (with backoff) instead of failing.
 * Loads run as the ETL worker (`exclusive`: one instance at a time, recovery first); when
 * another instance is the worker at start-up, it does the demo load, not this one.
 */
export class Bootstrap {
  readonly status: BootstrapState = { state: 'starting', message: '启动中 (starting)' }
  scheduler: SourceScheduler | undefined
  private sources: Source[] = []
  private stopping = false
  private wake: (() => void) | undefined

  constructor(
    private readonly wh: Warehouse,
    private readonly config: AppConfig,
    private readonly exclusive: EtlExclusive,
    /** After loads: `datasets` changed (unset: anything may have). */
    private readonly afterLoad: (datasets?: readonly string[]) => Promise<void> = async () => {},
    /**
     * With demo data (`DEMO_DATA=auto`), after the demo load: e.g. publish the demo district's
     * latest closed-year ranking. Runs on every start and must be idempotent; a failure is
     * logged and does not stop start-up.
     */
    private readonly onDemoReady?: () => Promise<void>,
  ) {}

  /** `prepare` (migrations, first admin) runs first, for when start-up could not do it. */
  async run(prepare?: () => Promise<void>): Promise<void> {
    let pending = prepare
    const outage = new OutageLog('启动工作等待数据仓库 (start-up work waits for the warehouse)')
    for (let attempt = 0; !this.stopping; attempt++) {
      try {
        if (pending) {
          await pending()
          pending = undefined
        }
        await this.work()
        outage.recovered('数据仓库已连接，启动工作完成 (warehouse reachable; start-up work done)')
        this.set('ready', '就绪 (ready)')
        return
      } catch (err) {
        if (this.stopping) return
        const waitable = this.config.warehouse.mode === 'server' && isWarehouseUnreachable(err)
        if (!waitable) {
          log.error(`start-up work failed: ${(err as Error).message}`)
          this.set('failed', (err as Error).message)
          return
        }
        const delay = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** attempt)
        this.set('waiting_warehouse', `${unreachableMessage(this.config.warehouse)}，自动重试中 (retrying)`)
        outage.failed(`${errorDetail(err, this.config.warehouse)}; next attempt in ${delay / 1000} s`)
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay)
          this.wake = () => {
            clearTimeout(timer)
            resolve()
          }
        })
      }
    }
  }

  private async work(): Promise<void> {
    const ran = await this.exclusive(async () => {
      await this.loadDemoIfEmpty()
      await this.loadCalendarIfEmpty()
    })
    if (!ran) log.info('another instance is loading data; start-up recovery and demo data are left to it')
    if (ran && this.onDemoReady && this.config.etl.demoData === 'auto') {
      await this.onDemoReady().catch((err) => {
        if (isWarehouseUnreachable(err)) throw err
        log.warn(`演示数据的后续步骤失败 (demo follow-up failed): ${(err as Error).message}`)
      })
    }
    const file = this.config.etl.sourcesFile
    if (file) {
      const sources = loadSourcesConfig(file)
      this.sources = sources
      this.scheduler = new SourceScheduler(
        this.wh,
        sources,
        async (s) => {
          if (s.loaded > 0) await this.afterLoad(s.datasets)
        },
        { exclusive: (_key, run) => this.exclusive(run) },
      )
      this.scheduler.start()
      log.info(`scheduled ${sources.filter((s) => s.enabled).length} source(s) from ${file}`)
    }
  }

  private async loadDemoIfEmpty(): Promise<void> {
    if (this.config.etl.demoData === 'auto' && (await isWarehouseEmpty(this.wh))) {
      this.set('loading_demo', '正在生成并加载演示数据 (loading demo data)')
      const started = Date.now()
      await loadDemoData(this.wh, {
        dataDir: this.config.warehouse.dataDir,
        scale: this.config.etl.demoScale,
        log: (m) => {
          log.info(m)
          this.status.message = m
        },
      })
      await this.afterLoad()
      log.info(`演示数据已就绪 (demo data ready in ${((Date.now() - started) / 1000).toFixed(0)} s)`)
    }
  }

  /**
   * The shipped working-day calendar, into a warehouse whose calendar is empty (with or
   * without demo data; the demo district brings its own copy). After the demo load: an
   * empty warehouse is what tells the demo load to run.
   */
  private async loadCalendarIfEmpty(): Promise<void> {
    const r = await loadDefaultCalendarIfEmpty(this.wh)
    if (!r) return
    log.info(`已加载默认工作日历 (default working-day calendar loaded: ${r.accepted} days)`)
    await this.afterLoad()
  }

  sourceNames(): string[] {
    return this.sources.map((s) => s.name)
  }

  /** The configured sources (empty until start-up work read the sources file). */
  sourceList(): readonly Source[] {
    return this.sources
  }

  async stop(): Promise<void> {
    this.stopping = true
    this.wake?.()
    await this.scheduler?.stop()
  }

  private set(state: BootstrapState['state'], message: string): void {
    this.status.state = state
    this.status.message = message
  }
}
