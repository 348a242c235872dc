/**
 * autocannon 8 ships no types and @types/autocannon is not installed; this declares the part
 * of its API the load test uses (see node_modules/autocannon/README.md).
 */
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events'

  export interface Request {
    method?: string
    path?: string
    headers?: Record<string, string>
    body?: string
    onResponse?: (status: number, body: string, context: object, headers: Record<string, unknown>) => void
  }

  /** One connection; emits 'response' (status, bytes, ms) after the request's onResponse. */
  export interface Client extends EventEmitter {
    setRequests(requests: Request[]): void
  }

  export interface Histogram {
    average: number
    max: number
    p50: number
    p99: number
  }

  export interface Result {
    duration: number
    errors: number
    timeouts: number
    non2xx: number
    mismatches: number
    resets: number
    latency: Histogram
    requests: Histogram & { total: number }
    statusCodeStats: Record<string, { count: number }>
  }

  export interface Options {
    url: string
    connections?: number
    duration?: number
    timeout?: number
    pipelining?: number
    requests?: Request[]
    setupClient?: (client: Client) => void
  }

  export interface Instance extends EventEmitter {
    stop(): void
  }

  function autocannon(opts: Options, cb: (err: Error | null, result: Result) => void): Instance
  export default autocannon
}
