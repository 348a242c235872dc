import { DATASET_NAMES, DATASETS } from '../etl/contract/datasets'
import { countQuarantine, countRuns, listQuarantine, listRuns } from '../etl/load/runs'
import { datasetFreshness, datasetStatus } from '../etl/load/status'
import type { Source } from '../etl/sources/config'
import type { Warehouse } from '../warehouse/client'
import type { DataStatus, DatasetInfo, SourceStatus } from '../web/server/data-status'

/** What the app knows of its scheduled sources (the Bootstrap's configuration and scheduler). */
export interface SourcesView {
  list(): readonly Source[]
  isRunning(name: string): boolean
}

const NO_SOURCES: SourcesView = { list: () => [], isRunning: () => false }

/** Each dataset's Chinese name and each column's first contract header. */
const DATASET_INFO: readonly DatasetInfo[] = DATASETS.map((d) => ({
  name: d.name,
  label: d.label,
  fields: Object.fromEntries(d.columns.map((c) => [c.name, c.aliases[0] ?? c.name])),
}))

/** The web's view of data loads, answered from the ETL's run log and quarantine. */
export function etlDataStatus(wh: Warehouse, sources: SourcesView = NO_SOURCES): DataStatus {
  const sourceStatus = async (s: Source): Promise<SourceStatus> => {
    const [[last], [failure]] = await Promise.all([
      listRuns(wh, { source: s.name, limit: 1 }),
      listRuns(wh, { source: s.name, status: 'failed', limit: 1 }),
    ])
    return {
      name: s.name,
      dataset: s.dataset,
      kind: s.type,
      schedule: s.schedule,
      enabled: s.enabled,
      running: sources.isRunning(s.name),
      last_run: last ?? null,
      last_failure: failure ?? null,
    }
  }
  return {
    datasetNames: DATASET_NAMES,
    datasets: DATASET_INFO,
    runs: async (filter) => {
      const [rows, total] = await Promise.all([listRuns(wh, filter), countRuns(wh, filter)])
      return { rows, total }
    },
    quarantine: async (filter) => {
      const [rows, total] = await Promise.all([listQuarantine(wh, filter), countQuarantine(wh, filter)])
      return { rows, total }
    },
    status: () => datasetStatus(wh),
    freshness: () => datasetFreshness(wh),
    sources: async () => {
      const out: SourceStatus[] = []
      // A handful of sources: one after the other keeps the embedded engine's queue short.
      for (const s of sources.list()) out.push(await sourceStatus(s))
      return out
    },
  }
}
