import { z } from 'zod'
import type { Warehouse } from '../../warehouse/client'
import { ch, defineQuery } from '../../warehouse/query'
import { DATASETS } from '../contract/datasets'
import type { DatasetSpec } from '../contract/types'
import { visibleRows } from './counts'

export interface DatasetStatus {
  dataset: string
  label: string
  rows: number
  last_success: string | null
  last_failure: string | null
  last_error: string | null
  /** The data's own latest date (its event-time column), not when it was loaded; null for tables without one. */
  data_until: string | null
}

/** The column that dates a dataset's rows: its first required date or time column (none for dimensions). */
export function eventTimeColumn(d: DatasetSpec): string | undefined {
  return d.columns.find((c) => c.required && (c.type === 'date' || c.type === 'datetime'))?.name
}

// Table and column names come from the contract (an allow-list) and travel as Identifier parameters.
const DATA_UNTIL = defineQuery({
  name: 'load.data_until',
  sql: 'SELECT if(count() = 0, NULL, toString(max({column:Identifier}))) AS until FROM {table:Identifier} FINAL',
  params: z.object({ table: z.string(), column: z.string() }),
  row: z.object({ until: z.string().nullable() }),
})

async function dataUntil(wh: Warehouse, d: DatasetSpec): Promise<string | null> {
  const column = eventTimeColumn(d)
  if (!column) return null
  return (await wh.query(DATA_UNTIL, { table: d.name, column }))[0]?.until ?? null
}

const RUN_SUMMARY = defineQuery({
  name: 'load_runs.summary_per_dataset',
  sql: `SELECT toString(dataset) AS dataset,
      toString(maxIf(finished_at, status = 'succeeded')) AS ok,
      toString(maxIf(finished_at, status = 'failed')) AS bad,
      argMaxIf(error, finished_at, status = 'failed') AS err,
      countIf(status = 'succeeded') AS n_ok, countIf(status = 'failed') AS n_bad
    FROM load_runs FINAL GROUP BY dataset`,
  row: z.object({
    dataset: z.string(),
    // NULL when the dataset has no run of that kind (then its count is 0)
    ok: z.string().nullable(),
    bad: z.string().nullable(),
    err: z.string().nullable(),
    n_ok: ch.int64(),
    n_bad: ch.int64(),
  }),
})

/** Freshness per dataset: visible rows, last successful load, last failure and why. */
export async function datasetStatus(wh: Warehouse): Promise<DatasetStatus[]> {
  const byDataset = new Map((await wh.query(RUN_SUMMARY)).map((r) => [r.dataset, r]))
  const out: DatasetStatus[] = []
  for (const d of DATASETS) {
    const r = byDataset.get(d.name)
    out.push({
      dataset: d.name,
      label: d.label,
      rows: await visibleRows(wh, d.name),
      last_success: r && r.n_ok > 0 ? r.ok : null,
      last_failure: r && r.n_bad > 0 ? r.bad : null,
      last_error: r && r.n_bad > 0 ? r.err : null,
      data_until: await dataUntil(wh, d),
    })
  }
  return out
}

const LAST_SUCCESS = defineQuery({
  name: 'load_runs.last_success_per_dataset',
  sql: `SELECT toString(dataset) AS dataset, toString(max(finished_at)) AS ok
    FROM load_runs FINAL WHERE status = 'succeeded' GROUP BY dataset`,
  row: z.object({ dataset: z.string(), ok: z.string().nullable() }),
})

/** Last successful load per dataset: only the run log, so cheap enough for every scorecard. */
export async function datasetFreshness(wh: Warehouse): Promise<Map<string, string>> {
  const rows = await wh.query(LAST_SUCCESS)
  return new Map(rows.flatMap((r) => (r.ok === null ? [] : [[r.dataset, r.ok] as const])))
}
