import fs from 'node:fs'
import { type ClickHouseClient, createClient } from '@clickhouse/client'

type ClickHouseConnection = NonNullable<Parameters<typeof createClient>[0]>['connection']

import { createChdbConnection } from 'chdb/connection'
import type { WarehouseConfig } from './config'

export type QueryParams = Record<string, unknown>

/**
 * The project's one door to ClickHouse. Values always travel as server-side
 * parameters ({name:Type}); callers never splice values into SQL text.
 */
export interface Warehouse {
  readonly client: ClickHouseClient
  readonly config: WarehouseConfig
  rows<T = Record<string, unknown>>(query: string, params?: QueryParams): Promise<T[]>
  command(query: string, params?: QueryParams): Promise<void>
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
      clickhouse_settings: { date_time_input_format: 'best_effort' },
    })
  }
  fs.mkdirSync(config.dataDir, { recursive: true })
  // chdb types its Connection against @clickhouse/client-common, which the client now
  // bundles under its own (structurally equal) types; the cast bridges the two copies.
  const connection = createChdbConnection({ path: config.dataDir }) as unknown as ClickHouseConnection
  return createClient({ connection })
}

export function openWarehouse(config: WarehouseConfig): Warehouse {
  const client = createWarehouseClient(config)
  return {
    client,
    config,
    async rows<T>(query: string, params: QueryParams = {}) {
      const rs = await client.query({ query, query_params: params, format: 'JSONEachRow' })
      return rs.json<T>()
    },
    async command(query: string, params: QueryParams = {}) {
      await client.command({ query, query_params: params })
    },
    close: () => client.close(),
  }
}
