import { openWarehouse } from './client'
import { ConfigError, loadWarehouseConfig } from './config'
import { log, setLogLevel } from './log'
import { migrate } from './migrate'

try {
  const config = loadWarehouseConfig()
  setLogLevel(config.logLevel)
  const wh = openWarehouse(config.warehouse)
  try {
    const r = await migrate(wh, {
      log: (m) => log.info(m),
      // Debug level (LOG_LEVEL=debug): shows where a run stopped; the kill test aims by it.
      onProgress: (p) =>
        log.debug(
          p.step === 'statement'
            ? `迁移 ${p.migration.file} 第 ${p.statement}/${p.statements} 条语句已执行 (migration ${p.migration.version} statement ${p.statement}/${p.statements} applied)`
            : `迁移 ${p.migration.file} 已记录 (migration ${p.migration.version} recorded)`,
        ),
    })
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
