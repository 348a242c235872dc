import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Kysely, sql } from 'kysely'
import { listMigrations, type Migration } from '../warehouse/migrate'
import type { MetaDb } from './schema'

/**
 * The metadata store's migrations: `meta/migrations/NNNN_verb_object.sql`, their own
 * sequence (not the warehouse's). PostgreSQL DDL is transactional, so each file runs in one
 * transaction together with its row in `schema_migrations`: a run killed half-way leaves
 * nothing of the unfinished file, and the next run applies it again. A transaction-level
 * advisory lock keeps two processes from migrating at once. Never edit an applied
 * migration: add the next number.
 */
export const META_MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations')

/** A numbered migration file, listed and checksummed as the warehouse's are. */
export type MetaMigration = Migration

export interface MetaMigrateResult {
  applied: MetaMigration[]
  version: number
}

/** An arbitrary constant: the advisory lock key of the metadata migrator ('meta-mig'). */
const LOCK_KEY = 0x6d657461_6d6967n

export function listMetaMigrations(dir = META_MIGRATIONS_DIR): MetaMigration[] {
  return listMigrations(dir)
}

const lock = sql`SELECT pg_advisory_xact_lock(${sql.lit(LOCK_KEY.toString())}::bigint)`

export async function migrateMeta(
  db: Kysely<MetaDb>,
  opts: {
    dir?: string
    log?: (msg: string) => void
    /** Test hook: runs inside a migration's transaction, after its SQL, before it is recorded. */
    beforeRecord?: (m: MetaMigration) => Promise<void> | void
  } = {},
): Promise<MetaMigrateResult> {
  const log = opts.log ?? (() => {})
  const migrations = listMetaMigrations(opts.dir)
  await db.transaction().execute(async (trx) => {
    await lock.execute(trx)
    await sql`CREATE TABLE IF NOT EXISTS schema_migrations
      (
          version    integer     PRIMARY KEY,
          name       text        NOT NULL,
          checksum   text        NOT NULL,
          applied_at timestamptz NOT NULL DEFAULT now()
      )`.execute(trx)
  })
  const applied: MetaMigration[] = []
  let version = 0
  for (const m of migrations) {
    const done = await db.transaction().execute(async (trx) => {
      await lock.execute(trx)
      // Read under the lock: another process may have applied it meanwhile.
      const seen = await trx
        .selectFrom('schema_migrations')
        .select('checksum')
        .where('version', '=', m.version)
        .executeTakeFirst()
      if (seen) {
        if (seen.checksum !== m.checksum)
          log(`warning: migration ${m.file} changed after it was applied; add a new migration instead`)
        return false
      }
      log(`applying migration ${m.file}`)
      await sql.raw(m.text).execute(trx)
      await opts.beforeRecord?.(m)
      await trx
        .insertInto('schema_migrations')
        .values({ version: m.version, name: m.name, checksum: m.checksum })
        .execute()
      return true
    })
    if (done) applied.push(m)
    version = m.version
  }
  const recorded = await db
    .selectFrom('schema_migrations')
    .select((eb) => eb.fn.max('version').as('v'))
    .executeTakeFirst()
  return { applied, version: Math.max(version, Number(recorded?.v ?? 0)) }
}
