import {
  type ClickHouseClient,
  ClickHouseLogLevel,
  type ClickHouseSettings,
  createClient,
} from '@clickhouse/client'
import { ClickHouseDriver } from '@cubejs-backend/clickhouse-driver'
import { formatMySql } from '@cubejs-backend/shared'
import { createChdbConnection } from 'chdb/connection'
import type { WarehouseConfig } from '../../warehouse/config'
import { log } from '../../warehouse/log'
import type { Lane } from './gate'

type ClickHouseConnection = NonNullable<Parameters<typeof createClient>[0]>['connection']
type QueryOptions = Parameters<ClickHouseDriver['query']>[2]

/**
 * Statements that return no result set. Cube's orchestrator sends the pre-aggregation
 * DDL (`CREATE TABLE … AS SELECT`, `ALTER TABLE … ADD INDEX`) through `query()`, which
 * the stock driver runs as a `JSONCompact` SELECT and parses with JSON.parse. A DDL
 * statement has no result, the body is empty, and JSON.parse('') throws "Unexpected end
 * of JSON input" — after the table was already created, so a retry "succeeds".
 */
const NO_RESULT_STATEMENT = /^\s*(CREATE|ALTER|DROP|INSERT|RENAME|TRUNCATE|OPTIMIZE|EXCHANGE)\b/i

/**
 * Per lane: ClickHouse settings (the engine itself stops a query at its time and size
 * limits) and, embedded, how many chDB sessions serve the lane. One chDB session runs one
 * query at a time, so a lane's sessions are its real concurrency, and lanes never share one.
 */
export type LaneSettings = Record<Lane, { settings: ClickHouseSettings; sessions: number }>

/** The engine names each request `sl-<lane>-…`; Cube's query ids start with the request id. */
export const requestIdFor = (lane: Lane, n: number) => `sl-${lane}-${process.pid}-${n}`
const LANE_OF_QUERY_ID = /^sl-(interactive|explore)-/

type QueryParams = Parameters<ClickHouseClient['query']>[0]
type ResultSetOf = Awaited<ReturnType<ClickHouseClient['query']>>

