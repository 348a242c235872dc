import { isWarehouseEmpty, loadDemoData } from '../../etl/demo-bootstrap'
import { recoverInterruptedRuns } from '../../etl/load/recover'
import { loadSourcesConfig, type Source } from '../../etl/sources/config'
import { SourceScheduler } from '../../etl/sources/scheduler'
import type { Warehouse } from '../../warehouse/client'
import type { AppConfig } from '../../warehouse/config'
import { log } from '../../warehouse/log'

export interface BootstrapState {
  state: 'starting' | 'loading_demo' | 'ready' | 'failed'
  message: string
}

/**
 * Work that follows start-up without delaying it: recover interrupted loads, load the
 * demo district into an empty warehouse, then start the scheduled sources.
 */
export class Bootstrap {
  readonly status: BootstrapState = { state: 'starting', message: '启动中 (starting)' }
  scheduler: SourceScheduler | undefined
  private sources: Source[] = []

  constructor(
    private readonly wh: Warehouse,
    private readonly config: AppConfig,
    private readonly afterLoad: () => Promise<void> = async () => {},
  ) {}

  async run(): Promise<void> {
    try {
      const recovered = await recoverInterruptedRuns(this.wh)
      if (recovered) log.warn(`recovered ${recovered} interrupted load run(s)`)
      if (this.config.env.DEMO_DATA === 'auto' && (await isWarehouseEmpty(this.wh))) {
        this.set('loading_demo', '正在生成并加载演示数据 (loading demo data)')
        const started = Date.now()
        await loadDemoData(this.wh, {
          dataDir: this.config.warehouse.dataDir,
          scale: this.config.env.DEMO_SCALE,
          log: (m) => {
            log.info(m)
            this.status.message = m
          },
        })
        await this.afterLoad()
        log.info(`演示数据已就绪 (demo data ready in ${((Date.now() - started) / 1000).toFixed(0)} s)`)
      }
      const file = this.config.env.SOURCES_FILE
      if (file) {
        const sources = loadSourcesConfig(file)
        this.sources = sources
        this.scheduler = new SourceScheduler(this.wh, sources, (s) => {
          if (s.loaded > 0) void this.afterLoad()
        })
        this.scheduler.start()
        log.info(`scheduled ${sources.filter((s) => s.enabled).length} source(s) from ${file}`)
      }
      this.set('ready', '就绪 (ready)')
    } catch (err) {
      log.error(`start-up work failed: ${(err as Error).message}`)
      this.set('failed', (err as Error).message)
    }
  }

  sourceNames(): string[] {
    return this.sources.map((s) => s.name)
  }

  async stop(): Promise<void> {
    await this.scheduler?.stop()
  }

  private set(state: BootstrapState['state'], message: string): void {
    this.status.state = state
    this.status.message = message
  }
}
