import type { Warehouse } from './client'
import { currentMigrationVersion } from './migrate'

export interface WarehouseHealth {
  reachable: boolean
  mode: 'embedded' | 'server'
  engineVersion: string | null
  migrationVersion: number | null
  error?: string
}

export async function checkWarehouse(wh: Warehouse): Promise<WarehouseHealth> {
  const mode = wh.config.mode
  try {
    const [row] = await wh.rows<{ v: string }>('SELECT version() AS v')
    return {
      reachable: true,
      mode,
      engineVersion: row?.v ?? null,
      migrationVersion: await currentMigrationVersion(wh),
    }
  } catch (err) {
    return {
      reachable: false,
      mode,
      engineVersion: null,
      migrationVersion: null,
      error: err instanceof Error ? err.message : String(err),
    }
  }
}