// Where a JSON/JSONCompact document starts: `{` then the `meta` key on the next line.
const DOCUMENT_START = /\{\n\t"meta":/g

/**
 * Two engine behaviours break the stock driver's JSON parsing, seen with chDB 3.4:
 * - A limit hit after the first rows were written (a result cap, a time limit) appends
 *   the exception to the output. The engine's message ("Code: 396. DB::Exception: …")
 *   is raised instead of the parser's.
 * - After a query of a chDB session failed that way, the session's next answer starts
 *   with the failed query's (empty, finished) document. The last document is the answer.
 */
function withEngineErrors(resultSet: ResultSetOf): ResultSetOf {
  const rs = resultSet as unknown as { json: () => Promise<unknown>; text: () => Promise<string> }
  rs.json = async () => {
    const text = await rs.text()
    try {
      return JSON.parse(text)
    } catch (err) {
      const engine = /Code: \d+\. DB::Exception: [^\n]{0,500}/.exec(text)
      if (engine) throw new Error(engine[0])
      const starts = [...text.matchAll(DOCUMENT_START)].map((m) => m.index)
      if (starts.length > 1) return JSON.parse(text.slice(starts[starts.length - 1]))
      throw err
    }
  }
  return resultSet
}

/** Clients that answer one lane's queries, each query sent to the least busy one. */
class SessionPool {
  private readonly busy: number[]

  constructor(private readonly clients: ClickHouseClient[]) {
    this.busy = clients.map(() => 0)
  }

  async query(params: QueryParams): Promise<ResultSetOf> {
    const i = this.busy.indexOf(Math.min(...this.busy))
    this.busy[i]!++
    try {
      return await this.clients[i]!.query(params)
    } finally {
      this.busy[i]!--
    }
  }
}

/**
 * Adds the lane's settings to every query the client sends and, when the lanes have
 * their own sessions (embedded), runs it there. Cube's driver passes its own settings on
 * each call, so they are merged per call, keyed by the query id Cube derives from the
 * request id. Cancelling a running query with KILL QUERY does not reach the embedded
 * engine (chDB does not keep the query id), so `max_execution_time` is what bounds a
 * query's time in both modes.
 */
function laneAware(
  client: ClickHouseClient,
  lanes: LaneSettings | undefined,
  pools?: Record<Lane, SessionPool>,
): ClickHouseClient {
  const query = client.query.bind(client) as (p: QueryParams) => Promise<ResultSetOf>
  client.query = (async (params: QueryParams) => {
    const lane = LANE_OF_QUERY_ID.exec(params.query_id ?? '')?.[1] as Lane | undefined
    if (!lane || !lanes) return withEngineErrors(await query(params))
    const laneParams = {
      ...params,
      clickhouse_settings: { ...params.clickhouse_settings, ...lanes[lane].settings },
    }
    const answer = pools ? await pools[lane].query(laneParams) : await query(laneParams)
    return withEngineErrors(answer)
  }) as ClickHouseClient['query']
  return client
}

/**
 * Cube's stock ClickHouse driver with one correction: statements without a result set
 * run as commands. Everything else (SQL dialect, settings, type mapping, result
 * parsing) is the stock driver's.
 */
export class WarehouseClickHouseDriver extends ClickHouseDriver {
  override async query<R = unknown>(sql: string, values?: unknown[], options?: QueryOptions): Promise<R[]> {
    if (NO_RESULT_STATEMENT.test(sql)) {
      await this.command(formatMySql(sql, values ?? []), options)
      return []
    }
    return super.query<R>(sql, values ?? [], options)
  }

  /**
   * Cube names a pre-aggregation version `<name>_<content>_<structure>_<seconds>`: two
   * builds of unchanged SQL within one second (a load's refresh right after a query
   * built the table) get the same name, and the second CREATE TABLE fails with "already
   * exists". CREATE OR REPLACE swaps the table atomically, so readers see either version.
   */
  override async loadPreAggregationIntoTable(
    tableName: string,
    loadSql: string,
    params: unknown[],
    options: QueryOptions,
  ): Promise<unknown[]> {
    const sql = loadSql.replace(/^\s*CREATE\s+TABLE\b/i, 'CREATE OR REPLACE TABLE')
    // Debug level: shows which rollup a refresh was building when it stopped (the kill test aims by it).
    const started = Date.now()
    log.debug(`预聚合构建开始 (rollup build started) ${tableName}`)
    await this.command(formatMySql(sql, params ?? []), options)
    log.debug(`预聚合已写入 (rollup build landed) ${tableName}`, { ms: Date.now() - started })
    return []
  }
}

/**
 * Server mode: the stock driver over HTTP with the warehouse's settings.
 * Embedded mode: the same driver whose @clickhouse/client talks to chDB
 * (`chdb/connection`) on the warehouse's data directory instead of HTTP.
 * Either way every client it makes adds the lanes' limits to each query.
 */
export function createCubeDriver(config: WarehouseConfig, lanes?: LaneSettings): ClickHouseDriver {
  const Driver = driverClass(config, lanes)
  if (config.mode === 'server') {
    const url = new URL(config.url ?? 'http://localhost:8123')
    return new Driver({
      host: url.hostname,
      // As @clickhouse/client reads the same URL (warehouse/client.ts): no port, the scheme's.
      port: url.port || (url.protocol === 'https:' ? '443' : '80'),
      protocol: url.protocol,
      username: config.user,
      password: config.password,
      database: config.database,
      // Pre-aggregations are built inside ClickHouse (CREATE TABLE … AS SELECT).
      readOnly: false,
    })
  }
  return new Driver({ database: 'default', readOnly: false })
}

/**
 * The stock driver calls `createClient` from its constructor, before a subclass's
 * fields exist, so the configuration is captured by closure.
 */
function driverClass(config: WarehouseConfig, lanes: LaneSettings | undefined) {
  return class LaneAwareClickHouseDriver extends WarehouseClickHouseDriver {
    protected override createClient(maxPoolSize: number): ClickHouseClient {
      if (config.mode === 'server') return laneAware(super.createClient(maxPoolSize), lanes)
      // libchdb binds one data directory per process and lets several sessions share
      // it, so each client the driver asks for (pool, stream, kill) gets its own session,
      // and so does each lane slot: one session runs one query at a time.
      const session = () =>
        createClient({
          connection: createChdbConnection({ path: config.dataDir }) as unknown as ClickHouseConnection,
          clickhouse_settings: this.config.clickhouseSettings,
          log: { level: ClickHouseLogLevel.ERROR },
        })
      const pools = lanes && {
        interactive: new SessionPool(Array.from({ length: lanes.interactive.sessions }, session)),
        explore: new SessionPool(Array.from({ length: lanes.explore.sessions }, session)),
      }
      return laneAware(session(), lanes, pools)
    }
  }
}
