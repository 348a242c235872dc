import type { Warehouse } from '../../warehouse/client'
import { DATASETS } from '../contract/datasets'

export interface DatasetStatus {
  dataset: string
  label: string
  rows: number
  last_success: string | null
  last_failure: string | null
  last_error: string | null
}

/** Freshness per dataset: visible rows, last successful load, last failure and why. */
export async function datasetStatus(wh: Warehouse): Promise<DatasetStatus[]> {
  const runs = await wh.rows<{
    dataset: string
    ok: string
    bad: string
    err: string | null
    n_ok: string
    n_bad: string
  }>(
    `SELECT toString(dataset) AS dataset,
            toString(maxIf(finished_at, status = 'succeeded')) AS ok,
            toString(maxIf(finished_at, status = 'failed')) AS bad,
            argMaxIf(error, finished_at, status = 'failed') AS err,
            countIf(status = 'succeeded') AS n_ok, countIf(status = 'failed') AS n_bad
     FROM load_runs FINAL GROUP BY dataset`,
  )
  const byDataset = new Map(runs.map((r) => [r.dataset, r]))
  const out: DatasetStatus[] = []
  for (const d of DATASETS) {
    // Table names come from the contract (an allow-list).
    const [c] = await wh.rows<{ n: string }>(`SELECT count() AS n FROM ${d.name} FINAL`)
    const r = byDataset.get(d.name)
    out.push({
      dataset: d.name,
      label: d.label,
      rows: Number(c?.n ?? 0),
      last_success: r && Number(r.n_ok) > 0 ? r.ok : null,
      last_failure: r && Number(r.n_bad) > 0 ? r.bad : null,
      last_error: r && Number(r.n_bad) > 0 ? r.err : null,
    })
  }
  return out
}

/** Last successful load per dataset: only the run log, so cheap enough for every scorecard. */
export async function datasetFreshness(wh: Warehouse): Promise<Map<string, string>> {
  const rows = await wh.rows<{ dataset: string; ok: string }>(
    `SELECT toString(dataset) AS dataset, toString(max(finished_at)) AS ok
     FROM load_runs FINAL WHERE status = 'succeeded' GROUP BY dataset`,
  )
  return new Map(rows.map((r) => [r.dataset, r.ok]))
}
