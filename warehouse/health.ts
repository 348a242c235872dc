import { z } from 'zod'
import { errorDetail, isWarehouseUnreachable, unreachableMessage, warehouseAddress } from './availability'
import type { Warehouse } from './client'
import { listMigrations } from './migrate'
import { ch, defineQuery } from './query'

export interface WarehouseHealth {
  reachable: boolean
  /** Reachable and migrated to this build's latest migration: requests can be served. */
  ready: boolean
  mode: 'embedded' | 'server'
  engineVersion: string | null
  migrationVersion: number | null
  /** Why it is not ready, for people: Chinese first, English in parentheses; never credentials. */
  error?: string
}

/** A server that accepts connections but does not answer must not hold /healthz for minutes. */
const CHECK_TIMEOUT_MS = 5000
const UNKNOWN_TABLE = '60'

const ENGINE_VERSION = defineQuery({
  name: 'health.engine_version',
  sql: 'SELECT version() AS v',
  row: z.object({ v: z.string() }),
})

const MIGRATION_VERSION = defineQuery({
  name: 'health.migration_version',
  sql: 'SELECT max(version) AS v FROM schema_migrations',
  row: z.object({ v: ch.int64() }),
})

let latest: number | undefined
const latestMigration = () => {
  latest ??= Math.max(0, ...listMigrations().map((m) => m.version))
  return latest
}

export async function checkWarehouse(wh: Warehouse, timeoutMs = CHECK_TIMEOUT_MS): Promise<WarehouseHealth> {
  const mode = wh.config.mode
  const signal = AbortSignal.timeout(timeoutMs)
  // The abort signal ends the request itself, so a hung server does not keep sockets busy.
  const failed = (err: unknown): WarehouseHealth => {
    const detail = signal.aborted ? `no answer within ${timeoutMs} ms` : errorDetail(err, wh.config)
    const error =
      signal.aborted || isWarehouseUnreachable(err)
        ? `${unreachableMessage(wh.config)}: ${detail}`
        : `数据仓库查询失败 (${warehouseAddress(wh.config)} failed): ${detail}`
    return { reachable: false, ready: false, mode, engineVersion: null, migrationVersion: null, error }
  }
  let engineVersion: string
  try {
    engineVersion = (await wh.query(ENGINE_VERSION, {}, { signal }))[0]?.v ?? ''
  } catch (err) {
    return failed(err)
  }
  let migrationVersion: number | null = null
  try {
    migrationVersion = (await wh.query(MIGRATION_VERSION, {}, { signal }))[0]?.v ?? 0
  } catch (err) {
    // UNKNOWN_TABLE: a new server the app has not migrated yet (Bootstrap will); anything else failed.
    if ((err as { code?: unknown }).code !== UNKNOWN_TABLE) return failed(err)
  }
  const ready = migrationVersion !== null && migrationVersion >= latestMigration()
  return {
    reachable: true,
    ready,
    mode,
    engineVersion,
    migrationVersion,
    ...(ready
      ? {}
      : {
          error: `数据仓库尚未完成迁移 (schema at migration ${migrationVersion ?? 'none'}, this build needs ${latestMigration()})`,
        }),
  }
}
