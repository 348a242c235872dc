import type { Warehouse } from '../../warehouse/client'

export type RunStatus = 'running' | 'succeeded' | 'failed'

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

const SELECT_RUNS = `SELECT run_id, source, dataset, file, toString(started_at) AS started_at,
  if(finished_at IS NULL, NULL, toString(finished_at)) AS finished_at, toString(status) AS status,
  toUInt64(accepted) AS accepted, toUInt64(rejected) AS rejected, ignored_columns, error
  FROM load_runs FINAL`

export async function listRuns(
  wh: Warehouse,
  filter: { dataset?: string; status?: RunStatus; limit?: number } = {},
): Promise<RunRecord[]> {
  const rows = await wh.rows<RunRecord>(
    `${SELECT_RUNS}
     WHERE ({dataset:Nullable(String)} IS NULL OR dataset = {dataset:Nullable(String)})
       AND ({status:Nullable(String)} IS NULL OR toString(status) = {status:Nullable(String)})
     ORDER BY started_at DESC LIMIT {limit:UInt32}`,
    { dataset: filter.dataset ?? null, status: filter.status ?? null, limit: filter.limit ?? 50 },
  )
  return rows.map((r) => ({ ...r, accepted: Number(r.accepted), rejected: Number(r.rejected) }))
}

export async function getRun(wh: Warehouse, runId: string): Promise<RunRecord | undefined> {
  const rows = await wh.rows<RunRecord>(`${SELECT_RUNS} WHERE run_id = {id:String}`, { id: runId })
  const r = rows[0]
  return r ? { ...r, accepted: Number(r.accepted), rejected: Number(r.rejected) } : undefined
}

export interface QuarantineRow {
  run_id: string
  dataset: string
  row_number: number
  raw_row: string
  reason: string
}

export async function listQuarantine(
  wh: Warehouse,
  filter: { runId?: string; dataset?: string; limit?: number; offset?: number } = {},
): Promise<QuarantineRow[]> {
  const rows = await wh.rows<QuarantineRow>(
    `SELECT run_id, toString(dataset) AS dataset, row_number, raw_row, reason FROM quarantine
     WHERE ({run:Nullable(String)} IS NULL OR run_id = {run:Nullable(String)})
       AND ({dataset:Nullable(String)} IS NULL OR dataset = {dataset:Nullable(String)})
     ORDER BY created_at DESC, run_id, row_number LIMIT {limit:UInt32} OFFSET {offset:UInt32}`,
    {
      run: filter.runId ?? null,
      dataset: filter.dataset ?? null,
      limit: filter.limit ?? 100,
      offset: filter.offset ?? 0,
    },
  )
  return rows.map((r) => ({ ...r, row_number: Number(r.row_number) }))
}
