import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import { openWarehouse, type Warehouse } from './client'
import { loadWarehouseConfig } from './config'
import { renderStatement, splitStatements } from './ddl'
import { listMigrations, MIGRATIONS_DIR, migrate } from './migrate'

/**
 * Test helper for migrate-kill.reliability.test.ts, one process per data directory (chDB
 * binds one per process). Prints one JSON document on stdout.
 *   schema   the schema as it is, without migrating (what a kill left, or what a re-run made)
 *   replay [dir]  on a fresh directory: stops after every statement of every migration
 *                 (default: warehouse/migrations) and re-runs the migration's statements
 *                 so far, as a run restarted there would
 */

/** Tables ClickHouse names while it swaps one in; never part of the schema proper. */
const TEMPORARY = /^(_tmp_replace_|\.inner)/

async function schema(wh: Warehouse) {
  const tables = await wh.rows<Record<string, string>>(
    // UUIDs differ between two data directories by design; everything else must not.
    `SELECT name, engine, engine_full, partition_key, sorting_key, primary_key, sampling_key,
            replaceRegexpAll(create_table_query, ' UUID \\'[0-9a-f-]+\\'', '') AS create_query,
            toString(total_rows) AS total_rows
     FROM system.tables WHERE database = currentDatabase() ORDER BY name`,
  )
  const columns = await wh.rows<Record<string, string>>(
    `SELECT table, name, type, toString(position) AS position, default_kind, default_expression,
            compression_codec, toString(is_in_sorting_key) AS in_sorting_key,
            toString(is_in_partition_key) AS in_partition_key
     FROM system.columns WHERE database = currentDatabase() ORDER BY table, position`,
  )
  const databases = await wh.rows<{ name: string; engine: string }>(
    "SELECT name, engine FROM system.databases WHERE name NOT IN ('system', 'INFORMATION_SCHEMA', 'information_schema') ORDER BY name",
  )
  const hasLedger = tables.some((t) => t.name === 'schema_migrations')
  const migrations = hasLedger
    ? await wh.rows<{ version: number; name: string; checksum: string }>(
        'SELECT version, name, checksum FROM schema_migrations FINAL ORDER BY version',
      )
    : []
  return {
    databases,
    tables: tables.filter((t) => !TEMPORARY.test(t.name!)),
    columns: columns.filter((c) => !TEMPORARY.test(c.table!)),
    temporary: tables.filter((t) => TEMPORARY.test(t.name!)).map((t) => t.name),
    migrations: migrations.map((m) => ({ ...m, version: Number(m.version) })),
  }
}

async function replay(wh: Warehouse, dir = MIGRATIONS_DIR) {
  const cluster = wh.config.cluster
  const exec = async (sql: string) => {
    for (const s of renderStatement(splitStatements(sql)[0]!, cluster)) await wh.command(s)
  }
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-replay-'))
  const failures: Array<{ migration: string; stoppedAfter: number; statement: number; problem: string }> = []
  let boundaries = 0
  try {
    await migrate(wh, { dir: staging }) // the ledger alone: nothing in the directory yet
    for (const m of listMigrations(dir)) {
      const statements = splitStatements(m.text)
      for (let j = 1; j <= statements.length; j++) {
        await exec(statements[j - 1]!.sql)
        // A kill here leaves statements 1..j applied and the migration unrecorded; the
        // next run applies the migration again from its first statement.
        boundaries++
        const before = await schema(wh)
        for (let i = 1; i <= j; i++) {
          try {
            await exec(statements[i - 1]!.sql)
          } catch (err) {
            failures.push({
              migration: m.file,
              stoppedAfter: j,
              statement: i,
              problem: (err as Error).message.split('\n')[0]!,
            })
          }
        }
        if (!isDeepStrictEqual(before, await schema(wh)))
          failures.push({
            migration: m.file,
            stoppedAfter: j,
            statement: 0,
            problem: 're-running the statements changed the schema',
          })
      }
      // The real migrator records it (and applies it once more, as a re-run after a kill
      // between the last statement and the record would).
      fs.copyFileSync(path.join(dir, m.file), path.join(staging, m.file))
      try {
        await migrate(wh, { dir: staging })
      } catch (err) {
        failures.push({
          migration: m.file,
          stoppedAfter: statements.length,
          statement: 0,
          problem: `the migrator could not finish it: ${(err as Error).message.split('\n')[0]}`,
        })
        break
      }
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true })
  }
  return { boundaries, failures, final: await schema(wh) }
}

const command = process.argv[2]
if (command !== 'schema' && command !== 'replay') throw new Error('usage: migrate-kill.cli.ts schema|replay')
const wh = openWarehouse(loadWarehouseConfig().warehouse)
try {
  console.log(JSON.stringify(command === 'schema' ? await schema(wh) : await replay(wh, process.argv[3])))
} finally {
  await wh.close()
}
