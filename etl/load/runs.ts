import { z } from 'zod'
import type { Warehouse } from '../../warehouse/client'
import { ch, defineQuery } from '../../warehouse/query'

const RUN_STATUSES = ['running', 'succeeded', 'failed'] as const
export type RunStatus = (typeof RUN_STATUSES)[number]

export interface RunRecord {
  run_id: string
  source: string
  dataset: string
  file: string
  started_at: string
  finished_at: string | null
  status: RunStatus
  accepted: number
  rejected: number
  ignored_columns: string[]
  error: string | null
}

const COLUMNS =
  'run_id, source, dataset, file, started_at, finished_at, status, accepted, rejected, ignored_columns, error, _version'

/** Run state is append-only: each change is a new version of the run's row. */
export async function writeRun(wh: Warehouse, run: RunRecord): Promise<void> {
  await wh.command(
    `INSERT INTO load_runs (${COLUMNS}) VALUES ({run_id:String}, {source:String}, {dataset:String}, {file:String},
      {started_at:DateTime64(3)}, {finished_at:Nullable(DateTime64(3))}, {status:String}, {accepted:UInt64},
      {rejected:UInt64}, {ignored_columns:Array(String)}, {error:Nullable(String)}, {version:UInt64})`,
    { ...run, version: Date.now() * 1000 + (run.status === 'running' ? 0 : 1) },
  )
}

const RUN_ROW = z.object({
  run_id: z.string(),
  source: z.string(),
  dataset: z.string(),
  file: z.string(),
  started_at: z.string(),
  finished_at: z.string().nullable(),
  status: z.enum(RUN_STATUSES),
  accepted: ch.int64(),
  rejected: ch.int64(),
  ignored_columns: z.array(z.string()),
  error: z.string().nullable(),
}) satisfies z.ZodType<RunRecord>

const RUN_FILTER = `({dataset:Nullable(String)} IS NULL OR dataset = {dataset:Nullable(String)})
      AND ({source:Nullable(String)} IS NULL OR source = {source:Nullable(String)})
      AND ({status:Nullable(String)} IS NULL OR toString(status) = {status:Nullable(String)})`

const LIST_RUNS = defineQuery({
  name: 'load_runs.list',
  sql: `SELECT run_id, source, dataset, file, toString(started_at) AS started_at,
    if(finished_at IS NULL, NULL, toString(finished_at)) AS finished_at, toString(status) AS status,
    toUInt64(accepted) AS accepted, toUInt64(rejected) AS rejected, ignored_columns, error
    FROM load_runs FINAL
    WHERE ${RUN_FILTER}
    ORDER BY started_at DESC, run_id LIMIT {limit:UInt32} OFFSET {offset:UInt32}`,
  params: z.object({
    dataset: z.string().nullable(),
    source: z.string().nullable(),
    status: z.enum(RUN_STATUSES).nullable(),
    limit: z.number().int().nonnegative(),
    offset: z.number().int().nonnegative(),
  }),
  row: RUN_ROW,
})

const COUNT_RUNS = defineQuery({
  name: 'load_runs.count',
  sql: `SELECT count() AS n FROM load_runs FINAL WHERE ${RUN_FILTER}`,
  params: z.object({
    dataset: z.string().nullable(),
    source: z.string().nullable(),
    status: z.enum(RUN_STATUSES).nullable(),
  }),
  row: z.object({ n: ch.int64() }),
})

export interface RunFilter {
  dataset?: string
  source?: string
  status?: RunStatus
}

const runParams = (filter: RunFilter) => ({
  dataset: filter.dataset ?? null,
  source: filter.source ?? null,
  status: filter.status ?? null,
})

/** Newest first; `offset` pages through them. */
export async function listRuns(
  wh: Warehouse,
  filter: RunFilter & { limit?: number; offset?: number } = {},
): Promise<RunRecord[]> {
  return wh.query(LIST_RUNS, { ...runParams(filter), limit: filter.limit ?? 50, offset: filter.offset ?? 0 })
}

/** How many runs `listRuns` would page through. */
export async function countRuns(wh: Warehouse, filter: RunFilter = {}): Promise<number> {
  return (await wh.query(COUNT_RUNS, runParams(filter)))[0]?.n ?? 0
}

export interface QuarantineRow {
  run_id: string
  dataset: string
  row_number: number
  raw_row: string
  reason: string
}

const QUARANTINE_FILTER = `({run:Nullable(String)} IS NULL OR run_id = {run:Nullable(String)})
      AND ({dataset:Nullable(String)} IS NULL OR dataset = {dataset:Nullable(String)})`

const COUNT_QUARANTINE = defineQuery({
  name: 'quarantine.count',
  sql: `SELECT count() AS n FROM quarantine WHERE ${QUARANTINE_FILTER}`,
  params: z.object({ run: z.string().nullable(), dataset: z.string().nullable() }),
  row: z.object({ n: ch.int64() }),
})

/** How many quarantined rows `listQuarantine` would page through. */
export async function countQuarantine(
  wh: Warehouse,
  filter: { runId?: string; dataset?: string } = {},
): Promise<number> {
  const rows = await wh.query(COUNT_QUARANTINE, {
    run: filter.runId ?? null,
    dataset: filter.dataset ?? null,
  })
  return rows[0]?.n ?? 0
}

const LIST_QUARANTINE = defineQuery({
  name: 'quarantine.list',
  sql: `SELECT run_id, toString(dataset) AS dataset, row_number, raw_row, reason FROM quarantine
    WHERE ${QUARANTINE_FILTER}
    ORDER BY created_at DESC, run_id, row_number LIMIT {limit:UInt32} OFFSET {offset:UInt32}`,
  params: z.object({
    run: z.string().nullable(),
    dataset: z.string().nullable(),
    limit: z.number().int().nonnegative(),
    offset: z.number().int().nonnegative(),
  }),
  row: z.object({
    run_id: z.string(),
    dataset: z.string(),
    row_number: ch.int64(),
    raw_row: z.string(),
    reason: z.string(),
  }) satisfies z.ZodType<QuarantineRow>,
})

export async function listQuarantine(
  wh: Warehouse,
  filter: { runId?: string; dataset?: string; limit?: number; offset?: number } = {},
): Promise<QuarantineRow[]> {
  return wh.query(LIST_QUARANTINE, {
    run: filter.runId ?? null,
    dataset: filter.dataset ?? null,
    limit: filter.limit ?? 100,
    offset: filter.offset ?? 0,
  })
}
