import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { WarehouseConfig } from '../warehouse/config'
import { ResultCache } from './cache'
import { createCompilerApi } from './compiler'
import { createCubeDriver } from './driver'
import { toSemanticLayerError } from './errors'
import { assertFilterTypes } from './filter-types'
import { type CubeLogger, cubeLogger } from './logger'
import { loadViewCatalog, type MetaView, type ViewCatalog } from './meta'
import { createOrchestratorApi } from './orchestrator'
import { type RefreshResult, rebuildPreAggregations } from './pre-aggregations'
import {
  type CubeQuery,
  extendOpenEndedRanges,
  localToday,
  type NormalizedQuery,
  normalize,
  stableKey,
} from './query'
import { type Annotation, annotate, type Row, toMemberRows } from './results'
import {
  assertViewMembers,
  parseSecurityContext,
  restrictToDepartment,
  type SecurityContext,
} from './security'

export const DEFAULT_MODEL_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'model')

export interface SemanticLayerOptions {
  warehouse: WarehouseConfig
  /** Directory of the YAML model (cubes/, views/). Default: semantic-layer/model. */
  modelDir?: string
  /** How long a result stays cached; 0 disables the cache. Default 10 minutes. */
  cacheTtlMs?: number
  /** ClickHouse database that holds pre-aggregation tables. Default cube_pre_aggregations. */
  preAggregationsSchema?: string
  logger?: CubeLogger
}

export interface QueryOptions {
  /** false: read the source tables even when a pre-aggregation matches (tests, benchmarks). */
  usePreAggregations?: boolean
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
  /** Rebuilds every pre-aggregation now, then empties the result cache. */
  refreshPreAggregations(): Promise<RefreshResult>
  close(): Promise<void>
}

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
    preAggregationsSchema: options.preAggregationsSchema ?? 'cube_pre_aggregations',
    logger,
  })
  const orchestratorApi = createOrchestratorApi({ driver: createCubeDriver(options.warehouse), logger })
  const cache = new ResultCache<LoadResult>(options.cacheTtlMs ?? 10 * 60_000)
  let catalog: Promise<ViewCatalog> | undefined
  let requests = 0

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
      const { query: normalized, cubeQuery } = await prepare(query, securityContext, opts)
      const key = stableKey(cubeQuery)
      const cached = cache.get(key)
      if (cached) return cached
      const requestId = `sl-${process.pid}-${++requests}`
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

    invalidate: () => cache.clear(),

    refreshPreAggregations: guarded(async () => {
      const result = await rebuildPreAggregations(compilerApi, orchestratorApi, logger)
      cache.clear()
      return result
    }),

    close: async () => {
      cache.clear()
      await orchestratorApi.release()
      compilerApi.dispose()
    },
  }
}
