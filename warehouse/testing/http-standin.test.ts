import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import {
  type ClickHouseClient,
  ClickHouseError,
  ClickHouseLogLevel,
  createClient,
  TupleParam,
} from '@clickhouse/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCubeDriver } from '../../semantic-layer/engine/driver'
import { createSemanticLayer } from '../../semantic-layer/engine/engine'
import { isWarehouseUnreachable } from '../availability'
import { loadWarehouseConfig } from '../config'
import { type Standin, startStandin } from './http-standin'

/**
 * The ClickHouse HTTP stand-in — the REAL engine (chDB) behind a reimplementation of the
 * HTTP interface, not clickhouse-server — as @clickhouse/client and Cube's driver see it.
 * What they send and get back must mean what it means on a server, or the server-mode
 * tests built on it (server-mode.reliability.test.ts) would prove nothing.
 */
describe('ClickHouse HTTP stand-in (chDB behind a reimplemented HTTP interface)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'standin-test-'))
  let standin: Standin
  let client: ClickHouseClient
  const USER = 'app'
  const PASSWORD = "p'w:d\\"
  const connect = (over: Parameters<typeof createClient>[0] = {}) =>
    createClient({
      url: standin.url,
      username: USER,
      password: PASSWORD,
      log: { level: ClickHouseLogLevel.OFF },
      ...over,
    })

  beforeAll(async () => {
    standin = await startStandin({ dataDir, port: 0, user: USER, password: PASSWORD })
    client = connect()
  })
  afterAll(async () => {
    await client.close()
    await standin.close()
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  const rows = async <T>(query: string, query_params?: Record<string, unknown>, c = client) =>
    (await c.query({ query, query_params, format: 'JSONEachRow' })).json<T>()

  it('answers /ping and checks credentials', async () => {
    expect(await client.ping()).toEqual({ success: true })
    expect(await (await fetch(`${standin.url}/ping`)).text()).toBe('Ok.\n')
    const res = await fetch(`${standin.url}/?query=SELECT%201`, {
      headers: { authorization: `Basic ${Buffer.from(`${USER}:wrong`).toString('base64')}` },
    })
    expect(res.status).toBe(403)
    expect(res.headers.get('x-clickhouse-exception-code')).toBe('516')
    expect(await res.text()).toMatch(
      /^Code: 516\. DB::Exception: app: Authentication failed.*\(AUTHENTICATION_FAILED\)/,
    )
    const byHeaders = await fetch(`${standin.url}/?query=SELECT%201`, {
      headers: { 'x-clickhouse-user': USER, 'x-clickhouse-key': PASSWORD },
    })
    expect(await byHeaders.text()).toBe('1\n')
  })

  it('binds parameters with the values the client sent, escapes and all', async () => {
    const nasty = "tab\tnl\nquote' back\\slash \\N 中文 😀 \\x41"
    const long = 'é'.repeat(100_000)
    const many = Array.from({ length: 10_000 }, (_, i) => `I${i}`)
    const [r] = await rows<Record<string, unknown>>(
      `SELECT {s:String} AS s, {n:Nullable(String)} AS n, {e:String} AS e, toString({big:UInt64}) AS big,
              {arr:Array(String)} AS arr, {nested:Array(Array(String))} AS nested,
              {nums:Array(Float64)} AS nums, {t:Tuple(UInt8, String)} AS t, {m:Map(String, Int32)} AS m,
              {nulls:Array(Nullable(String))} AS nulls, {flag:Bool} AS flag, {d:DateTime64(3, 'UTC')} AS d,
              lengthUTF8({long:String}) AS long, {many:Array(String)} = {many:Array(String)} AND length({many:Array(String)}) = 10000 AS many`,
      {
        s: nasty,
        n: null,
        e: '',
        big: 18446744073709551615n,
        arr: [nasty, "a,b]'", ''],
        nested: [['x', "y'"], []],
        nums: [1.5, -2, 1e-7],
        t: new TupleParam([7, "o'k"]),
        m: { "k'1": -1, k2: 2 },
        nulls: [null, 'z'],
        flag: true,
        d: new Date('2025-03-04T05:06:07.089Z'),
        long,
        many,
      },
    )
    expect(r).toEqual({
      s: nasty,
      n: null,
      e: '',
      big: '18446744073709551615',
      arr: [nasty, "a,b]'", ''],
      nested: [['x', "y'"], []],
      nums: [1.5, -2, 1e-7],
      t: [7, "o'k"],
      m: { "k'1": -1, k2: 2 },
      nulls: [null, 'z'],
      flag: true,
      d: '2025-03-04 05:06:07.089',
      long: 100_000,
      many: 1,
    })
  })

  it('reports exceptions as the server does: body, code header, HTTP status by error', async () => {
    const err = await client.query({ query: 'SELECT * FROM no_such_table' }).catch((e) => e)
    expect(err).toBeInstanceOf(ClickHouseError)
    expect(err).toMatchObject({ code: '60', type: 'UNKNOWN_TABLE' })
    const statusOf = async (query: string) => {
      const res = await fetch(`${standin.url}/`, {
        method: 'POST',
        body: query,
        headers: { 'x-clickhouse-user': USER, 'x-clickhouse-key': PASSWORD },
      })
      return [res.status, res.headers.get('x-clickhouse-exception-code'), (await res.text()).slice(0, 9)]
    }
    expect(await statusOf('SELEC 1')).toEqual([400, '62', 'Code: 62.'])
    expect(await statusOf('SELECT * FROM no_such_table')).toEqual([404, '60', 'Code: 60.'])
    expect(await statusOf('SELECT throwIf(1)')).toEqual([500, '395', 'Code: 395'])
  })

  it('applies URL settings to one request only, and honours database and FORMAT', async () => {
    const setting = "SELECT getSetting('join_use_nulls') AS v"
    expect(
      await (
        await client.query({
          query: setting,
          format: 'JSONEachRow',
          clickhouse_settings: { join_use_nulls: 1 },
        })
      ).json(),
    ).toEqual([{ v: true }])
    expect(await rows(setting)).toEqual([{ v: false }])
    await client.command({ query: 'CREATE DATABASE IF NOT EXISTS other' })
    const inOther = connect({ database: 'other' })
    expect(await rows('SELECT currentDatabase() AS d', {}, inOther)).toEqual([{ d: 'other' }])
    await inOther.close()
    const rs = await client.query({ query: 'SELECT 1 AS x', format: 'JSONCompactEachRowWithNamesAndTypes' })
    expect(rs.response_headers['x-clickhouse-format']).toBe('JSONCompactEachRowWithNamesAndTypes')
    expect(await rs.text()).toBe('["x"]\n["UInt8"]\n[1]\n')
    const unknown = await client
      .query({ query: 'SELECT 1', clickhouse_settings: { no_such_setting: 1 } as never })
      .catch((e) => e)
    expect(unknown).toMatchObject({ type: 'UNKNOWN_SETTING' })
  })

  it('takes INSERT data in the body, compressed or not, and params in multipart bodies', async () => {
    await client.command({ query: 'CREATE TABLE t (id UInt32, name String) ENGINE = MergeTree ORDER BY id' })
    await client.insert({ table: 't', values: [{ id: 1, name: "a'\tb" }], format: 'JSONEachRow' })
    const zipped = connect({ compression: { request: true, response: true } })
    await zipped.insert({ table: 't', values: [{ id: 2, name: '中' }], format: 'JSONEachRow' })
    const rs = await zipped.query({ query: 'SELECT id, name FROM t ORDER BY id', format: 'JSONEachRow' })
    expect(rs.response_headers['content-encoding']).toBe('gzip')
    expect(await rs.json()).toEqual([
      { id: 1, name: "a'\tb" },
      { id: 2, name: '中' },
    ])
    await zipped.close()
    const multipart = connect({ use_multipart_params: true } as never)
    expect(await rows('SELECT {ids:Array(UInt32)} AS ids', { ids: [3, 4] }, multipart)).toEqual([
      { ids: [3, 4] },
    ])
    await multipart.close()
  })

  it('keeps GET read-only and refuses what it does not implement', async () => {
    const auth = { 'x-clickhouse-user': USER, 'x-clickhouse-key': PASSWORD }
    const get = await fetch(
      `${standin.url}/?query=${encodeURIComponent('CREATE TABLE g (x UInt8) ENGINE = Memory')}`,
      {
        headers: auth,
      },
    )
    expect(get.status).toBe(500)
    expect(get.headers.get('x-clickhouse-exception-code')).toBe('164')
    const session = await fetch(`${standin.url}/?session_id=s1&query=SELECT%201`, { headers: auth })
    expect([session.status, session.headers.get('x-clickhouse-exception-code')]).toEqual([501, '48'])
  })

  it("serves Cube's ClickHouse driver in server mode (JSONCompact, streams, format header)", async () => {
    const config = loadWarehouseConfig({
      CLICKHOUSE_URL: standin.url,
      CLICKHOUSE_USER: USER,
      CLICKHOUSE_PASSWORD: PASSWORD,
    }).warehouse
    const driver = createCubeDriver(config)
    try {
      expect(await driver.query('SELECT ? AS s, toUInt64(?) AS n', ["o'k", 5])).toEqual([
        { s: "o'k", n: '5' },
      ])
      const stream = await driver.stream('SELECT number AS n FROM numbers(3)', [], { highWaterMark: 10 })
      const got: unknown[] = []
      for await (const row of stream.rowStream) got.push(row)
      await stream.release?.()
      expect(got).toEqual([{ n: '0' }, { n: '1' }, { n: '2' }])
    } finally {
      await driver.release()
    }
  })

  it('tells unreachable from failing: client, Cube driver and semantic layer against a closed port', async () => {
    const port = await new Promise<number>((resolve) => {
      const srv = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as net.AddressInfo).port
        srv.close(() => resolve(p))
      })
    })
    const config = loadWarehouseConfig({ CLICKHOUSE_URL: `http://127.0.0.1:${port}` }).warehouse
    const down = createClient({ url: config.url, log: { level: ClickHouseLogLevel.OFF } })
    const clientErr = await down.query({ query: 'SELECT 1' }).catch((e) => e)
    await down.close()
    const driver = createCubeDriver(config)
    const driverErr = await driver.query('SELECT 1', []).catch((e) => e)
    await driver.release()
    // Through Cube's query queue, which keeps only the message of the driver's error.
    const semantic = createSemanticLayer({ warehouse: config, cacheTtlMs: 0 })
    const layerErr = await semantic
      .load(
        { measures: ['application_kpis.applications'] } as never,
        { role: 'admin' },
        { usePreAggregations: false },
      )
      .catch((e) => e)
    await semantic.close()
    for (const err of [clientErr, driverErr, layerErr]) expect(isWarehouseUnreachable(err)).toBe(true)
    const sqlErr = await client.query({ query: 'SELECT * FROM no_such_table' }).catch((e) => e)
    expect(isWarehouseUnreachable(sqlErr)).toBe(false)
  }, 30_000)
})
