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
      await wh.close()
      fs.rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 })
    },
  }
}
