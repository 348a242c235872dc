import { openWarehouse } from '../warehouse/client'
import { log, setLogLevel } from '../warehouse/log'
import { ConfigError, loadConfig } from './config'
import { migrateWarehouse, openMeta } from './stores'

/**
 * `npm run migrate`: the metadata store's migrations, then the warehouse's (copying an
 * older version's application state out of ClickHouse first), as start-up does.
 */
try {
  const config = loadConfig()
  setLogLevel(config.logLevel)
  const meta = await openMeta(config)
  try {
    const wh = openWarehouse(config.warehouse)
    try {
      const { version, applied } = await migrateWarehouse(wh, meta)
      log.info(`warehouse at migration ${version} (${applied} applied now)`, { mode: config.warehouse.mode })
    } finally {
      await wh.close()
    }
  } finally {
    await meta.close()
  }
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : err)
  process.exitCode = 1
}
