import { type PreAggregations, prepareCompiler } from '@cubejs-backend/schema-compiler'
import { ClickHouseQuery } from '@cubejs-backend/schema-compiler/dist/src/adapter/ClickHouseQuery'
import { CompilerApi } from '@cubejs-backend/server-core/dist/src/core/CompilerApi'
import type { PlanRules } from '../../indicators/plan.schema'
import type { CubeLogger } from './logger'
import { offlineNativeInstance } from './native-stub'
import { ModelRepository } from './repository'
import { openTranspileCache, type TranspileInputs } from './transpile-cache'

/** Query options the engine adds on top of a Cube query. */
export interface EngineQueryOptions {
  /** false: answer from the source tables even when a pre-aggregation matches. */
  usePreAggregations?: boolean
}

/**
 * Cube's ClickHouse dialect with three corrections.
 *
 * Date-range bounds: Cube passes them in UTC with a `Z` to queries on source tables,
 * but as local wall-clock time (the query's timezone, no offset) to queries on rollups,
 * whose time columns hold local period starts. The stock dialect parses both with
 * parseDateTimeBestEffort(?), which reads an offset-less string in the server's
 * timezone (UTC for chDB), so a rollup query for 2023 in Asia/Shanghai lost January
 * and gained the next January. Parsing in the query's timezone is right for both forms:
 * an explicit `Z` still wins.
 *
 * Pre-aggregation DDL:
 * - An `original_sql` pre-aggregation materialises the cube's own SQL, so its table
 *   has the cube's raw columns; the stock dialect names the index (the table's ORDER
 *   BY) by member aliases (`cube__column`), which that table lacks. Index columns of an
 *   original_sql pre-aggregation must be dimensions named like the raw column they read.
 * - The first index already is the table's ORDER BY (ClickHouse's primary index). The
 *   stock dialect also adds it again as a minmax skip index after the data is in, which
 *   ClickHouse never materialises for existing parts; that statement is skipped.
 */
export class WarehouseClickHouseQuery extends ClickHouseQuery {
  override timeStampCast(value: string): string {
    return this.dateTimeCast(value)
  }

  override dateTimeCast(value: string, timezone?: string): string {
    if (timezone) return super.dateTimeCast(value, timezone)
    return `parseDateTimeBestEffort(${value}, '${this.timezone}')`
  }

  // biome-ignore lint/suspicious/noExplicitAny: Cube's pre-aggregation definitions are untyped.
  override indexSql(cube: string, preAggregation: any, index: any, indexName: string, tableName: string) {
    const [first] = Object.values(preAggregation.indexes ?? {})
    if (index === first) return ['SELECT 1', []]
    return super.indexSql(cube, preAggregation, index, indexName, tableName)
  }

  // biome-ignore lint/suspicious/noExplicitAny: Cube's pre-aggregation definitions are untyped.
  override preAggregationLoadSql(cube: string, preAggregation: any, tableName: string) {
    if (preAggregation.type !== 'originalSql')
      return super.preAggregationLoadSql(cube, preAggregation, tableName)
    const [sql, params] = this.preAggregationSql(cube, preAggregation) as [string, unknown[]]
    const [index] = Object.values(preAggregation.indexes ?? {})
    if (!index) throw new Error(`original_sql pre-aggregation of ${cube} needs an index (its ORDER BY)`)
    const prefix = `${this.aliasName(cube)}__`
    const columns = (this.evaluateIndexColumns(cube, index) as string[]).map((c) =>
      c.replace(/^`|`$/g, '').replace(prefix, ''),
    )
    const orderBy = columns.map((c) => this.escapeColumnName(c)).join(', ')
    return [`CREATE TABLE ${tableName} ENGINE = MergeTree() ORDER BY (${orderBy}) AS ${sql}`, params]
  }
}

/**
 * The dialect with pre-aggregations switched off: the answer comes from the source
 * tables. A separate class (not a query flag) because Cube caches generated SQL per
 * query shape and dialect class name, and leaves unknown flags out of that key.
 */
export class SourceOnlyClickHouseQuery extends WarehouseClickHouseQuery {
  override newPreAggregations(): PreAggregations {
    const preAggregations = super.newPreAggregations()
    preAggregations.findPreAggregationForQuery = () => undefined
    preAggregations.findPreAggregationToUseForCube = () => null
    return preAggregations
  }
}

