import fs from 'node:fs'
import path from 'node:path'
import { createLeases } from '../meta/leases'
import { importLegacyAppState } from '../meta/legacy-import'
import { migrateMeta } from '../meta/migrate'
import { sharedSecret } from '../meta/secrets'
import { type MetaStore, openMetaStore } from '../meta/store'
import type { Warehouse } from '../warehouse/client'
import { log } from '../warehouse/log'
import { migrate } from '../warehouse/migrate'
import { CSRF_SECRET_BYTES } from '../web/server/csrf'
import type { AppConfig } from './config'

/**
 * The metadata store (application state), opened and migrated: embedded in DATA_DIR/meta,
 * or the PostgreSQL server of DATABASE_URL.
 */
export async function openMeta(config: AppConfig): Promise<MetaStore> {
  const store = await openMetaStore({
    dataDir: config.warehouse.dataDir,
    databaseUrl: config.meta.databaseUrl,
    maxConnections: config.meta.maxConnections,
  })
  try {
    const { version, applied } = await migrateMeta(store.db, { log: (m) => log.info(m) })
    log.info('metadata store ready', { backend: store.backend, migration: version, applied: applied.length })
  } catch (err) {
    await store.close()
    throw err
  }
  return store
}

/**
 * The warehouse at its newest schema. Application state an older version kept in
 * ClickHouse is copied into the metadata store first (once, verified, in one
 * transaction); the warehouse migration that follows drops those tables.
 */
export async function migrateWarehouse(wh: Warehouse, meta: MetaStore): Promise<WarehouseMigrated> {
  // Instances starting together (a shared server) take turns: one migrates and imports, the
  // next finds it done. The embedded store belongs to one process: nobody to wait for, and a
  // lease a killed run left there would only delay the next start.
  if (meta.backend === 'pglite') return migrateUnderLease(wh, meta)
  return whileHolding(meta, MIGRATE_LEASE, () => migrateUnderLease(wh, meta))
}

/** The lease that makes the warehouse's migrations (and the legacy import) one instance's at a time. */
const MIGRATE_LEASE = 'warehouse-migrate'
const MIGRATE_LEASE_MS = 60_000
const MIGRATE_POLL_MS = 500

/** Runs `work` holding `name`, waiting (polling) while another instance holds it. */
async function whileHolding<T>(meta: MetaStore, name: string, work: () => Promise<T>): Promise<T> {
  const leases = createLeases(meta.db)
  let waited = false
  for (;;) {
    const r = await leases.runExclusive(name, MIGRATE_LEASE_MS, work)
    if (r.ran) return r.value
    if (!waited) log.info(`waiting for another instance to finish migrating (${r.holder})`)
    waited = true
    await new Promise((resolve) => setTimeout(resolve, MIGRATE_POLL_MS))
  }
}

async function migrateUnderLease(wh: Warehouse, meta: MetaStore): Promise<WarehouseMigrated> {
  const imported = await importLegacyAppState(wh, meta.db, (m) => log.info(m))
  if (imported.imported) log.info('application state moved from the warehouse to the metadata store')
  const { version, applied } = await migrate(wh, {
    log: (m) => log.info(m),
    // Debug level (LOG_LEVEL=debug): shows where a run stopped; the migration kill test aims by it.
    onProgress: (p) =>
      log.debug(
        p.step === 'statement'
          ? `迁移 ${p.migration.file} 第 ${p.statement}/${p.statements} 条语句已执行 (migration ${p.migration.version} statement ${p.statement}/${p.statements} applied)`
          : `迁移 ${p.migration.file} 已记录 (migration ${p.migration.version} recorded)`,
      ),
  })
  return { version, applied: applied.length }
}

export interface WarehouseMigrated {
  /** The newest migration now applied. */
  version: number
  /** How many this run applied. */
  applied: number
}

/** Where an older version kept the CSRF key (one per DATA_DIR). */
const LEGACY_CSRF_FILE = 'csrf.secret'

/**
 * The key CSRF tokens are signed with, shared by every instance through the metadata
 * store. An older version's DATA_DIR/csrf.secret becomes that key (pages open across the
 * upgrade keep working) and is then removed: the key has one home.
 */
export async function csrfSecret(meta: MetaStore, dataDir: string): Promise<Buffer> {
  const file = path.join(dataDir, LEGACY_CSRF_FILE)
  const legacy = fs.existsSync(file) ? fs.readFileSync(file) : undefined
  const secret = await sharedSecret(meta.db, 'csrf', { bytes: CSRF_SECRET_BYTES, initial: legacy })
  if (legacy) fs.rmSync(file, { force: true })
  return secret
}
