import { z } from 'zod'
import {
  busyMessage,
  errorDetail,
  isWarehouseUnreachable,
  unreachableMessage,
  warehouseAddress,
} from './availability'
import type { Warehouse } from './client'
import { listMigrations } from './migrate'
import { ch, defineQuery } from './query'
import { missingCalendarMessage, missingCalendarYears } from './workdays'

/**
 * ok: answered and migrated. busy: reachable but the probe got no answer in time because the
 * engine is working (queries queue behind a load or a long query); it answers later.
 * unreachable: no connection, or a server that answers nothing at all. failed: the engine
 * answered the probe with an error. unmigrated: answered, schema older than this build's.
 */
export type WarehouseState = 'ok' | 'busy' | 'unreachable' | 'failed' | 'unmigrated'

export interface WarehouseHealth {
  state: WarehouseState
  reachable: boolean
  /**
   * Reachable and migrated to this build's latest migration: requests can be served. While
   * busy, as the last check that got an answer said; before any did, true (busy means
   * reachable, and the app migrates before it serves).
   */
  ready: boolean
  mode: 'embedded' | 'server'
  engineVersion: string | null
  migrationVersion: number | null
  /** Why it is not ready, for people: Chinese first, English in parentheses; never credentials. */
  error?: string
  /** While busy: what is going on, in the same form. */
  message?: string
  /**
   * When ready: the previous and current year (Asia/Shanghai) the working-day calendar has no
   * rows for, with the warning to show (working days then count Monday–Friday alone).
   */
  calendar?: { missingYears: number[]; warning?: string }
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

/** The last check of each warehouse that got an answer, for what a busy one cannot tell. */
const lastAnswered = new WeakMap<Warehouse, WarehouseHealth>()

export async function checkWarehouse(wh: Warehouse, timeoutMs = CHECK_TIMEOUT_MS): Promise<WarehouseHealth> {
  const mode = wh.config.mode
  const signal = AbortSignal.timeout(timeoutMs)
  // A server's /ping is answered without running a query, so it comes back while queries
  // queue; asked alongside the probe, it tells a busy server from a hung one in the same time.
  const pinged = mode === 'server' ? wh.ping({ signal }) : undefined
  // The abort signal ends the request itself, so a hung server does not keep sockets busy.
  const failed = async (err: unknown): Promise<WarehouseHealth> => {
    const none = { reachable: false, ready: false, mode, engineVersion: null, migrationVersion: null }
    if (signal.aborted && !isWarehouseUnreachable(err)) {
      // No answer in time. The embedded engine runs in this process: it cannot be out of
      // reach, only occupied. A server is busy when it still answers /ping.
      if (mode === 'embedded' || (await pinged)) {
        const last = lastAnswered.get(wh)
        return {
          state: 'busy',
          reachable: true,
          ready: last?.ready ?? true,
          mode,
          engineVersion: last?.engineVersion ?? null,
          migrationVersion: last?.migrationVersion ?? null,
          message: `${busyMessage(wh.config)}: no answer within ${timeoutMs} ms`,
        }
      }
      const error = `${unreachableMessage(wh.config)}: no answer within ${timeoutMs} ms, nor to /ping`
      return { state: 'unreachable', ...none, error }
    }
    const detail = errorDetail(err, wh.config)
    if (isWarehouseUnreachable(err))
      return { state: 'unreachable', ...none, error: `${unreachableMessage(wh.config)}: ${detail}` }
    const error = `数据仓库查询失败 (${warehouseAddress(wh.config)} failed): ${detail}`
    return { state: 'failed', ...none, error }
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
  let calendar: WarehouseHealth['calendar']
  if (ready) {
    try {
      const missingYears = await missingCalendarYears(wh, new Date(), { signal })
      calendar = {
        missingYears,
        ...(missingYears.length ? { warning: missingCalendarMessage(missingYears) } : {}),
      }
    } catch (err) {
      if (signal.aborted || isWarehouseUnreachable(err)) return failed(err)
      // A detail of the answer, not a reason to call the warehouse unhealthy.
    }
  }
  const health: WarehouseHealth = {
    state: ready ? 'ok' : 'unmigrated',
    reachable: true,
    ready,
    mode,
    engineVersion,
    migrationVersion,
    ...(calendar ? { calendar } : {}),
    ...(ready
      ? {}
      : {
          error: `数据仓库尚未完成迁移 (schema at migration ${migrationVersion ?? 'none'}, this build needs ${latestMigration()})`,
        }),
  }
  lastAnswered.set(wh, health)
  return health
}

/**
 * The HTTP status /healthz answers with: 200 while requests can be served, busy included (a
 * busy engine is no reason to take the instance out of rotation or restart it), else 503.
 */
export function healthStatus(h: WarehouseHealth): 200 | 503 {
  return h.ready ? 200 : 503
}
