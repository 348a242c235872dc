import autocannon, { type Client } from 'autocannon'
import type { PlannedRequest } from './plan'
import { trpcProblem } from './sessions'
import { type Percentiles, percentiles } from './stats'

/** One autocannon connection: its session's headers and the requests it cycles through. */
export interface LoadClient {
  headers: Record<string, string>
  /** What the server's result cache keys on besides the query: the department, if any. */
  context: string
  requests: PlannedRequest[]
}

export interface LoadResult {
  seconds: number
  /** Responses received (whatever their status). */
  requests: number
  latency: Percentiles
  /** Connection errors, timeouts included (autocannon's count). */
  connErrors: number
  timeouts: number
  non2xx: number
  /** 2xx responses whose body is not a tRPC result (an error inside a 207 batch, bad JSON). */
  trpcErrors: number
  byLabel: Array<{ label: string; failures: number } & Percentiles>
  /** The server's own session lookup per request (its Server-Timing `session;dur`). */
  sessionLookup: Percentiles
  /** The first few failures, for the report. */
  samples: string[]
}

/**
 * Runs autocannon with one connection per client for `seconds`. Each connection is bound
 * to its own session (setupClient runs once per connection, in order) and loops over its
 * requests, one at a time (no pipelining, as a browser tab). Latencies are recorded per
 * request kind here, since autocannon keeps one histogram and no p95.
 */
export function runLoad(url: string, clients: LoadClient[], seconds: number): Promise<LoadResult> {
  const times = new Map<string, number[]>()
  const failures = new Map<string, number>()
  const samples: string[] = []
  const lookups: number[] = []
  let trpcErrors = 0
  let next = 0
  const setupClient = (client: Client) => {
    const mine = clients[next++ % clients.length]!
    // onResponse runs just before the client's 'response' event for the same request.
    let last = ''
    client.setRequests(
      mine.requests.map((r) => ({
        method: 'GET',
        path: r.path,
        headers: mine.headers,
        onResponse: (status: number, body: string, _context: object, headers: Record<string, unknown>) => {
          const problem = trpcProblem(status, body)
          last = r.label
          const timing = /session;dur=([\d.]+)/.exec(String(headers['server-timing'] ?? ''))
          if (timing) lookups.push(Number(timing[1]))
          if (problem === null) return
          failures.set(r.label, (failures.get(r.label) ?? 0) + 1)
          if (status >= 200 && status <= 299) trpcErrors++
          if (samples.length < 10) samples.push(`${r.label}: ${problem}`)
        },
      })),
    )
    client.on('response', (_status: number, _bytes: number, ms: number) => {
      const xs = times.get(last) ?? []
      xs.push(ms)
      times.set(last, xs)
    })
  }
  return new Promise((resolve, reject) => {
    autocannon(
      { url, connections: clients.length, duration: seconds, timeout: 10, pipelining: 1, setupClient },
      (err, r) => {
        if (err) return reject(err)
        const all = [...times.values()].flat()
        resolve({
          seconds: r.duration,
          requests: all.length,
          latency: percentiles(all),
          connErrors: r.errors,
          timeouts: r.timeouts,
          non2xx: r.non2xx,
          trpcErrors,
          sessionLookup: percentiles(lookups),
          byLabel: [...times.entries()]
            .map(([label, xs]) => ({ label, failures: failures.get(label) ?? 0, ...percentiles(xs) }))
            .sort((a, b) => b.p95 - a.p95),
          samples,
        })
      },
    )
  })
}

/**
 * Sends every distinct request once (per department context), a few at a time, before the
 * measured run: the figures are then those of a server in use, not of its first minute
 * (model compilation, first reads), which this pass reports separately.
 */
export async function warmUp(url: string, clients: LoadClient[], concurrency = 4) {
  const seen = new Set<string>()
  const todo: Array<{ client: LoadClient; req: PlannedRequest }> = []
  for (const client of clients)
    for (const req of client.requests) {
      const key = `${client.context}|${req.path}`
      if (!seen.has(key)) todo.push({ client, req })
      seen.add(key)
    }
  const t0 = performance.now()
  const failures: string[] = []
  let slowest = { label: '', ms: 0 }
  const worker = async () => {
    for (let job = todo.shift(); job; job = todo.shift()) {
      const s = performance.now()
      const res = await fetch(`${url}${job.req.path}`, { headers: job.client.headers })
      const problem = trpcProblem(res.status, await res.text())
      const ms = performance.now() - s
      if (ms > slowest.ms) slowest = { label: job.req.label, ms }
      if (problem) failures.push(`${job.req.label} ${decodeURIComponent(job.req.path)}: ${problem}`)
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  return { requests: seen.size, seconds: (performance.now() - t0) / 1000, slowest, failures }
}
