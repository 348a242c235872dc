import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { openTempWarehouse } from '../../warehouse/testing'
import { headerRow } from '../contract/forms'
import { listRuns } from '../load/runs'
import { writeCsv } from '../testing/files'
import { FolderSource, HttpSource, loadSourcesConfig } from './config'
import { runFolderSource } from './folder'
import { type SourceRunSummary, SourceScheduler } from './scheduler'
import { getWatermark } from './state'

const TICKETS = Array.from({ length: 25 }, (_, i) => ({
  工单编号: `H${i}`,
  来电时间: `2024-03-${String(1 + (i % 28)).padStart(2, '0')} 09:00:00`,
  来源渠道: '电话',
  诉求类型: '咨询',
  承办部门编码: 'D01',
  updated_at: `2024-04-${String(1 + (i % 20)).padStart(2, '0')} 00:00:00`,
}))

/** A local stand-in for a platform API: paginated, filtered by updated_since, with scripted faults. */
function startApi() {
  const faults: Array<'500' | 'garbage' | 'hang'> = []
  const seen: string[] = []
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    seen.push(url.search)
    const fault = faults.shift()
    if (fault === '500') return res.writeHead(500).end('boom')
    if (fault === 'garbage')
      return res.writeHead(200, { 'content-type': 'application/json' }).end('<html>not json')
    if (fault === 'hang') return // never answers: the client's timeout fires
    const since = url.searchParams.get('updated_since') ?? ''
    const page = Number(url.searchParams.get('page'))
    const size = Number(url.searchParams.get('page_size'))
    const rows = TICKETS.filter((t) => t.updated_at > since)
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ data: rows.slice((page - 1) * size, page * size) }))
  })
  return { server, faults, seen }
}

