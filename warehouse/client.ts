import fs from 'node:fs'
import http from 'node:http'
import https from 'node:https'
import net from 'node:net'
import { type ClickHouseClient, ClickHouseLogLevel, createClient } from '@clickhouse/client'

type ClickHouseConnection = NonNullable<Parameters<typeof createClient>[0]>['connection']

import { createChdbConnection } from 'chdb/connection'
import type { WarehouseConfig } from './config'
import {
  type ParamsOf,
  parseRows,
  type QueryParams,
  queryParams,
  type RowOf,
  type WarehouseQuery,
} from './query'

export type { QueryParams } from './query'

export interface QueryOptions {
  /** Ends the request itself (a hung server keeps no socket busy). */
  signal?: AbortSignal
}

/** A query's parameters may be left out when its schema needs none. */
type QueryArgs<Q extends WarehouseQuery> =
  Record<string, never> extends ParamsOf<Q>
    ? [params?: ParamsOf<Q>, options?: QueryOptions]
    : [params: ParamsOf<Q>, options?: QueryOptions]

/**
 * The project's one door to ClickHouse. Values always travel as server-side
 * parameters ({name:Type}); callers never splice values into SQL text.
 */
export interface Warehouse {
  readonly config: WarehouseConfig
  /** A named query (`defineQuery`): parameters checked, rows parsed by its row schema. */
  query<Q extends WarehouseQuery>(q: Q, ...args: QueryArgs<Q>): Promise<RowOf<Q>[]>
  /**
   * Untyped rows, as ClickHouse sends them (64-bit integers are strings over HTTP). For
   * tests and the app-state stores that move to PostgreSQL; production code reading the
   * warehouse declares its queries with `defineQuery`.
   */
  rows<T = Record<string, unknown>>(query: string, params?: QueryParams): Promise<T[]>
  command(query: string, params?: QueryParams): Promise<void>
  /** Rows inserted as JSON objects keyed by column name (omitted columns take their defaults). */
  insert(table: string, rows: readonly Record<string, unknown>[]): Promise<void>
  /** A query's whole result as bytes, in the format its text names (`FORMAT …`), streamed. */
  stream(query: string, params?: QueryParams): Promise<NodeJS.ReadableStream>
  /**
   * Whether the engine answers at all: a server's HTTP `/ping`, answered without running a
   * query (so also while queries queue); embedded, chDB runs `SELECT 1`, which queues.
   */
  ping(options?: QueryOptions): Promise<boolean>
  close(): Promise<void>
}

export function createWarehouseClient(config: WarehouseConfig): ClickHouseClient {
  if (config.mode === 'server') {
    return createClient({
      url: config.url,
      username: config.user,
      password: config.password,
      database: config.database,
      request_timeout: 300_000,
      http_agent: connectTimeoutAgent(config.url, CONNECT_TIMEOUT_MS),
      clickhouse_settings: { date_time_input_format: 'best_effort' },
      // Every failure reaches the caller, which reports it; the client's own log would print
      // each failed request again (a dozen lines apiece), a flood while the server is down.
      log: { level: ClickHouseLogLevel.OFF },
    })
  }
  fs.mkdirSync(config.dataDir, { recursive: true })
  // chdb types its Connection against @clickhouse/client-common, which the client now
  // bundles under its own (structurally equal) types; the cast bridges the two copies.
  const connection = createChdbConnection({ path: config.dataDir }) as unknown as ClickHouseConnection
  return createClient({ connection })
}

/**
 * request_timeout bounds a whole query (loads take minutes), and it also ran from before the
 * TCP handshake: a host that drops packets would hold each request for five minutes. A
 * server that is down refuses at once; this bounds the one that never answers the SYN.
 */
const CONNECT_TIMEOUT_MS = 10_000

function connectTimeoutAgent(url: string | undefined, timeoutMs: number): http.Agent {
  // As the client's own agent: keep-alive, at most 10 sockets (its max_open_connections).
  const options = { keepAlive: true, maxSockets: 10 }
  const agent = url?.startsWith('https:') ? new https.Agent(options) : new http.Agent(options)
  const create = agent.createConnection.bind(agent)
  agent.createConnection = (opts, callback) => {
    const socket = create(opts, callback)
    if (socket instanceof net.Socket && socket.connecting) {
      const timer = setTimeout(() => {
        const err = new Error(`connect ETIMEDOUT ${opts.host}:${opts.port} (no answer in ${timeoutMs} ms)`)
        socket.destroy(Object.assign(err, { code: 'ETIMEDOUT' }))
      }, timeoutMs)
      socket.once('connect', () => clearTimeout(timer))
      socket.once('close', () => clearTimeout(timer))
    }
    return socket
  }
  return agent
}

export function openWarehouse(config: WarehouseConfig): Warehouse {
  const client = createWarehouseClient(config)
  return {
    config,
    async query<Q extends WarehouseQuery>(q: Q, ...[params, options]: QueryArgs<Q>) {
      const rs = await client.query({
        query: q.sql,
        query_params: queryParams(q, params ?? ({} as ParamsOf<Q>)),
        format: 'JSONEachRow',
        ...(options?.signal ? { abort_signal: options.signal } : {}),
      })
      return parseRows(q, await rs.json())
    },
    async rows<T>(query: string, params: QueryParams = {}) {
      const rs = await client.query({ query, query_params: params, format: 'JSONEachRow' })
      return rs.json<T>()
    },
    async command(query: string, params: QueryParams = {}) {
      await client.command({ query, query_params: params })
    },
    async insert(table: string, rows: readonly Record<string, unknown>[]) {
      if (rows.length === 0) return
      await client.insert({ table, format: 'JSONEachRow', values: [...rows] })
    },
    async stream(query: string, params: QueryParams = {}) {
      return (await client.exec({ query, query_params: params })).stream
    },
    async ping(options?: QueryOptions) {
      const signal = options?.signal ? { abort_signal: options.signal } : {}
      return client.ping({ select: false, ...signal }).then(
        (r) => r.success,
        () => false,
      )
    },
    close: () => client.close(),
  }
}
