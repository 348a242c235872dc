import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { PlanRules } from '../../indicators/plan.schema'
import type { WarehouseConfig } from '../../warehouse/config'
import { ResultCache } from './cache'
import { createCompilerApi } from './compiler'
import { createCubeDriver, type LaneSettings, requestIdFor } from './driver'
import { toSemanticLayerError } from './errors'
import { assertFilterTypes } from './filter-types'
import { type Lane, type LaneLimits, QueryGate } from './gate'
import { type CubeLogger, cubeLogger } from './logger'
import { loadViewCatalog, type MetaView, type ViewCatalog } from './meta'
import { createOrchestratorApi } from './orchestrator'
import { configuredPlanRules } from './plan-rules'
import { type RefreshOptions, type RefreshResult, rebuildPreAggregations } from './pre-aggregations'
import {
  type CubeQuery,
  DEFAULT_TIMEZONE,
  extendOpenEndedRanges,
  localToday,
  type NormalizedQuery,
  normalize,
  stableKey,
} from './query'
import { type Annotation, annotate, estimateRowBytes, type Row, toMemberRows } from './results'
import {
  assertViewMembers,
  parseSecurityContext,
  restrictToDepartment,
  type SecurityContext,
} from './security'
import { defaultCacheDir } from './transpile-cache'

export const DEFAULT_MODEL_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '../model')

export interface SemanticLayerOptions {
  warehouse: WarehouseConfig
  /** Directory of the YAML model (cubes/, views/). Default: semantic-layer/model. */
  modelDir?: string
  /**
   * The plans' rules the model's `{{ plan_rules.<name> }}` tokens stand for (plan.yml
   * `rules`; the app passes `modelRules` of its plans). Default: the rules of the plans in
   * `PLANS_DIR`.
   */
  planRules?: Partial<PlanRules>
  /** How long a result stays cached; 0 disables the cache. Default 10 minutes. */
  cacheTtlMs?: number
  /** ClickHouse database that holds pre-aggregation tables. Default cube_pre_aggregations. */
  preAggregationsSchema?: string
  logger?: CubeLogger
  limits?: Partial<EngineLimits>
  /**
   * Where the transpiled model is cached between processes (./transpile-cache.ts).
   * Default: a private per-user directory under the system's temp dir; null: no cache.
   */
  modelCacheDir?: string | null
}

/** What one query and one user may take; see ./config.ts for the settings. */
export interface EngineLimits {
  /** Uncached explore queries one user may have running at once (interactive: twice that). */
  queriesPerUser: number
  exploreTimeoutMs: number
  queryTimeoutMs: number
  /** Largest result the engine returns, in bytes as ClickHouse counts them. */
  resultMaxBytes: number
  /** Result cache size, in bytes as estimated by the cache. */
  resultCacheBytes: number
}

const DEFAULT_LIMITS: EngineLimits = {
  queriesPerUser: 2,
  exploreTimeoutMs: 30_000,
  queryTimeoutMs: 60_000,
  resultMaxBytes: 64 * 1024 * 1024,
  resultCacheBytes: 64 * 1024 * 1024,
}

export interface QueryOptions {
  /** false: read the source tables even when a pre-aggregation matches (tests, benchmarks). */
  usePreAggregations?: boolean
  /** The queue the query waits in (default interactive). */
  lane?: Lane
  /** Whose query it is, for the per-user share (default: the application's own, never refused). */
  user?: string
  /** Aborted when the caller goes away: a query still waiting for its turn is dropped. */
  signal?: AbortSignal
}

export interface LoadResult {
  /** One object per result row, keyed by member name (`application_kpis.date.year`). */
  data: Row[]
  annotation: Annotation
  /** The query as run: normalised, with the security filters added. */
  query: NormalizedQuery
  /** Pre-aggregation tables the answer was read from (empty: source tables). */
  usedPreAggregations: string[]
}

export interface SqlResult {
  sql: string
  params: unknown[]
  /** Pre-aggregations the SQL reads, by Cube name (the orchestrator picks the version). */
  preAggregations: string[]
}

