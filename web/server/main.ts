import http from 'node:http'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadCatalog } from '../../indicators/catalog'
import { createSemanticLayer } from '../../semantic-layer/engine'
import { errorDetail, isWarehouseUnreachable, unreachableMessage } from '../../warehouse/availability'
import { openWarehouse } from '../../warehouse/client'
import { ConfigError, loadConfig } from '../../warehouse/config'
import { log, setLogLevel } from '../../warehouse/log'
import { migrate } from '../../warehouse/migrate'
import { ensureDemoAccounts, ensureFirstAdmin } from './auth/seed'
import { SessionStore } from './auth/sessions.store'
import { LoginThrottle } from './auth/throttle'
import { Bootstrap } from './bootstrap'
import { createRequestHandler } from './http'
import type { AppDeps } from './trpc'

const CLIENT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/client')

async function main(): Promise<void> {
  const config = loadConfig()
  setLogLevel(config.logLevel)
  const wh = openWarehouse(config.warehouse)
  const setUpWarehouse = async () => {
    const { version } = await migrate(wh, { log: (m) => log.info(m) })
    log.info('warehouse ready', { mode: config.warehouse.mode, migration: version })
    await ensureFirstAdmin(wh, config, (m) => console.log(m))
  }
  // A ClickHouse server that is down at start is waited for in the background (Bootstrap
  // retries this), so the app still serves /healthz saying why it is not ready. Anything
  // else, and any failure of the embedded engine, stops start-up as before.
  let pendingSetUp: (() => Promise<void>) | undefined
  try {
    await setUpWarehouse()
  } catch (err) {
    if (config.warehouse.mode !== 'server' || !isWarehouseUnreachable(err)) throw err
    log.warn(
      `${unreachableMessage(config.warehouse)}: ${errorDetail(err, config.warehouse)}; 启动后自动重试 (starting anyway, retrying in the background)`,
    )
    pendingSetUp = setUpWarehouse
  }

  const semantic = createSemanticLayer({ warehouse: config.warehouse })
  const afterLoad = async () => {
    semantic.invalidate()
    await semantic
      .refreshPreAggregations()
      .catch((err) => log.warn(`pre-aggregation refresh failed: ${(err as Error).message}`))
  }
  const bootstrap = new Bootstrap(wh, config, async () => {
    await afterLoad()
    const departments = await semantic.load(
      { dimensions: ['department_kpis.dept_code', 'department_kpis.dept_name'], limit: 1000 },
      { role: 'admin' },
    )
    await ensureDemoAccounts(
      wh,
      config,
      departments.data.map((d) => ({
        code: String(d['department_kpis.dept_code']),
        name: String(d['department_kpis.dept_name']),
      })),
      (m) => console.log(m),
    )
  })
  const deps: AppDeps = {
    wh,
    semantic,
    sessions: new SessionStore(wh, config.sessionTtlHours * 3600_000),
    throttle: new LoginThrottle(),
    catalog: loadCatalog(),
    config,
    afterLoad,
    runSource: (name) => bootstrap.scheduler?.runNow(name) ?? Promise.reject(new Error('no sources')),
    sourceNames: () => bootstrap.sourceNames(),
  }
  const server = http.createServer(
    createRequestHandler({ deps, bootstrap: bootstrap.status, clientDir: CLIENT_DIR }),
  )
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve))
  const addr = server.address()
  const port = typeof addr === 'object' && addr ? addr.port : config.port
  const shownHost = config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host
  console.log(`Plan Scorecard 已启动: http://${shownHost}:${port}/`)
  const bootstrapDone = bootstrap.run(pendingSetUp)

  let stopping = false
  const shutdown = async (signal: string) => {
    if (stopping) return
    stopping = true
    log.info(`${signal}: shutting down`)
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
    await bootstrap.stop()
    // A load still running is abandoned, not closed under the engine's feet (that would
    // abort it); the next start recovers its run and nothing of it is visible.
    const settled = await Promise.race([
      bootstrapDone.then(() => true),
      new Promise((r) => setTimeout(() => r(false), 100)),
    ])
    if (settled) {
      await semantic.close()
      await wh.close()
    }
    log.info('stopped')
    process.exit(0)
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  process.on('SIGINT', () => void shutdown('SIGINT'))
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err)
  process.exit(1)
})
