import type { OrchestratorApi } from '@cubejs-backend/server-core/dist/src/core/OrchestratorApi'
import { RefreshScheduler } from '@cubejs-backend/server-core/dist/src/core/RefreshScheduler'
import type { OfflineCompilerApi } from './compiler'
import type { CubeLogger } from './logger'
import { DEFAULT_TIMEZONE } from './query'

export interface RefreshResult {
  /** Pre-aggregation ids rebuilt, e.g. `service_applications.kpis_by_month`. */
  preAggregations: string[]
  timezones: string[]
  durationMs: number
}

export interface RefreshOptions {
  timezones?: string[]
  /**
   * The datasets a load just changed: only the rollups whose refresh key watches one of
   * them are rebuilt (the others' keys did not move, so their versions stay current).
   * Unset: every rollup.
   */
  datasets?: readonly string[]
}

/**
 * The datasets a rollup's refresh key watches: the `dataset IN (…)` list of its
 * `load_runs` query (the model's one statement of what a rollup reads; a test checks it
 * against the tables the build SQL reads). A key without such a list watches every load.
 */
export function watchedDatasets(refreshKeySql: string): string[] | undefined {
  const list = /\bdataset\s+IN\s*\(([^)]*)\)/i.exec(refreshKeySql)?.[1]
  return list === undefined ? undefined : [...list.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]!)
}

interface PartitionInfo {
  preAggregation: { id: string }
  partitions: { loadSql?: [string, ...unknown[]] }[]
  invalidateKeyQueries?: [string, ...unknown[]][]
}

/** A rollup's build statement and its refresh-key query, as Cube renders them. */
export interface RollupStatement {
  id: string
  buildSql: string
  refreshKeySql: string
}

/**
 * RefreshScheduler expects the server core only for its logger and two getters, so the
 * engine hands it exactly those.
 */
function refreshScheduler(
  compilerApi: OfflineCompilerApi,
  orchestratorApi: OrchestratorApi,
  logger: CubeLogger,
) {
  const core = {
    logger,
    getCompilerApi: async () => compilerApi,
    getOrchestratorApi: async () => orchestratorApi,
  }
  return new RefreshScheduler(core as never)
}

/** Every rollup's statements (rendered offline; nothing runs). */
export async function rollupStatements(
  compilerApi: OfflineCompilerApi,
  orchestratorApi: OrchestratorApi,
  logger: CubeLogger,
  timezones: string[] = [DEFAULT_TIMEZONE],
): Promise<RollupStatement[]> {
  const all = (await compilerApi.preAggregations()) as { id: string }[]
  const partitions = (await refreshScheduler(compilerApi, orchestratorApi, logger).preAggregationPartitions(
    { securityContext: {}, requestId: `rollups-${Date.now()}` } as never,
    { timezones, preAggregations: all.map((p) => ({ id: p.id })) } as never,
  )) as PartitionInfo[]
  return partitions.map((p) => ({
    id: p.preAggregation.id,
    buildSql: p.partitions[0]?.loadSql?.[0] ?? '',
    refreshKeySql: p.invalidateKeyQueries?.[0]?.[0] ?? '',
  }))
}

/**
 * Rebuilds pre-aggregations inside ClickHouse, now, through Cube's own refresh path
 * (RefreshScheduler.buildPreAggregations → orchestrator): every one, or those whose
 * refresh key watches one of `datasets`. A build writes a new table version; queries
 * switch to it once it has landed, and Cube drops the superseded versions.
 */
export async function rebuildPreAggregations(
  compilerApi: OfflineCompilerApi,
  orchestratorApi: OrchestratorApi,
  logger: CubeLogger,
  options: RefreshOptions = {},
): Promise<RefreshResult> {
  const started = Date.now()
  const timezones = options.timezones ?? [DEFAULT_TIMEZONE]
  let ids: string[]
  if (options.datasets) {
    const loaded = new Set(options.datasets)
    ids = (await rollupStatements(compilerApi, orchestratorApi, logger, timezones))
      .filter((r) => {
        const watched = watchedDatasets(r.refreshKeySql)
        return watched === undefined || watched.some((d) => loaded.has(d))
      })
      .map((r) => r.id)
  } else {
    ids = ((await compilerApi.preAggregations()) as { id: string }[]).map((p) => p.id)
  }
  if (ids.length > 0) {
    await refreshScheduler(compilerApi, orchestratorApi, logger).buildPreAggregations(
      { securityContext: {}, requestId: `refresh-${started}` } as never,
      {
        timezones,
        preAggregations: ids.map((id) => ({ id })),
        forceBuildPreAggregations: true,
        throwErrors: true,
      } as never,
    )
  }
  return { preAggregations: ids, timezones, durationMs: Date.now() - started }
}
