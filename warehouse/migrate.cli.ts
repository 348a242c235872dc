import { openWarehouse } from './client'
import { ConfigError, loadConfig } from './config'
import { log } from './log'
import { migrate } from './migrate'

try {
  const config = loadConfig()
  const wh = openWarehouse(config.warehouse)
  try {
    const r = await migrate(wh, { log: (m) => log.info(m) })
    log.info(`warehouse at migration ${r.version} (${r.applied.length} applied now)`, {
      mode: config.warehouse.mode,
    })
  } finally {
    await wh.close()
  }
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : err)
  process.exitCode = 1
}
