import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { modelRules } from '../indicators/plan-files'
import { loadPlans } from '../indicators/plans'
import { createLeases } from '../meta/leases'
import { createSemanticLayer } from '../semantic-layer/engine/engine'
import { errorDetail, isWarehouseUnreachable, unreachableMessage } from '../warehouse/availability'
import { openWarehouse } from '../warehouse/client'
import { log, setLogLevel } from '../warehouse/log'
import { seedDemoSubscriptions } from '../web/server/alerts/demo'
import { checkSeedPasswords, ensureDemoAccounts, ensureFirstAdmin } from '../web/server/auth/seed'
import { SessionStore } from '../web/server/auth/sessions.store'
import { LoginThrottle } from '../web/server/auth/throttle'
import { listDepartments } from '../web/server/departments'
import { createServer } from '../web/server/http'
import { forgetResolvedCatalogs } from '../web/server/plan-baselines'
import { publishDemoResults } from '../web/server/scoring/publication.service'
import { seedDemoTasks } from '../web/server/tasks/demo'
import type { AppDeps } from '../web/server/trpc'
import { scheduleAlerts } from './alerts-schedule'
import { Bootstrap } from './bootstrap'
import { ConfigError, loadConfig } from './config'
import { etlDataStatus } from './data-status'
import { etlWorker } from './etl-worker'
import { csrfSecret, migrateWarehouse, openMeta } from './stores'

/** The built client (`npm run build`), unless CLIENT_DIR says otherwise. */
const DEFAULT_CLIENT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/client')

// What the app writes (DATA_DIR, its files, the warehouse) is for this user only: 0700/0600.
process.umask(0o077)

/** Set once the server listens: from then on nothing that escapes ends the process. */
let started = false
const onEscaped = (kind: string) => (err: unknown) => {
  const detail = err instanceof Error ? (err.stack ?? err.message) : String(err)
  log.error(`${kind}${started ? '' : ' during start-up'}`, { error: detail.slice(0, 2000) })
  if (!started) process.exit(1)
}
process.on('unhandledRejection', onEscaped('unhandled rejection'))
process.on('uncaughtException', onEscaped('uncaught exception'))

/** A DATA_DIR made before the umask (or by hand) is closed to other users too; best effort. */
function restrictDataDir(dir: string): void {
  try {
    if (fs.existsSync(dir)) fs.chmodSync(dir, 0o700)
  } catch (err) {
    log.warn(`无法将数据目录设为仅本用户可访问 (chmod 700 ${dir} failed: ${(err as Error).message})`)
  }
}

async function main(): Promise<void> {
  const config = loadConfig()
  // A weak ADMIN_PASSWORD/DEMO_PASSWORD stops start-up before anything is touched.
  checkSeedPasswords(config)
  setLogLevel(config.logLevel)
  restrictDataDir(config.warehouse.dataDir)
  // Application state first: sign-in works as soon as the server listens.
  const meta = await openMeta(config)
  const wh = openWarehouse(config.warehouse)
  const setUpWarehouse = async () => {
    const { version } = await migrateWarehouse(wh, meta)
    log.info('warehouse ready', { mode: config.warehouse.mode, migration: version })
    // After the upgrade (an older version's accounts are in the store by now).
    await ensureFirstAdmin(meta.db, config, (m) => console.log(m), config.etl.demoData === 'auto')
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

  const plans = loadPlans(config.plans.roots)
  // One model serves every plan: plans that disagree on a rule (plan.yml) stop start-up here.
  const semantic = createSemanticLayer({
    warehouse: config.warehouse,
    limits: config.limits,
    planRules: modelRules(plans.plans, config.plans.roots.join(path.delimiter)),
  })
  const afterLoad = async (datasets?: readonly string[]) => {
    semantic.invalidate()
    // Carried-over baselines are the data's: resolve them again from the new data.
    forgetResolvedCatalogs(meta.db)
    await semantic
      .refreshPreAggregations(datasets ? { datasets } : undefined)
      .catch((err) => log.warn(`pre-aggregation refresh failed: ${(err as Error).message}`))
  }
  const leases = createLeases(meta.db)
  const bootstrap = new Bootstrap(
    wh,
    config,
    etlWorker(leases, wh),
    async (datasets) => {
      await afterLoad(datasets)
      await ensureDemoAccounts(meta.db, config, await listDepartments(semantic, { role: 'admin' }), (m) =>
        console.log(m),
      )
    },
    async () => {
      // Task history first: a scheme may score task completion in the ranking published next.
      await seedDemoTasks(deps, (m) => log.info(m))
      await publishDemoResults(deps, (m) => log.info(m))
      await seedDemoSubscriptions(meta.db, (m) => log.info(m))
    },
  )
  const deps: AppDeps = {
    wh,
    meta: meta.db,
    semantic,
    sessions: new SessionStore(meta.db, config.sessionTtlHours * 3600_000),
    throttle: new LoginThrottle(meta.db),
    plans,
    config,
    data: etlDataStatus(wh, {
      list: () => bootstrap.sourceList(),
      isRunning: (name) => bootstrap.scheduler?.isRunning(name) ?? false,
    }),
    afterLoad,
    runSource: (name) => bootstrap.scheduler?.runNow(name) ?? Promise.reject(new Error('no sources')),
    sourceNames: () => bootstrap.sourceNames(),
  }
  const server = createServer({
    deps,
    bootstrap: bootstrap.status,
    clientDir: path.resolve(config.clientDir ?? DEFAULT_CLIENT_DIR),
    csrfSecret: await csrfSecret(meta, config.warehouse.dataDir),
  })
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve))
  const addr = server.address()
  const port = typeof addr === 'object' && addr ? addr.port : config.port
  const shownHost = config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host
  started = true
  console.log(`Plan Scorecard 已启动: http://${shownHost}:${port}/`)
  const bootstrapDone = bootstrap.run(pendingSetUp)

  let stopping = false
  // Alerts read the data: they start once start-up has loaded it (or given up).
  let alerts: { stop: () => void } | undefined
  const startAlerts = () => {
    if (!stopping) alerts = scheduleAlerts(deps, leases)
  }
  void bootstrapDone.then(startAlerts, startAlerts)
  const shutdown = async (signal: string) => {
    if (stopping) return
    stopping = true
    log.info(`${signal}: shutting down`)
    alerts?.stop()
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
    await bootstrap.stop()
    await leases.releaseAll()
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
    await meta.close()
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