describe('scheduled sources', () => {
  let t: Awaited<ReturnType<typeof openTempWarehouse>>
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'etl-sources-'))
  const api = startApi()
  let base = ''
  beforeAll(async () => {
    t = await openTempWarehouse()
    await new Promise<void>((r) => api.server.listen(0, '127.0.0.1', r))
    base = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}/tickets`
  })
  beforeEach(async () => {
    await t.wh.command('TRUNCATE TABLE hotline_tickets')
    api.faults.length = 0
    api.seen.length = 0
  })
  afterAll(async () => {
    api.server.closeAllConnections()
    api.server.close()
    await t.dispose()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  const httpSource = (over: Partial<HttpSource> = {}) =>
    HttpSource.parse({
      name: 'hotline-api',
      type: 'http',
      dataset: 'hotline_tickets',
      url: base,
      schedule: '0 * * * *',
      page_size: 10,
      retry_delay_ms: 10,
      timeout_ms: 300,
      ...over,
    })
  const count = async () =>
    Number((await t.wh.rows<{ n: string }>('SELECT count() AS n FROM hotline_tickets FINAL'))[0]!.n)

  it('validates the sources file with clear messages', () => {
    const f = path.join(dir, 'bad.yml')
    fs.writeFileSync(
      f,
      'sources:\n  - name: X\n    type: folder\n    dataset: tickets\n    schedule: nope\n    path: in\n',
    )
    expect(() => loadSourcesConfig(f)).toThrow(
      /sources\.0\.name.*\n.*sources\.0\.dataset.*\n.*schedule must be a cron expression/s,
    )
  })

  it('drop folder: loads settled files, moves them to processed/ or failed/ with the reason', async () => {
    const inbox = path.join(dir, 'inbox')
    fs.mkdirSync(inbox, { recursive: true })
    writeCsv(
      path.join(inbox, 'a.csv'),
      headerRow('hotline_tickets', 'zh', { requiredOnly: true, forms: { received_at: 1 } }),
      [['F1', '2024-01-01 10:00:00', '电话', '投诉', 'D01']],
    )
    fs.writeFileSync(path.join(inbox, 'b.csv'), 'nothing,useful\n1,2\n')
    const source = FolderSource.parse({
      name: 'inbox',
      type: 'folder',
      dataset: 'hotline_tickets',
      path: inbox,
      schedule: '* * * * *',
      settle_ms: 0,
    })
    const results = await runFolderSource(t.wh, source)
    expect(results.map((r) => r.status)).toEqual(['succeeded', 'failed'])
    expect(fs.existsSync(path.join(inbox, 'processed', 'a.csv'))).toBe(true)
    expect(fs.readFileSync(path.join(inbox, 'failed', 'b.csv.error.txt'), 'utf8')).toMatch(/缺少必填列/)
    expect(fs.readdirSync(inbox).filter((f) => f.endsWith('.csv'))).toEqual([])
    expect(await count()).toBe(1)
  })

  it('HTTP source: pages through, loads, and advances the watermark only after success', async () => {
    const s = httpSource()
    const sched = new SourceScheduler(t.wh, [s])
    expect(await sched.runNow(s.name)).toMatchObject({ ok: true, loaded: 25, attempts: 1 })
    expect(api.seen.filter((q) => q.includes('page=')).length).toBe(3)
    expect(await getWatermark(t.wh, s.name)).toBe('2024-04-20 00:00:00')
    api.seen.length = 0
    expect(await sched.runNow(s.name)).toMatchObject({ ok: true, loaded: 0 })
    expect(api.seen[0]).toContain('updated_since=2024-04-20')
    expect(await count()).toBe(25)
  })

  it('retries with backoff, and records a run when the API keeps returning garbage', async () => {
    const s = httpSource({ name: 'flaky', retries: 2 })
    api.faults.push('500', 'hang')
    expect(await new SourceScheduler(t.wh, [s]).runNow('flaky')).toMatchObject({
      ok: true,
      attempts: 3,
      loaded: 25,
    })

    const g = httpSource({ name: 'garbage', retries: 1 })
    api.faults.push('garbage', 'garbage')
    const r = await new SourceScheduler(t.wh, [g]).runNow('garbage')
    expect(r).toMatchObject({ ok: false, attempts: 2 })
    expect(r.error).toMatch(/不是JSON/)
    expect(await getWatermark(t.wh, 'garbage')).toBeNull()
    const runs = await listRuns(t.wh, { status: 'failed', limit: 10 })
    expect(runs.some((x) => x.source === 'garbage' && /source fetch failed/.test(x.error ?? ''))).toBe(true)
  })

  it('never overlaps a source with itself', async () => {
    const s = httpSource({ name: 'slow', retries: 0 })
    const sched = new SourceScheduler(t.wh, [s])
    const first = sched.runNow('slow')
    const second = await sched.runNow('slow')
    expect(second).toMatchObject({ ok: false, attempts: 0 })
    expect(second.error).toMatch(/already running/)
    expect(await first).toMatchObject({ ok: true })
  })

  it('reports a run finished only after its follow-up (cache and rollup refresh) is done', async () => {
    const s = httpSource({ name: 'followed', retries: 0 })
    let release: () => void = () => {}
    const events: string[] = []
    const sched = new SourceScheduler(t.wh, [s], async (r) => {
      events.push(`loaded ${r.loaded}`)
      await new Promise<void>((resolve) => {
        release = resolve
      })
      events.push('refreshed')
    })
    const run = sched.runNow('followed').then((r) => {
      events.push('finished')
      return r
    })
    await expect.poll(() => events.length, { timeout: 30_000 }).toBe(1)
    expect(sched.isRunning('followed')).toBe(true)
    release()
    expect(await run).toMatchObject({ ok: true, loaded: 25 })
    expect(events).toEqual(['loaded 25', 'refreshed', 'finished'])
    expect(sched.isRunning('followed')).toBe(false)
  })

  it('keeps running the other sources on schedule when one fails', async () => {
    const good = FolderSource.parse({
      name: 'good',
      type: 'folder',
      dataset: 'hotline_tickets',
      path: path.join(dir, 'good'),
      schedule: '* * * * * *',
      settle_ms: 0,
    })
    const bad = httpSource({
      name: 'down',
      url: 'http://127.0.0.1:9/nothing',
      schedule: '* * * * * *',
      retries: 0,
    })
    const seen: SourceRunSummary[] = []
    const sched = new SourceScheduler(t.wh, [good, bad], (s) => {
      seen.push(s)
    })
    sched.start()
    await new Promise((r) => setTimeout(r, 3_200))
    await sched.stop()
    expect(seen.filter((s) => s.source === 'down' && !s.ok).length).toBeGreaterThanOrEqual(2)
    expect(seen.filter((s) => s.source === 'good' && s.ok).length).toBeGreaterThanOrEqual(2)
  })
})
