import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import type { Warehouse } from './client'
import { renderStatement, splitStatements } from './ddl'
import { ch, defineQuery } from './query'
import { ensureWorkdays } from './workdays'

export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations')

export interface Migration {
  version: number
  name: string
  file: string
  checksum: string
  text: string
}

export interface MigrateResult {
  applied: Migration[]
  version: number
}

/** Where a run is: after each statement of a migration, and once the migration is recorded. */
export type MigrateProgress =
  | { step: 'statement'; migration: Migration; statement: number; statements: number }
  | { step: 'recorded'; migration: Migration }

const FILE_NAME = /^(\d{4})_([a-z0-9_]+)\.sql$/

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.sql'))
  const migrations = files.map((file) => {
    const m = FILE_NAME.exec(file)
    if (!m) throw new Error(`migration file ${file} must be named NNNN_verb_object.sql`)
    const text = fs.readFileSync(path.join(dir, file), 'utf8')
    const checksum = createHash('sha256').update(text).digest('hex')
    return { version: Number(m[1]), name: m[2]!, file, checksum, text }
  })
  migrations.sort((a, b) => a.version - b.version)
  migrations.forEach((m, i) => {
    if (i > 0 && m.version === migrations[i - 1]!.version)
      throw new Error(`two migrations numbered ${m.version}`)
  })
  return migrations
}

const BOOKKEEPING = `CREATE TABLE IF NOT EXISTS schema_migrations
(
    version    UInt32,
    name       String,
    checksum   String,
    applied_at DateTime64(3, 'Asia/Shanghai') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree
ORDER BY version
-- shard_key: version`

const APPLIED = defineQuery({
  name: 'migrations.applied',
  sql: 'SELECT version, checksum FROM schema_migrations FINAL ORDER BY version',
  row: z.object({ version: ch.int64(), checksum: z.string() }),
})

export async function appliedMigrations(wh: Warehouse): Promise<Map<number, string>> {
  const rows = await wh.query(APPLIED)
  return new Map(rows.map((r) => [r.version, r.checksum]))
}

/**
 * Applies, in order, the migrations not yet recorded. Every statement is
 * idempotent DDL, so a run killed half-way simply re-applies its migration;
 * a migration is recorded only after all its statements succeeded.
 * (migrate-kill.reliability.test.ts re-runs every migration from each of its statements,
 * and kills `npm run migrate` at many points: a non-idempotent statement fails it.)
 * Then the working-day index and function are made sure of (`workdays.ts`).
 */
export async function migrate(
  wh: Warehouse,
  opts: { dir?: string; log?: (msg: string) => void; onProgress?: (p: MigrateProgress) => void } = {},
): Promise<MigrateResult> {
  const log = opts.log ?? (() => {})
  const progress = opts.onProgress ?? (() => {})
  const cluster = wh.config.cluster
  for (const sql of renderStatement(splitStatements(BOOKKEEPING)[0]!, cluster)) await wh.command(sql)
  const done = await appliedMigrations(wh)
  const applied: Migration[] = []
  for (const m of listMigrations(opts.dir)) {
    const seen = done.get(m.version)
    if (seen !== undefined) {
      if (seen !== m.checksum) {
        log(`warning: migration ${m.file} changed after it was applied; add a new migration instead`)
      }
      continue
    }
    log(`applying migration ${m.file}`)
    const statements = splitStatements(m.text)
    for (const [i, stmt] of statements.entries()) {
      for (const sql of renderStatement(stmt, cluster)) await wh.command(sql)
      progress({ step: 'statement', migration: m, statement: i + 1, statements: statements.length })
    }
    await wh.command(
      'INSERT INTO schema_migrations (version, name, checksum) VALUES ({version:UInt32}, {name:String}, {checksum:String})',
      { version: m.version, name: m.name, checksum: m.checksum },
    )
    progress({ step: 'recorded', migration: m })
    applied.push(m)
  }
  // Derived, not migrated: the working-day index and workdays_between(), rebuilt from the
  // calendar every time (cheap), which also heals an index a crash left behind its calendar.
  await ensureWorkdays(wh)
  const versions = [...done.keys(), ...applied.map((m) => m.version)]
  return { applied, version: versions.length ? Math.max(...versions) : 0 }
}