export interface SemanticLayer {
  meta(securityContext?: SecurityContext): Promise<MetaView[]>
  load(query: CubeQuery, securityContext: SecurityContext, options?: QueryOptions): Promise<LoadResult>
  sql(query: CubeQuery, securityContext: SecurityContext, options?: QueryOptions): Promise<SqlResult>
  /** Empties the result cache; call after every load into the warehouse. */
  invalidate(): void
  /** Uncached queries running and waiting, per lane. */
  queueStats(): ReturnType<QueryGate['stats']>
  /**
   * Rebuilds pre-aggregations now, then empties the result cache: every one, or after a
   * load of `datasets` only those that read them.
   */
  refreshPreAggregations(options?: Pick<RefreshOptions, 'datasets'>): Promise<RefreshResult>
  close(): Promise<void>
}

/**
 * Interactive queries (scorecard, detail, rankings) are small and mostly read rollups; a
 * scorecard sends up to nine at once, hence two slots and a larger per-user share. The
 * explore lane gets one slot: one ad-hoc scan already uses both cores of a small server.
 */
const LANE_LIMITS: Record<Lane, Pick<LaneLimits, 'capacity'>> = {
  interactive: { capacity: 2 },
  explore: { capacity: 1 },
}

const laneLimits = (l: EngineLimits): Record<Lane, LaneLimits> => ({
  interactive: {
    capacity: LANE_LIMITS.interactive.capacity,
    perUser: 2 * l.queriesPerUser,
    waitingPerUser: 50,
  },
  explore: { capacity: LANE_LIMITS.explore.capacity, perUser: l.queriesPerUser, waitingPerUser: 10 },
})

const laneSettings = (l: EngineLimits): LaneSettings => {
  const common = { max_result_bytes: String(l.resultMaxBytes), result_overflow_mode: 'throw' } as const
  return {
    // ClickHouse pauses lower-priority queries (higher number) while higher ones run: a
    // scorecard's short queries go first, an explore scan resumes when they are done.
    interactive: {
      settings: { ...common, priority: '1', max_execution_time: l.queryTimeoutMs / 1000 },
      sessions: LANE_LIMITS.interactive.capacity,
    },
    explore: {
      settings: { ...common, priority: '2', max_threads: 1, max_execution_time: l.exploreTimeoutMs / 1000 },
      sessions: LANE_LIMITS.explore.capacity,
    },
  }
}

/** Queries remembered as asked, each a few hundred bytes of key text. */
const PREPARED_KEYS_MAX = 10_000

/** Rows plus a flat allowance for the annotation and query. */
const resultBytes = (r: LoadResult) => estimateRowBytes(r.data) + 4096

interface Prepared {
  query: NormalizedQuery
  cubeQuery: NormalizedQuery & { usePreAggregations: boolean }
}

/**
 * Compiles the Cube model and answers Cube queries in-process, offline: server-core's
 * CompilerApi and OrchestratorApi used as a library over the stock ClickHouse driver
 * (see README.md for what is overridden and why).
 */
