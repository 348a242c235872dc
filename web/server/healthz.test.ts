import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openWarehouse } from '../../warehouse/client'
import { loadWarehouseConfig } from '../../warehouse/config'
import type { WarehouseHealth } from '../../warehouse/health'
import { shanghaiYear } from '../../warehouse/workdays'
import { bannerFor, type Health } from '../client/src/components/DataStateBanner'
import { zh } from '../client/src/i18n/zh'
import { serveApp } from './http.testing'
import { openTestApp } from './testing'

/** The /healthz body (web/server/http.ts): the banner's part and what the server adds. */
interface HealthBody extends Health {
  status: string
  warehouse: WarehouseHealth
}

/** GET /healthz: status and body. */
async function healthz(base: string): Promise<{ status: number; body: HealthBody }> {
  const res = await fetch(`${base}/healthz`)
  return { status: res.status, body: await res.json() }
}

describe('/healthz: busy is not unreachable (real app, embedded engine)', () => {
  let app: Awaited<ReturnType<typeof openTestApp>>
  let served: Awaited<ReturnType<typeof serveApp>>
  beforeAll(async () => {
    app = await openTestApp(0.01)
    served = await serveApp(app.deps, { bootstrap: { state: 'ready', message: '就绪 (ready)' } })
  }, 180_000)
  afterAll(async () => {
    served?.close()
    await app?.dispose()
  })

  it('answers 200 ok, and the page shows no banner', async () => {
    const { status, body } = await healthz(served.base)
    expect(status).toBe(200)
    expect(body.status).toBe('ok')
    expect(body.warehouse).toMatchObject({ state: 'ok', reachable: true, ready: true })
    expect(bannerFor(body)).toBeNull()
    // The details name the previous/current year the working-day calendar lacks (none when loaded).
    const y = shanghaiYear(new Date())
    const years = await app.deps.wh.rows<{ y: number }>(
      'SELECT DISTINCT toYear(date) AS y FROM calendar FINAL',
    )
    const missing = [y - 1, y].filter((x) => !years.some((r) => Number(r.y) === x))
    expect(body.warehouse.calendar?.missingYears).toEqual(missing)
    expect(body.warehouse.calendar?.warning !== undefined).toBe(missing.length > 0)
  })

  it('answers 200 busy while a long query holds the engine (as a load does); the banner says busy', async () => {
    await new Promise((r) => setTimeout(r, 1100)) // past the shared check's 1 s
    // The probe waits 5 s; the app's one warehouse session is held for about 7 s.
    const held = app.deps.wh.rows('SELECT sleepEachRow(0.25) FROM numbers(28) SETTINGS max_block_size = 1')
    await new Promise((r) => setTimeout(r, 150))
    const { status, body } = await healthz(served.base)
    expect(status).toBe(200)
    expect(body.status).toBe('busy')
    expect(body.warehouse).toMatchObject({ state: 'busy', reachable: true, ready: true })
    expect(body.warehouse.message).toMatch(/^数据仓库繁忙，正在处理数据加载或查询/)
    expect(JSON.stringify(body)).not.toContain('无法连接')
    const banner = bannerFor(body)
    expect(banner).toEqual({ key: 'banner.busy', warn: false })
    expect(zh[banner!.key]).toBe('数据仓库繁忙，正在处理数据加载，页面可能较慢，请稍候')
    await held
  }, 30_000)

  it('answers 503 unreachable for a server on a closed port; the banner says unreachable', async () => {
    const probe = net.createServer()
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r))
    const port = (probe.address() as net.AddressInfo).port
    await new Promise((r) => probe.close(r))
    const wh = openWarehouse(loadWarehouseConfig({ CLICKHOUSE_URL: `http://127.0.0.1:${port}` }).warehouse)
    const down = await serveApp({ ...app.deps, wh })
    try {
      const { status, body } = await healthz(down.base)
      expect(status).toBe(503)
      expect(body.status).toBe('degraded')
      expect(body.warehouse).toMatchObject({ state: 'unreachable', reachable: false, ready: false })
      expect(body.warehouse.error).toContain('数据仓库无法连接')
      expect(bannerFor(body)).toEqual({ key: 'banner.unreachable', warn: true })
    } finally {
      down.close()
      await wh.close()
    }
  })
})

describe('bannerFor', () => {
  it('prefers the load and the outage over a busy engine, and names a failed load', () => {
    const busy = { warehouse: { state: 'busy' as const } }
    expect(bannerFor({ ...busy, data: { state: 'loading_demo', message: '' } })?.key).toBe('banner.loading')
    expect(bannerFor({ data: { state: 'waiting_warehouse', message: '' } })?.key).toBe('banner.unreachable')
    expect(bannerFor({ data: { state: 'failed', message: '' } })).toEqual({
      key: 'banner.loadFailed',
      warn: true,
    })
    expect(bannerFor({ ...busy, data: { state: 'ready', message: '' } })?.key).toBe('banner.busy')
    expect(bannerFor({ warehouse: { state: 'unmigrated' } })?.key).toBe('banner.unavailable')
    expect(bannerFor(undefined)).toBeNull()
  })
})
