import type { Figure, FigureSet } from '../../../test/reliability/figures'
import type { LoadResult } from './run'
import type { MemoryVerdict } from './stats'

/** What one load run measured, for the printed summary and the recorded figures. */
export interface LoadReport {
  connections: number
  scale: number
  roles: string
  plannedRequests: number
  warm?: { requests: number; seconds: number; slowest: { label: string; ms: number } }
  load: LoadResult
  mem: MemoryVerdict
  rssReadyMb: number | null
  curve: string
  stopped: { code: number | null; signal: string | null; ms: number }
}

const ms = (x: number) => `${x.toFixed(0)} ms`
const mb = (x: number | null) => (x === null ? '?' : x.toFixed(0))

export const errorCount = (l: LoadResult) => l.connErrors + l.non2xx + l.trpcErrors

function lines(r: LoadReport) {
  const { load, mem } = r
  const rps = (n: number) => (n / load.seconds).toFixed(1)
  return {
    warm: r.warm
      ? `warm-up: ${r.warm.requests} distinct requests in ${r.warm.seconds.toFixed(1)} s, slowest ${r.warm.slowest.label} ${ms(r.warm.slowest.ms)}`
      : 'warm-up: off',
    errors: `errors ${errorCount(load)} (connection ${load.connErrors}, of which timeouts ${load.timeouts}; non-2xx ${load.non2xx}; tRPC error bodies ${load.trpcErrors})`,
    rss: `server RSS MB: ready ${mb(r.rssReadyMb)}, start ${mb(mem.startMb)}, peak ${mb(mem.peakMb)}, end ${mb(mem.endMb)}; Q2 peak ${mb(mem.q2PeakMb)} → Q4 peak ${mb(mem.q4PeakMb)} (${mem.growthPct.toFixed(1)}%, limit 15%: ${mem.stable ? 'stable' : 'GROWING'}); late slope ${mem.lateSlopeMbPerMin.toFixed(1)} MB/min`,
    curve: `RSS curve (s:MB) ${r.curve}`,
    stop: `SIGTERM → exit code ${r.stopped.code}${r.stopped.signal ? ` signal ${r.stopped.signal}` : ''} in ${ms(r.stopped.ms)}`,
    rps,
  }
}

export function summary(r: LoadReport): string {
  const { load } = r
  const l = lines(r)
  return [
    `load test: ${r.connections} sessions (${r.roles}), ${load.seconds} s, demo scale ${r.scale}, ${r.plannedRequests} planned requests`,
    l.warm,
    `requests ${load.requests} (${l.rps(load.requests)} req/s)`,
    `latency p50 ${ms(load.latency.p50)}, p95 ${ms(load.latency.p95)}, p99 ${ms(load.latency.p99)}, max ${ms(load.latency.max)}`,
    `session lookup (server-side, every signed-in request): p50 ${load.sessionLookup.p50.toFixed(2)} ms, p95 ${load.sessionLookup.p95.toFixed(2)} ms, p99 ${load.sessionLookup.p99.toFixed(2)} ms`,
    l.errors,
    l.rss,
    l.curve,
    'per request kind (slowest p95 first):',
    ...load.byLabel.map(
      (b) =>
        `  ${b.label.padEnd(28)} n ${String(b.count).padStart(6)}  p50 ${ms(b.p50).padStart(7)}  p95 ${ms(b.p95).padStart(7)}  p99 ${ms(b.p99).padStart(7)}  max ${ms(b.max).padStart(7)}  failed ${b.failures}`,
    ),
    l.stop,
    ...load.samples.map((s) => `  failure: ${s}`),
  ].join('\n')
}

/** One row for all requests and one per request kind (same columns); the rest as notes. */
export function figures(r: LoadReport): FigureSet {
  const { load } = r
  const l = lines(r)
  const row = (name: string, count: number, p: LoadResult['latency'], errors: number) =>
    ({
      case: name,
      requests: count,
      req_per_s: Number(l.rps(count)),
      p50_ms: Math.round(p.p50),
      p95_ms: Math.round(p.p95),
      p99_ms: Math.round(p.p99),
      max_ms: Math.round(p.max),
      errors,
    }) satisfies { case: string } & Record<string, Figure>
  return {
    suite: `load: ${r.connections} sessions × ${load.seconds} s, demo scale ${r.scale}`,
    rows: [
      row('all requests', load.requests, load.latency, errorCount(load)),
      {
        case: 'session lookup (server-side)',
        requests: load.sessionLookup.count ?? load.requests,
        req_per_s: 0,
        p50_ms: Number(load.sessionLookup.p50.toFixed(2)),
        p95_ms: Number(load.sessionLookup.p95.toFixed(2)),
        p99_ms: Number(load.sessionLookup.p99.toFixed(2)),
        max_ms: Number(load.sessionLookup.max.toFixed(2)),
        errors: 0,
      },
      ...load.byLabel.map((b) => row(b.label, b.count, b, b.failures)),
    ],
    notes: [`sessions: ${r.roles}`, l.warm, l.errors, l.rss, l.curve, l.stop],
  }
}