/**
 * server-core's CompilerApi, made to run without @cubejs-backend/native:
 * - `createNativeInstance` returns a stand-in, so the YAML compiler never loads the
 *   native module (it only needs it for Jinja templates and Python, which the model
 *   does not use);
 * - every query uses the legacy JavaScript SQL planner (`useNativeSqlPlanner: false`),
 *   which is what Cube would otherwise read from CUBEJS_TESSERACT_SQL_PLANNER; the
 *   Tesseract planner lives in the native module.
 */
export class OfflineCompilerApi extends CompilerApi {
  constructor(
    repository: ConstructorParameters<typeof CompilerApi>[0],
    dbType: ConstructorParameters<typeof CompilerApi>[1],
    options: ConstructorParameters<typeof CompilerApi>[2],
    /** Directory of the transpiled-model cache (./transpile-cache.ts); null: none. */
    readonly cacheDir: string | null,
  ) {
    super(repository, dbType, options)
  }

  /**
   * Cube's compileSchema with the transpile steps answered from the on-disk cache when
   * the model is unchanged: the same prepareCompiler options, the same query factory.
   */
  override async compileSchema(compilerVersion: string, requestId?: string) {
    const started = Date.now()
    this.logger('Compiling schema', { version: compilerVersion, requestId })
    const compilers = prepareCompiler(this.repository, {
      allowNodeRequire: this.allowNodeRequire,
      compileContext: this.compileContext,
      allowJsDuplicatePropsInSchema: this.allowJsDuplicatePropsInSchema,
      standalone: this.standalone,
      nativeInstance: this.nativeInstance,
      compiledScriptCache: this.compiledScriptCache,
      compiledJinjaCache: this.compiledJinjaCache,
      compiledYamlCache: this.compiledYamlCache,
    } as never)
    const files = await this.repository.dataSchemaFiles()
    const cache = openTranspileCache(this.cacheDir, files, this.logger)
    // biome-ignore lint/suspicious/noExplicitAny: the transpile steps are internal to Cube's DataSchemaCompiler.
    const compiler = compilers.compiler as any
    for (const method of ['transpileJsFile', 'transpileYamlFile'] as const) {
      const original = compiler[method].bind(compiler)
      compiler[method] = async (
        file: { fileName: string; content: string },
        errors: unknown,
        opts: TranspileInputs,
      ) => {
        const inputs = { n: opts.cubeNames, s: opts.cubeSymbols, t: opts.transpilerNames, j: opts.jinjaUsed }
        const hit = cache.get(method, file.fileName, file.content, inputs)
        if (hit !== undefined) return { ...file, content: hit }
        const result = await original(file, errors, opts)
        if (result) cache.put(method, file.fileName, file.content, inputs, result.content)
        return result
      }
    }
    await compiler.compile()
    cache.save()
    this.queryFactory = await this.createQueryFactory(compilers as never)
    this.logger('Compiling schema completed', {
      version: compilerVersion,
      requestId,
      duration: Date.now() - started,
    })
    return compilers as never
  }

  override createNativeInstance(): ReturnType<CompilerApi['createNativeInstance']> {
    return offlineNativeInstance()
  }

  // biome-ignore lint/suspicious/noExplicitAny: Cube types the compiled model and query loosely.
  override createQuery(compilers: any, dbType: string, dialectClass: any, query: any): any {
    const { usePreAggregations = true, ...cubeQuery } = query as EngineQueryOptions & Record<string, unknown>
    return super.createQuery(
      compilers,
      dbType,
      usePreAggregations ? dialectClass : SourceOnlyClickHouseQuery,
      {
        ...cubeQuery,
        useNativeSqlPlanner: false,
      },
    )
  }
}

export interface CompilerOptions {
  modelDir: string
  /** The numbers the model's `{{ plan_rules.<name> }}` tokens stand for (plan-rules.ts). */
  planRules: Partial<PlanRules>
  /** Where transpiled model files are cached between processes; null: no cache. */
  cacheDir: string | null
  preAggregationsSchema: string
  logger: CubeLogger
}

export function createCompilerApi(options: CompilerOptions): OfflineCompilerApi {
  const repository = new ModelRepository(options.modelDir, options.planRules)
  return new OfflineCompilerApi(
    // biome-ignore lint/suspicious/noExplicitAny: Cube's SchemaFileRepository also declares optional members the model repository does not need.
    repository as any,
    async () => 'clickhouse',
    {
      logger: options.logger,
      preAggregationsSchema: options.preAggregationsSchema,
      // The model is YAML only: no JavaScript model file may require Node modules.
      allowNodeRequire: false,
      // Generating SQL takes ~10 ms a query in the JavaScript planner; repeated shapes reuse it.
      sqlCache: true,
      dialectClass: () => WarehouseClickHouseQuery as never,
    },
    options.cacheDir,
  )
}