export function createSemanticLayer(options: SemanticLayerOptions): SemanticLayer {
  const logger = options.logger ?? cubeLogger
  const compilerApi = createCompilerApi({
    modelDir: options.modelDir ?? DEFAULT_MODEL_DIR,
    planRules: options.planRules ?? configuredPlanRules(),
    preAggregationsSchema: options.preAggregationsSchema ?? 'cube_pre_aggregations',
    logger,
    cacheDir: options.modelCacheDir === undefined ? defaultCacheDir() : options.modelCacheDir,
  })
  const limits = { ...DEFAULT_LIMITS, ...options.limits }
  const orchestratorApi = createOrchestratorApi({
    driver: createCubeDriver(options.warehouse, laneSettings(limits)),
    logger,
    // One slot for the explore lane, the rest for interactive queries.
    queryConcurrency: LANE_LIMITS.explore.capacity + LANE_LIMITS.interactive.capacity,
  })
  const gate = new QueryGate(laneLimits(limits))
  const cache = new ResultCache<LoadResult>(options.cacheTtlMs ?? 10 * 60_000, {
    maxBytes: limits.resultCacheBytes,
    sizeOf: resultBytes,
  })
  let catalog: Promise<ViewCatalog> | undefined
  let requests = 0
  /** A query as asked (with its context and day) → its prepared cache key; bounded, oldest out first. */
  const preparedKeys = new Map<string, string>()
  const rememberPrepared = (asked: string, key: string) => {
    if (preparedKeys.size >= PREPARED_KEYS_MAX) preparedKeys.delete(preparedKeys.keys().next().value!)
    preparedKeys.set(asked, key)
  }

  const viewCatalog = () => {
    catalog ??= loadViewCatalog(compilerApi).catch((err) => {
      catalog = undefined
      throw err
    })
    return catalog
  }

  async function prepare(query: CubeQuery, securityContext: SecurityContext, opts: QueryOptions) {
    const context = parseSecurityContext(securityContext)
    const surface = await viewCatalog()
    const views = assertViewMembers(query, surface)
    assertFilterTypes(query, surface)
    const secured = restrictToDepartment(query, views, context, surface)
    const normalized = normalize(secured)
    const extended = extendOpenEndedRanges(normalized, localToday(normalized.timezone))
    const prepared: Prepared = {
      query: extended,
      cubeQuery: { ...extended, usePreAggregations: opts.usePreAggregations ?? true },
    }
    return prepared
  }

  const guarded =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await fn(...args)
      } catch (err) {
        throw toSemanticLayerError(err)
      }
    }

  return {
    meta: guarded(async (securityContext?: SecurityContext) => {
      const { views } = await viewCatalog()
      const context = securityContext ? parseSecurityContext(securityContext) : undefined
      return context?.deptCode === undefined ? views : views.filter((v) => v.hasDepartment)
    }),

    load: guarded(async (query: CubeQuery, securityContext: SecurityContext, opts: QueryOptions = {}) => {
      // A query asked before, by the same security context, on the same day: its checks
      // passed then and its answer may be in the cache, so the checks and Cube's
      // normalisation (most of a cached answer's cost) are not run again.
      // (Only in the model's own timezone, whose day is the one the range extension uses.)
      const asked =
        (query.timezone ?? DEFAULT_TIMEZONE) === DEFAULT_TIMEZONE
          ? stableKey([query, securityContext, opts.usePreAggregations ?? true, localToday(DEFAULT_TIMEZONE)])
          : undefined
      const known = asked === undefined ? undefined : preparedKeys.get(asked)
      const hit = known === undefined ? undefined : cache.get(known)
      if (hit) return hit
      const { query: normalized, cubeQuery } = await prepare(query, securityContext, opts)
      const key = stableKey(cubeQuery)
      if (asked !== undefined) rememberPrepared(asked, key)
      const cached = cache.get(key)
      if (cached) return cached
      const lane = opts.lane ?? 'interactive'
      const requestId = requestIdFor(lane, ++requests)
      const { sqlQuery, response } = await gate.run(
        lane,
        opts.user,
        async () => {
          const sqlQuery = await compilerApi.getSql({ ...cubeQuery, requestId } as never)
          const response = await orchestratorApi.executeQuery({
            ...sqlQuery,
            query: sqlQuery.sql[0],
            values: sqlQuery.sql[1],
            requestId,
            // Rows come back in full; the result cache above is the only cache.
            cacheMode: 'must-revalidate',
            persistent: false,
          } as never)
          return { sqlQuery, response }
        },
        opts.signal,
      )
      const metaConfig = await compilerApi.metaConfig({}, { requestId })
      const annotation = annotate(metaConfig, normalized)
      const result: LoadResult = {
        data: toMemberRows(response.data ?? [], sqlQuery.aliasNameToMember, annotation, normalized),
        annotation,
        query: normalized,
        usedPreAggregations: Object.keys(response.usedPreAggregations ?? {}),
      }
      cache.set(key, result)
      return result
    }),

    sql: guarded(async (query: CubeQuery, securityContext: SecurityContext, opts: QueryOptions = {}) => {
      const { cubeQuery } = await prepare(query, securityContext, opts)
      const sqlQuery = await compilerApi.getSql(cubeQuery as never)
      const [sql, params] = sqlQuery.sql as [string, unknown[]]
      const preAggregations = (sqlQuery.preAggregations as { tableName: string }[]).map((p) => p.tableName)
      return { sql, params, preAggregations }
    }),

    invalidate: () => {
      cache.clear()
      preparedKeys.clear()
    },

    queueStats: () => gate.stats(),

    refreshPreAggregations: guarded(async (refresh: Pick<RefreshOptions, 'datasets'> = {}) => {
      const result = await rebuildPreAggregations(compilerApi, orchestratorApi, logger, refresh)
      cache.clear()
      preparedKeys.clear()
      return result
    }),

    close: async () => {
      cache.clear()
      await orchestratorApi.release()
      compilerApi.dispose()
    },
  }
}
