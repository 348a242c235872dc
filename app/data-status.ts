import { DATASET_NAMES } from '../etl/contract/datasets'
import { listQuarantine, listRuns } from '../etl/load/runs'
import { datasetFreshness, datasetStatus } from '../etl/load/status'
import type { Warehouse } from '../warehouse/client'
import type { DataStatus } from '../web/server/data-status'

/** The web's view of data loads, answered from the ETL's run log and quarantine. */
export function etlDataStatus(wh: Warehouse): DataStatus {
  return {
    datasetNames: DATASET_NAMES,
    runs: (filter) => listRuns(wh, filter),
    quarantine: (filter) => listQuarantine(wh, filter),
    status: () => datasetStatus(wh),
    freshness: () => datasetFreshness(wh),
  }
}
