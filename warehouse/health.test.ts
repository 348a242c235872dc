import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openWarehouse, type Warehouse } from './client'
import { loadWarehouseConfig } from './config'
import { checkWarehouse, healthStatus } from './health'
import { migrate } from './migrate'
import { type Standin, startStandin } from './testing/http-standin'
import { missingCalendarMessage, shanghaiYear } from './workdays'

// chDB holds one engine per process: the embedded warehouse and the stand-in share its data.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'health-test-'))
let embedded: Warehouse
let standin: Standin
let server: Warehouse

beforeAll(async () => {
  embedded = openWarehouse(loadWarehouseConfig({ DATA_DIR: dataDir }).warehouse)
  await migrate(embedded)
  standin = await startStandin({ dataDir, port: 0, user: 'app', password: 'pw' })
  server = openWarehouse(
    loadWarehouseConfig({ CLICKHOUSE_URL: standin.url, CLICKHOUSE_USER: 'app', CLICKHOUSE_PASSWORD: 'pw' })
      .warehouse,
  )
}, 60_000)
afterAll(async () => {
  await server?.close()
  await standin?.close()
  await embedded?.close()
  fs.rmSync(dataDir, { recursive: true, force: true })
})

/**
 * Holds the warehouse's chDB session for about `seconds`, as a load on the app's one
 * warehouse client does: its queries queue behind it (measured: a `SELECT version()` waits
 * until it ends). Resolves once it has started, with the query's end (wrapped: an async
 * function would wait for a promise it returns).
 */
async function holdEngine(wh: Warehouse, seconds: number): Promise<{ done: Promise<unknown> }> {
  const blocks = Math.round(seconds / 0.25)
  const done = wh.rows(`SELECT sleepEachRow(0.25) FROM numbers(${blocks}) SETTINGS max_block_size = 1`)
  await new Promise((r) => setTimeout(r, 150))
  return { done }
}

/** A port nothing listens on: bound once by the OS, then closed. */
async function closedPort(): Promise<number> {
  const srv = net.createServer()
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r))
  const { port } = srv.address() as net.AddressInfo
  await new Promise((r) => srv.close(r))
  return port
}

describe('embedded engine', () => {
  it('is ok when it answers', async () => {
    const h = await checkWarehouse(embedded)
    expect(h).toMatchObject({ state: 'ok', reachable: true, ready: true, mode: 'embedded' })
    expect(h.migrationVersion).toBeGreaterThan(0)
    expect(healthStatus(h)).toBe(200)
  })

  it('names the previous and current year the working-day calendar lacks, with the warning', async () => {
    const y = shanghaiYear(new Date())
    await embedded.command('TRUNCATE TABLE calendar')
    const h = await checkWarehouse(embedded)
    expect(h.state).toBe('ok')
    expect(h.calendar).toEqual({ missingYears: [y - 1, y], warning: missingCalendarMessage([y - 1, y]) })
    expect(h.calendar?.warning).toMatch(new RegExp(`^工作日历缺少 ${y - 1}、${y} 年：按周一至周五计算工作日`))
    await embedded.insert('calendar', [
      { date: `${y}-10-01`, is_workday: false, _version: 1, _run_id: 'test' },
    ])
    expect((await checkWarehouse(embedded)).calendar).toEqual({
      missingYears: [y - 1],
      warning: missingCalendarMessage([y - 1]),
    })
    await embedded.insert('calendar', [
      { date: `${y - 1}-10-01`, is_workday: false, _version: 1, _run_id: 'test' },
    ])
    expect((await checkWarehouse(embedded)).calendar).toEqual({ missingYears: [] })
    expect(healthStatus(h)).toBe(200)
  })

  it('is busy, not unreachable, while a long query holds it; ok again after', async () => {
    const before = await checkWarehouse(embedded)
    const held = await holdEngine(embedded, 3)
    const t0 = performance.now()
    const h = await checkWarehouse(embedded, 500)
    const ms = performance.now() - t0
    expect(h.state).toBe('busy')
    expect(h.reachable).toBe(true)
    expect(h.message).toMatch(
      /^数据仓库繁忙，正在处理数据加载或查询，响应会较慢 \(ClickHouse busy at embedded ClickHouse\)/,
    )
    expect(h.error).toBeUndefined()
    // what it cannot ask now, it tells from the last check that got an answer
    expect(h).toMatchObject({ ready: true, migrationVersion: before.migrationVersion })
    expect(healthStatus(h)).toBe(200)
    expect(ms).toBeLessThan(2500)
    await held.done
    expect((await checkWarehouse(embedded)).state).toBe('ok')
  }, 30_000)
})

describe('server mode', () => {
  it('is unreachable on a closed port, and says so at once', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`
    const wh = openWarehouse(loadWarehouseConfig({ CLICKHOUSE_URL: url }).warehouse)
    try {
      const t0 = performance.now()
      const h = await checkWarehouse(wh)
      expect(performance.now() - t0).toBeLessThan(2000)
      expect(h).toMatchObject({ state: 'unreachable', reachable: false, ready: false })
      expect(h.error).toContain(`数据仓库无法连接 (ClickHouse unreachable at ${url})`)
      expect(h.error).toMatch(/ECONNREFUSED/)
      expect(h.message).toBeUndefined()
      expect(healthStatus(h)).toBe(503)
    } finally {
      await wh.close()
    }
  })

  it('is unreachable when a server accepts connections and answers nothing, /ping included', async () => {
    const silent = net.createServer(() => {})
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r))
    const url = `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}`
    const wh = openWarehouse(loadWarehouseConfig({ CLICKHOUSE_URL: url }).warehouse)
    try {
      const h = await checkWarehouse(wh, 500)
      expect(h).toMatchObject({ state: 'unreachable', reachable: false, ready: false })
      expect(h.error).toMatch(/^数据仓库无法连接 .*no answer within 500 ms, nor to \/ping$/)
      expect(healthStatus(h)).toBe(503)
    } finally {
      await wh.close()
      silent.close()
    }
  })

  it('failed, not unreachable, when the server answers with an error', async () => {
    const wh = openWarehouse(
      loadWarehouseConfig({
        CLICKHOUSE_URL: standin.url,
        CLICKHOUSE_USER: 'app',
        CLICKHOUSE_PASSWORD: 'wrong',
      }).warehouse,
    )
    try {
      const h = await checkWarehouse(wh)
      expect(h.state).toBe('failed')
      expect(h.error).toMatch(/^数据仓库查询失败 /)
      expect(h.error).not.toContain('wrong')
      expect(healthStatus(h)).toBe(503)
    } finally {
      await wh.close()
    }
  })
})
