import type { OrchestratorApi } from '@cubejs-backend/server-core/dist/src/core/OrchestratorApi'
import { RefreshScheduler } from '@cubejs-backend/server-core/dist/src/core/RefreshScheduler'
import type { OfflineCompilerApi } from './compiler'
import type { CubeLogger } from './logger'
import { DEFAULT_TIMEZONE } from './query'

export interface RefreshResult {
  /** Pre-aggregation ids, e.g. `service_applications.kpis_by_month`. */
  preAggregations: string[]
  timezones: string[]
  durationMs: number
}

/**
 * Rebuilds every pre-aggregation of the model inside ClickHouse, now, through Cube's
 * own refresh path (RefreshScheduler.buildPreAggregations → orchestrator). A build
 * writes a new table version; queries switch to it once it has landed, and Cube drops
 * the superseded versions.
 *
 * RefreshScheduler expects the server core only for its logger and two getters, so the
 * engine hands it exactly those.
 */
export async function rebuildPreAggregations(
  compilerApi: OfflineCompilerApi,
  orchestratorApi: OrchestratorApi,
  logger: CubeLogger,
  timezones: string[] = [DEFAULT_TIMEZONE],
): Promise<RefreshResult> {
  const started = Date.now()
  const core = {
    logger,
    getCompilerApi: async () => compilerApi,
    getOrchestratorApi: async () => orchestratorApi,
  }
  const scheduler = new RefreshScheduler(core as never)
  const all = (await compilerApi.preAggregations()) as { id: string }[]
  const ids = all.map((p) => p.id)
  await scheduler.buildPreAggregations(
    { securityContext: {}, requestId: `refresh-${started}` } as never,
    {
      timezones,
      preAggregations: ids.map((id) => ({ id })),
      forceBuildPreAggregations: true,
      throwErrors: true,
    } as never,
  )
  return { preAggregations: ids, timezones, durationMs: Date.now() - started }
}
