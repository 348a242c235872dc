import type { WarehouseConfig } from './config'
import { log } from './log'

/** What a user is told while the warehouse cannot be reached (tRPC answers 503 with it). */
export const WAREHOUSE_UNAVAILABLE =
  '数据仓库暂时无法连接，请稍后重试 (the data warehouse is unreachable; try again shortly)'

// Socket-level failures: the server is down, restarting, or the network to it is. A query
// the server answered with an exception (bad SQL, missing table) is never one of these.
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
])
// Cube's query queue re-throws a failure as `new Error(message)`, dropping the code, so the
// message is all there is on that path ("Query failed: connect ECONNREFUSED 127.0.0.1:8123; …").
const NETWORK_MESSAGE = new RegExp(`\\b(${[...NETWORK_CODES].join('|')})\\b|socket hang up`)

/** True when the error means ClickHouse could not be reached, anywhere in its cause chain. */
export function isWarehouseUnreachable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 5) return false
  const e = err as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown }
  if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return true
  // Node's connection attempts to several addresses (localhost: ::1 and 127.0.0.1) fail as one AggregateError.
  if (Array.isArray(e.errors) && e.errors.some((x) => isWarehouseUnreachable(x, depth + 1))) return true
  if (typeof e.message === 'string' && NETWORK_MESSAGE.test(e.message)) return true
  return isWarehouseUnreachable(e.cause, depth + 1)
}

/** The server's address for messages and logs: scheme, host and port only, never credentials. */
export function warehouseAddress(config: WarehouseConfig): string {
  if (config.mode !== 'server' || !config.url) return 'embedded ClickHouse'
  const u = new URL(config.url)
  return `${u.protocol}//${u.host}`
}

/** Healthz and start-up state while the server cannot be reached. */
export function unreachableMessage(config: WarehouseConfig): string {
  return `数据仓库无法连接 (ClickHouse unreachable at ${warehouseAddress(config)})`
}

/** Healthz while the engine is reachable but too busy to answer the probe in time (a load, a long query). */
export function busyMessage(config: WarehouseConfig): string {
  return `数据仓库繁忙，正在处理数据加载或查询，响应会较慢 (ClickHouse busy at ${warehouseAddress(config)})`
}

/** An error's own text with the configured password masked, in case a server or proxy echoed it. */
export function errorDetail(err: unknown, config: WarehouseConfig): string {
  const text = err instanceof Error ? err.message || err.name : String(err)
  return config.password ? text.replaceAll(config.password, '***') : text
}

/**
 * Logs a failure that repeats while the warehouse is down once per window, not once per
 * occurrence: the first one at once, then a count every `windowMs`, and a line when it ends
 * (`recovered`, or implicitly: a whole window without failures starts a new episode).
 */
export class OutageLog {
  private since: number | null = null
  private count = 0
  private lastLogged = 0
  private lastFailed = 0

  constructor(
    private readonly what: string,
    private readonly windowMs = 60_000,
  ) {}

  failed(detail: string): void {
    const now = Date.now()
    if (this.since !== null && now - this.lastFailed > this.windowMs) this.since = null
    this.lastFailed = now
    if (this.since === null) {
      this.since = now
      this.count = 1
      this.lastLogged = now
      log.warn(`${this.what}: ${detail}`)
      return
    }
    this.count++
    if (now - this.lastLogged >= this.windowMs) {
      this.lastLogged = now
      const seconds = Math.round((now - this.since) / 1000)
      log.warn(`${this.what}: still failing (${this.count} times in ${seconds} s): ${detail}`)
    }
  }

  recovered(message: string): void {
    if (this.since === null) return
    const seconds = ((Date.now() - this.since) / 1000).toFixed(1)
    log.info(`${message} (after ${this.count} failure(s) in ${seconds} s)`)
    this.since = null
  }
}
