import path from 'node:path'
import { z } from 'zod'
import { ConfigError, defineSettings, type EnvSource, envVar, readSettings } from './env'

export { ConfigError, type EnvSource } from './env'

/** The warehouse's settings: where the data lives, which ClickHouse, how much to log. */
export const WarehouseEnv = z.object({
  DATA_DIR: envVar.string('./data'),
  CLICKHOUSE_URL: envVar.preprocess(
    z
      .url({
        protocol: /^https?$/,
        error: 'CLICKHOUSE_URL must be an http(s) URL, e.g. http://localhost:8123',
      })
      .optional(),
  ),
  CLICKHOUSE_USER: envVar.string('default'),
  CLICKHOUSE_PASSWORD: envVar.string(''),
  CLICKHOUSE_DATABASE: envVar.preprocess(
    z
      .string()
      .regex(
        /^[A-Za-z_][A-Za-z0-9_]*$/,
        'CLICKHOUSE_DATABASE must be a plain identifier (letters, digits, _)',
      )
      .default('default'),
  ),
  CLICKHOUSE_CLUSTER: envVar.preprocess(
    z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'CLICKHOUSE_CLUSTER must be a cluster name from remote_servers')
      .optional(),
  ),
  LOG_LEVEL: envVar.preprocess(z.enum(['debug', 'info', 'warn', 'error']).default('info')),
})

export type LogLevel = z.output<typeof WarehouseEnv>['LOG_LEVEL']

export interface WarehouseConfig {
  mode: 'embedded' | 'server'
  dataDir: string
  url?: string
  user: string
  password: string
  database: string
  cluster?: string
}

export interface WarehouseSettings {
  warehouse: WarehouseConfig
  logLevel: LogLevel
}

export const WAREHOUSE_SETTINGS = defineSettings(WarehouseEnv, (env): WarehouseSettings => {
  if (env.CLICKHOUSE_CLUSTER && !env.CLICKHOUSE_URL) {
    throw new ConfigError([
      'CLICKHOUSE_CLUSTER: needs CLICKHOUSE_URL (cluster mode is for a ClickHouse server)',
    ])
  }
  return {
    warehouse: {
      mode: env.CLICKHOUSE_URL ? 'server' : 'embedded',
      dataDir: path.resolve(env.DATA_DIR),
      user: env.CLICKHOUSE_USER,
      password: env.CLICKHOUSE_PASSWORD,
      // chDB binds one engine per process and always works in `default`.
      database: env.CLICKHOUSE_URL ? env.CLICKHOUSE_DATABASE : 'default',
      ...(env.CLICKHOUSE_URL ? { url: env.CLICKHOUSE_URL } : {}),
      ...(env.CLICKHOUSE_CLUSTER ? { cluster: env.CLICKHOUSE_CLUSTER } : {}),
    },
    logLevel: env.LOG_LEVEL,
  }
})

/** The warehouse's settings alone (the warehouse CLIs, tests); the app reads them in app/config.ts. */
export function loadWarehouseConfig(source?: EnvSource): WarehouseSettings {
  return readSettings({ warehouse: WAREHOUSE_SETTINGS }, source).warehouse
}
