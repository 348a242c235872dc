import { z } from 'zod'
import type { Warehouse } from '../../warehouse/client'
import { ch, defineQuery } from '../../warehouse/query'

// Table names come from the contract or the loader's own naming (allow-lists) and travel
// as Identifier parameters.

const RUN_ROWS = defineQuery({
  name: 'load.run_rows',
  sql: 'SELECT count() AS n FROM {table:Identifier} WHERE _run_id = {run:String} AND _deleted = 0',
  params: z.object({ table: z.string(), run: z.string() }),
  row: z.object({ n: ch.int64() }),
})

const RUN_QUARANTINED = defineQuery({
  name: 'load.run_quarantined',
  sql: 'SELECT count() AS n FROM quarantine WHERE run_id = {run:String}',
  params: z.object({ run: z.string() }),
  row: z.object({ n: ch.int64() }),
})

const STORED_ROWS = defineQuery({
  name: 'load.stored_rows',
  sql: 'SELECT count() AS n FROM {table:Identifier}',
  params: z.object({ table: z.string() }),
  row: z.object({ n: ch.int64() }),
})

const VISIBLE_ROWS = defineQuery({
  name: 'load.visible_rows',
  sql: 'SELECT count() AS n FROM {table:Identifier} FINAL',
  params: z.object({ table: z.string() }),
  row: z.object({ n: ch.int64() }),
})

const count = async (rows: Promise<{ n: number }[]>) => (await rows)[0]?.n ?? 0

/** Live (not tombstone) rows that one run wrote into a table. */
export const runRows = (wh: Warehouse, table: string, runId: string) =>
  count(wh.query(RUN_ROWS, { table, run: runId }))

/** Rows of one run set aside in quarantine. */
export const quarantinedRows = (wh: Warehouse, runId: string) =>
  count(wh.query(RUN_QUARANTINED, { run: runId }))

/** Every stored row version of a table, tombstones included. */
export const storedRows = (wh: Warehouse, table: string) => count(wh.query(STORED_ROWS, { table }))

/** Rows a reader sees: the newest live version of each key (FINAL). */
export const visibleRows = (wh: Warehouse, table: string) => count(wh.query(VISIBLE_ROWS, { table }))

const NOT_UTF8_ROWS = defineQuery({
  name: 'load.not_utf8_rows',
  sql: 'SELECT sum(rows) AS n FROM {table:Identifier}',
  params: z.object({ table: z.string() }),
  row: z.object({ n: ch.int64() }),
})

/** Rows a load's encoding check counted as not valid UTF-8 (in its per-run counter table). */
export const notUtf8Rows = (wh: Warehouse, counter: string) =>
  count(wh.query(NOT_UTF8_ROWS, { table: counter }))
