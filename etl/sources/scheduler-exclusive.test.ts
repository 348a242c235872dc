import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createLeases, type Leases } from '../../meta/leases'
import type { MetaStore } from '../../meta/store'
import { openTempMetaStore } from '../../meta/testing/temp-store'
import { openTempWarehouse } from '../../warehouse/testing'
import { HttpSource } from './config'
import { type SourceRunSummary, SourceScheduler, sourceLeaseKey } from './scheduler'

const TICKETS = Array.from({ length: 5 }, (_, i) => ({
  工单编号: `X${i}`,
  来电时间: '2024-03-01 09:00:00',
  来源渠道: '电话',
  诉求类型: '咨询',
  承办部门编码: 'D01',
  updated_at: `2024-04-0${1 + i} 00:00:00`,
}))

/** A platform API that answers slowly (so a run lasts a while) and counts first-page requests. */
function startSlowApi(delayMs: number) {
  const state = { runs: 0 }
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (url.searchParams.get('page') === '1') state.runs++
    const since = url.searchParams.get('updated_since') ?? ''
    const page = Number(url.searchParams.get('page'))
    const size = Number(url.searchParams.get('page_size'))
    const rows = TICKETS.filter((t) => t.updated_at > since).slice((page - 1) * size, page * size)
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ data: rows }))
    }, delayMs)
  })
  return { server, state }
}

describe('two app instances sharing the run leases', () => {
  let t: Awaited<ReturnType<typeof openTempWarehouse>>
  let meta: MetaStore
  const api = startSlowApi(400)
  let base = ''
  /** Two instances' leases: different holders on one shared metadata store. */
  let instances: Leases[] = []

  beforeAll(async () => {
    t = await openTempWarehouse()
    meta = await openTempMetaStore()
    await new Promise<void>((r) => api.server.listen(0, '127.0.0.1', r))
    base = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}/tickets`
  })
  beforeEach(async () => {
    await t.wh.command('TRUNCATE TABLE hotline_tickets')
    await t.wh.command('TRUNCATE TABLE source_state')
    api.state.runs = 0
    instances = [
      createLeases(meta.db, { holder: 'app-1:100:aaaa' }),
      createLeases(meta.db, { holder: 'app-2:200:bbbb' }),
    ]
  })
  afterAll(async () => {
    api.server.closeAllConnections()
    api.server.close()
    await meta.close()
    await t.dispose()
  })

  const source = (over: Partial<HttpSource> = {}) =>
    HttpSource.parse({
      name: 'shared-api',
      type: 'http',
      dataset: 'hotline_tickets',
      url: base,
      schedule: '0 0 1 1 *',
      page_size: 10,
      retries: 0,
      retry_delay_ms: 10,
      timeout_ms: 5_000,
      ...over,
    })
  const count = async () =>
    Number((await t.wh.rows<{ n: string }>('SELECT count() AS n FROM hotline_tickets FINAL'))[0]!.n)

  /** The wiring app/ does: the scheduler's hook is a 60 s lease, renewed while the source runs. */
  const hookOf = (leases: Leases) => async (key: string, run: () => Promise<void>) =>
    (await leases.runExclusive(key, 60_000, run)).ran

  it('runs a due source on one instance only; the other skips it quietly, not as a failure', async () => {
    const s = source()
    const seen: SourceRunSummary[] = []
    const [one, two] = instances.map(
      (l) =>
        new SourceScheduler(
          t.wh,
          [s],
          (r) => {
            seen.push(r)
          },
          { exclusive: hookOf(l) },
        ),
    ) as [SourceScheduler, SourceScheduler]
    const stderr = vi.spyOn(process.stderr, 'write')
    try {
      const running = one.runNow(s.name)
      await new Promise((r) => setTimeout(r, 50))
      // "Run now" on the other instance, three times while the first run lasts.
      for (let i = 0; i < 3; i++) {
        const skipped = await two.runNow(s.name)
        expect(skipped).toMatchObject({ ok: false, attempts: 0, loaded: 0, skipped: 'elsewhere' })
        expect(skipped.error).toMatch(/another instance/)
      }
      expect(await running).toMatchObject({ ok: true, loaded: 5 })
      const lines = stderr.mock.calls.map((c) => String(c[0]))
      // logged once (at info), not as a warning or an error
      expect(lines.filter((l) => l.includes('skipped: running on another instance'))).toHaveLength(1)
      expect(
        lines.filter((l) => /INFO .*shared-api: skipped: running on another instance/.test(l)),
      ).toHaveLength(1)
      expect(lines.filter((l) => /(WARN|ERROR).*shared-api/.test(l))).toEqual([])
    } finally {
      stderr.mockRestore()
    }
    expect(seen).toEqual([expect.objectContaining({ source: 'shared-api', ok: true, loaded: 5 })])
    expect(api.state.runs).toBe(1)
    expect(await count()).toBe(5)
    // released at the end: the next tick may run on either instance
    expect(await instances[0]!.current(sourceLeaseKey(s.name))).toBeNull()
    expect(await two.runNow(s.name)).toMatchObject({ ok: true, loaded: 0 })
  })

  it('on schedule: each tick runs on exactly one of the two instances, never on both at once', async () => {
    const s = source({ name: 'ticking', schedule: '* * * * * *' })
    const runs: Array<{ instance: number; at: number }> = []
    let active = 0
    let maxActive = 0
    const schedulers = instances.map((l, i) => {
      const hook = hookOf(l)
      return new SourceScheduler(t.wh, [s], () => {}, {
        exclusive: (key, run) =>
          hook(key, async () => {
            runs.push({ instance: i, at: Date.now() })
            maxActive = Math.max(maxActive, ++active)
            try {
              await run()
            } finally {
              active--
            }
          }),
      })
    })
    for (const sched of schedulers) sched.start()
    // Long enough for two runs even when a load takes over a second on busy cores.
    await new Promise((r) => setTimeout(r, 5_500))
    await Promise.all(schedulers.map((sched) => sched.stop()))
    await new Promise((r) => setTimeout(r, 600)) // let a run in flight end
    expect(maxActive).toBe(1)
    expect(runs.length).toBeGreaterThanOrEqual(2)
    // one run per tick (ticks are a second apart; a run lasts ~0.4 s)
    const ticks = new Set(runs.map((r) => Math.floor(r.at / 1000)))
    expect(ticks.size).toBe(runs.length)
    expect(api.state.runs).toBe(runs.length)
    expect(await count()).toBe(5)
  })

  it('does not run a source when its lease cannot be taken (metadata store down): a failed run', async () => {
    const s = source({ name: 'no-lease' })
    const seen: SourceRunSummary[] = []
    const sched = new SourceScheduler(
      t.wh,
      [s],
      (r) => {
        seen.push(r)
      },
      {
        exclusive: async () => {
          throw new Error('connect ECONNREFUSED 10.0.0.5:5432')
        },
      },
    )
    const r = await sched.runNow(s.name)
    expect(r).toMatchObject({ ok: false, attempts: 0 })
    expect(r.skipped).toBeUndefined()
    expect(r.error).toMatch(/run lease unavailable: connect ECONNREFUSED/)
    expect(seen).toEqual([r])
    expect(api.state.runs).toBe(0)
  })
})
