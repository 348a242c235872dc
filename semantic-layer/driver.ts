import { type ClickHouseClient, ClickHouseLogLevel, createClient } from '@clickhouse/client'
import { ClickHouseDriver } from '@cubejs-backend/clickhouse-driver'
import { formatMySql } from '@cubejs-backend/shared'
import { createChdbConnection } from 'chdb/connection'
import type { WarehouseConfig } from '../warehouse/config'
import { log } from '../warehouse/log'

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
 */
export function createCubeDriver(config: WarehouseConfig): ClickHouseDriver {
  if (config.mode === 'server') {
    const url = new URL(config.url ?? 'http://localhost:8123')
    return new WarehouseClickHouseDriver({
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
  return new (embeddedDriverClass(config.dataDir))({ database: 'default', readOnly: false })
}

/**
 * The stock driver calls `createClient` from its constructor, before a subclass's
 * fields exist, so the data directory is captured by closure.
 */
function embeddedDriverClass(dataDir: string) {
  return class ChdbClickHouseDriver extends WarehouseClickHouseDriver {
    protected override createClient(_maxPoolSize: number): ClickHouseClient {
      // libchdb binds one data directory per process and lets several sessions share
      // it, so each client the driver asks for (pool, stream, kill) gets its own session.
      const connection = createChdbConnection({ path: dataDir }) as unknown as ClickHouseConnection
      return createClient({
        connection,
        clickhouse_settings: this.config.clickhouseSettings,
        log: { level: ClickHouseLogLevel.ERROR },
      })
    }
  }
}
