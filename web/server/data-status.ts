/**
 * What the web needs to know about data loads, declared by the web and provided by the
 * composition root (`app/data-status.ts`, backed by the ETL's run log). The web never
 * imports the ETL: the data-status page and the scorecard's "数据截至" come through here.
 */

export type LoadRunStatus = 'running' | 'succeeded' | 'failed'

/** One load run, newest version of its row. */
export interface LoadRun {
  run_id: string
  source: string
  dataset: string
  file: string
  started_at: string
  finished_at: string | null
  status: LoadRunStatus
  accepted: number
  rejected: number
  ignored_columns: string[]
  error: string | null
}

/** One row a load refused, with the reason a clerk can act on. */
export interface QuarantinedRow {
  run_id: string
  dataset: string
  row_number: number
  raw_row: string
  reason: string
}

/** Freshness of one dataset: visible rows, last successful load, last failure and why. */
export interface DatasetLoadStatus {
  dataset: string
  label: string
  rows: number
  last_success: string | null
  last_failure: string | null
  last_error: string | null
  /** The data's own latest date (its event time), null for reference tables without one. */
  data_until: string | null
}

/** A dataset as people know it: its Chinese name and each column's Chinese header. */
export interface DatasetInfo {
  name: string
  label: string
  /** column name → the header the contract gives it first */
  fields: Readonly<Record<string, string>>
}

/** One page of a longer list, with the length of the whole list. */
export interface Page<T> {
  rows: T[]
  total: number
}

/** A scheduled source: its configuration, whether it runs right now, and its latest runs. */
export interface SourceStatus {
  name: string
  dataset: string
  kind: 'folder' | 'http'
  schedule: string
  enabled: boolean
  running: boolean
  last_run: LoadRun | null
  last_failure: LoadRun | null
}

export interface DataStatus {
  /** The contract's dataset names, in contract order (the allowed values of `dataset`). */
  readonly datasetNames: readonly string[]
  /** The contract's datasets with their Chinese names, in contract order. */
  readonly datasets: readonly DatasetInfo[]
  runs(filter: { dataset?: string; source?: string; limit: number; offset: number }): Promise<Page<LoadRun>>
  quarantine(filter: {
    runId?: string
    dataset?: string
    limit: number
    offset: number
  }): Promise<Page<QuarantinedRow>>
  status(): Promise<DatasetLoadStatus[]>
  /** The configured sources (none when no sources file is configured). */
  sources(): Promise<SourceStatus[]>
  /** Last successful load per dataset name: cheap enough for every scorecard. */
  freshness(): Promise<Map<string, string>>
}
