import path from 'node:path'
import { z } from 'zod'

/**
 * The only module that reads process.env (enforced by Biome's noProcessEnv).
 * Every setting the project honours is declared here once, with its default,
 * so the README's configuration table and the code cannot drift apart silently.
 */
const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)

const optionalString = z.preprocess(emptyToUndefined, z.string().optional())

const positiveNumber = (name: string, fallback: number, whole = false) =>
  z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ error: `${name} must be a number` })
      .positive(`${name} must be > 0`)
      .refine((v) => !whole || Number.isInteger(v), `${name} must be a whole number`)
      .default(fallback),
  )

export const EnvSchema = z.object({
  PORT: z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ error: 'PORT must be a number' })
      .int('PORT must be a whole number')
      .min(0, 'PORT must be between 0 and 65535')
      .max(65535, 'PORT must be between 0 and 65535')
      .default(3000),
  ),
  HOST: z.preprocess(emptyToUndefined, z.string().default('127.0.0.1')),
  DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('./data')),
  CLICKHOUSE_URL: z.preprocess(
    emptyToUndefined,
    z
      .url({
        protocol: /^https?$/,
        error: 'CLICKHOUSE_URL must be an http(s) URL, e.g. http://localhost:8123',
      })
      .optional(),
  ),
  CLICKHOUSE_USER: z.preprocess(emptyToUndefined, z.string().default('default')),
  CLICKHOUSE_PASSWORD: z.preprocess(emptyToUndefined, z.string().default('')),
  CLICKHOUSE_DATABASE: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(
        /^[A-Za-z_][A-Za-z0-9_]*$/,
        'CLICKHOUSE_DATABASE must be a plain identifier (letters, digits, _)',
      )
      .default('default'),
  ),
  CLICKHOUSE_CLUSTER: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'CLICKHOUSE_CLUSTER must be a cluster name from remote_servers')
      .optional(),
  ),
  LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(['debug', 'info', 'warn', 'error']).default('info')),
  DEMO_DATA: z.preprocess(
    emptyToUndefined,
    z.enum(['auto', 'off'], { error: "DEMO_DATA must be 'auto' or 'off'" }).default('auto'),
  ),
  DEMO_SCALE: z.preprocess(
    emptyToUndefined,
    z.coerce.number({ error: 'DEMO_SCALE must be a number' }).positive('DEMO_SCALE must be > 0').default(1),
  ),
  SOURCES_FILE: optionalString,
  ADMIN_PASSWORD: optionalString,
  DEMO_PASSWORD: optionalString,
  SESSION_TTL_HOURS: z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ error: 'SESSION_TTL_HOURS must be a number' })
      .positive('SESSION_TTL_HOURS must be > 0')
      .default(12),
  ),
  COOKIE_SECURE: z.preprocess(
    emptyToUndefined,
    z.enum(['true', 'false'], { error: "COOKIE_SECURE must be 'true' or 'false'" }).default('false'),
  ),
  TRUSTED_PROXY_HEADER: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^[A-Za-z0-9-]+$/, 'TRUSTED_PROXY_HEADER must be a header name, e.g. x-forwarded-for')
      .transform((v) => v.toLowerCase())
      .optional(),
  ),
  REQUEST_BODY_LIMIT_KB: positiveNumber('REQUEST_BODY_LIMIT_KB', 1024),
  UPLOAD_BODY_LIMIT_MB: positiveNumber('UPLOAD_BODY_LIMIT_MB', 20),
  QUERIES_PER_USER: positiveNumber('QUERIES_PER_USER', 2, true),
  EXPLORE_TIMEOUT_SECONDS: positiveNumber('EXPLORE_TIMEOUT_SECONDS', 30),
  QUERY_TIMEOUT_SECONDS: positiveNumber('QUERY_TIMEOUT_SECONDS', 60),
  RESULT_MAX_MB: positiveNumber('RESULT_MAX_MB', 64),
  RESULT_CACHE_MB: positiveNumber('RESULT_CACHE_MB', 256),
})

export type Env = z.infer<typeof EnvSchema>

const MB = 1024 * 1024

export interface WarehouseConfig {
  mode: 'embedded' | 'server'
  dataDir: string
  url?: string
  user: string
  password: string
  database: string
  cluster?: string
}

export interface AppConfig {
  env: Env
  warehouse: WarehouseConfig
  port: number
  host: string
  logLevel: Env['LOG_LEVEL']
  sessionTtlHours: number
  cookieSecure: boolean
  /** Header that carries the client address set by a trusted reverse proxy (lower case). */
  trustedProxyHeader?: string
  limits: Limits
}

/** Bounds on what one request or one user may take (issue: no user starves the others). */
export interface Limits {
  requestBodyBytes: number
  uploadBodyBytes: number
  queriesPerUser: number
  exploreTimeoutMs: number
  queryTimeoutMs: number
  resultMaxBytes: number
  resultCacheBytes: number
}

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration / 配置错误:\n${issues.map((i) => `  - ${i}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

export function loadConfig(source: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = EnvSchema.safeParse(source)
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`))
  }
  const env = parsed.data
  if (env.CLICKHOUSE_CLUSTER && !env.CLICKHOUSE_URL) {
    throw new ConfigError([
      'CLICKHOUSE_CLUSTER: needs CLICKHOUSE_URL (cluster mode is for a ClickHouse server)',
    ])
  }
  const warehouse: WarehouseConfig = {
    mode: env.CLICKHOUSE_URL ? 'server' : 'embedded',
    dataDir: path.resolve(env.DATA_DIR),
    user: env.CLICKHOUSE_USER,
    password: env.CLICKHOUSE_PASSWORD,
    // chDB binds one engine per process and always works in `default`.
    database: env.CLICKHOUSE_URL ? env.CLICKHOUSE_DATABASE : 'default',
    ...(env.CLICKHOUSE_URL ? { url: env.CLICKHOUSE_URL } : {}),
    ...(env.CLICKHOUSE_CLUSTER ? { cluster: env.CLICKHOUSE_CLUSTER } : {}),
  }
  return {
    env,
    warehouse,
    port: env.PORT,
    host: env.HOST,
    logLevel: env.LOG_LEVEL,
    sessionTtlHours: env.SESSION_TTL_HOURS,
    cookieSecure: env.COOKIE_SECURE === 'true',
    ...(env.TRUSTED_PROXY_HEADER ? { trustedProxyHeader: env.TRUSTED_PROXY_HEADER } : {}),
    limits: {
      requestBodyBytes: Math.round(env.REQUEST_BODY_LIMIT_KB * 1024),
      uploadBodyBytes: Math.round(env.UPLOAD_BODY_LIMIT_MB * MB),
      queriesPerUser: env.QUERIES_PER_USER,
      exploreTimeoutMs: Math.round(env.EXPLORE_TIMEOUT_SECONDS * 1000),
      queryTimeoutMs: Math.round(env.QUERY_TIMEOUT_SECONDS * 1000),
      resultMaxBytes: Math.round(env.RESULT_MAX_MB * MB),
      resultCacheBytes: Math.round(env.RESULT_CACHE_MB * MB),
    },
  }
}
