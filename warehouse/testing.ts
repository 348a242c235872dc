import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openWarehouse, type Warehouse } from './client'
import { loadWarehouseConfig } from './config'
import { migrate } from './migrate'

/** A real embedded warehouse in a fresh temporary directory, migrated. For tests and benchmarks. */
export async function openTempWarehouse(
  prefix = 'scorecard-test-',
): Promise<{ wh: Warehouse; dataDir: string; dispose: () => Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  const wh = openWarehouse(loadWarehouseConfig({ DATA_DIR: dataDir }).warehouse)
  await migrate(wh)
  return {
    wh,
    dataDir,
    dispose: async () => {
      // A test may have closed the warehouse itself; then there is nothing left to drop.
      await dropAllTables(wh).catch(() => undefined)
      await wh.close()
      fs.rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 })
    },
  }
}

/**
 * The embedded engine lives on in the process after its connection closes, and its
 * background merges may still be writing parts into the directory being removed (a run
 * failed on ENOTEMPTY). Dropping each table SYNC makes the engine cancel and wait for them
 * and delete the files itself; views first, so no table is refused for a dependant.
 */
async function dropAllTables(wh: Warehouse): Promise<void> {
  const tables = await wh.rows<{ database: string; name: string }>(
    `SELECT database, name FROM system.tables
     WHERE database NOT IN ('system', 'INFORMATION_SCHEMA', 'information_schema') AND NOT is_temporary
     ORDER BY engine LIKE '%View' DESC`,
  )
  for (const t of tables) {
    await wh.command('DROP TABLE IF EXISTS {db:Identifier}.{name:Identifier} SYNC', {
      db: t.database,
      name: t.name,
    })
  }
}
