import type { BaseDriver } from '@cubejs-backend/base-driver'
import { QueryCache } from '@cubejs-backend/query-orchestrator'
import { OrchestratorApi } from '@cubejs-backend/server-core/dist/src/core/OrchestratorApi'
import type { CubeLogger } from './logger'

/** Seconds a query or a pre-aggregation build may take before Cube answers "Continue wait". */
const WAIT_SECONDS = 600

export interface OrchestratorOptions {
  driver: BaseDriver
  logger: CubeLogger
  /** Queries the warehouse runs at once; one query already uses both cores here. */
  queryConcurrency?: number
}

/**
 * server-core's OrchestratorApi over one driver and Cube's in-memory queue/cache
 * (no Redis, no Cube Store). Pre-aggregations are built inside ClickHouse.
 */
export function createOrchestratorApi(options: OrchestratorOptions): OrchestratorApi {
  const { driver, logger } = options
  const queueOptions = (concurrency: number) => async () => ({
    concurrency,
    continueWaitTimeout: WAIT_SECONDS,
    executionTimeout: WAIT_SECONDS,
  })
  const api = new OrchestratorApi(async () => driver, logger, {
    contextToDbType: async () => 'clickhouse',
    contextToExternalDbType: () => 'clickhouse',
    cacheAndQueueDriver: 'memory',
    continueWaitTimeout: WAIT_SECONDS,
    rollupOnlyMode: false,
    queryCacheOptions: { queueOptions: queueOptions(options.queryConcurrency ?? 2) },
    preAggregationsOptions: {
      queueOptions: queueOptions(1),
      // A query whose pre-aggregation was never built builds it first (a fresh data
      // directory, a new model); refreshPreAggregations() rebuilds after loads.
      externalRefresh: false,
      // Listing the rollup tables waits behind a running build; Cube's default of 10 s
      // made a rebuild at 100M rows give up with "Continue wait" (bench:scale, scale 100).
      loadCacheQueueOptions: { continueWaitTimeout: WAIT_SECONDS },
    },
  })
  bypassResultCache(api)
  return api
}

/**
 * The engine keeps its own result cache, invalidated explicitly after loads. Cube's
 * cache would keep a second copy of every result in a process-global store that is
 * never swept, and re-run queries in the background to renew it. This runs each query
 * the way Cube runs a query that has no refresh keys: straight through the queue.
 */
function bypassResultCache(api: OrchestratorApi): void {
  const queryCache = api.getQueryOrchestrator().getQueryCache()
  // biome-ignore lint/suspicious/noExplicitAny: Cube's QueryBody type is internal.
  queryCache.cachedQueryResult = async (queryBody: any, tables: any[]) => {
    const query = QueryCache.replacePreAggregationTableNamesInSql(queryBody.query, tables)
    const data = await queryCache.queryWithRetryAndRelease(query, queryBody.values, {
      cacheKey: [query, queryBody.values],
      priority: queryBody.queuePriority ?? 0,
      external: queryBody.external,
      requestId: queryBody.requestId,
      dataSource: queryBody.dataSource,
      persistent: false,
    })
    return { data }
  }
}
