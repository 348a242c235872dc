import http from 'node:http'
import { openWarehouse } from '../../warehouse/client'
import { ConfigError, loadConfig } from '../../warehouse/config'
import { log, setLogLevel } from '../../warehouse/log'
import { migrate } from '../../warehouse/migrate'
import { Bootstrap } from './bootstrap'
import { createRequestHandler } from './http'

async function main(): Promise<void> {
  const config = loadConfig()
  setLogLevel(config.logLevel)
  const wh = openWarehouse(config.warehouse)
  const { version } = await migrate(wh, { log: (m) => log.info(m) })
  log.info(`warehouse ready`, { mode: config.warehouse.mode, migration: version })

  const bootstrap = new Bootstrap(wh, config)
  const server = http.createServer(createRequestHandler({ wh, bootstrap: bootstrap.status }))
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve))
  const addr = server.address()
  const port = typeof addr === 'object' && addr ? addr.port : config.port
  const shownHost = config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host
  console.log(`Plan Scorecard 已启动: http://${shownHost}:${port}/`)
  const bootstrapDone = bootstrap.run()

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
    if (settled) await wh.close()
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
