import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { openWarehouse, type Warehouse } from './client'
import { loadWarehouseConfig } from './config'
import { ch, defineQuery, parseRows } from './query'
import { type Standin, startStandin } from './testing/http-standin'

const COUNTS = defineQuery({
  name: 'test.counts',
  sql: `SELECT count() AS n, toUInt64({big:UInt64}) AS big, toDecimal64(1.25, 2) AS d, {label:String} AS label,
      CAST(NULL AS Nullable(String)) AS nothing
    FROM {table:Identifier}`,
  params: z.object({ table: z.string(), big: z.number().int(), label: z.string().default('x') }),
  row: z.object({
    n: ch.int64(),
    big: ch.int64(),
    d: ch.number(),
    label: z.string(),
    nothing: z.string().nullable(),
  }),
})

const VERSION = defineQuery({
  name: 'test.version',
  sql: 'SELECT version() AS v',
  row: z.object({ v: z.string() }),
})

// chDB holds one engine per process: the embedded warehouse and the stand-in share its data.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'query-test-'))
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))

/** The same named queries give the same typed rows from chDB and from a server over HTTP. */
describe.each(['embedded', 'server'] as const)('named warehouse queries (%s)', (mode) => {
  const table = `t_${mode}`
  let standin: Standin | undefined
  let wh: Warehouse

  beforeAll(async () => {
    if (mode === 'server') {
      standin = await startStandin({ dataDir, port: 0, user: 'app', password: 'pw' })
      wh = openWarehouse(
        loadWarehouseConfig({
          CLICKHOUSE_URL: standin.url,
          CLICKHOUSE_USER: 'app',
          CLICKHOUSE_PASSWORD: 'pw',
        }).warehouse,
      )
    } else {
      wh = openWarehouse(loadWarehouseConfig({ DATA_DIR: dataDir }).warehouse)
    }
    await wh.command('CREATE TABLE {table:Identifier} (a UInt64) ENGINE = MergeTree ORDER BY a', { table })
    await wh.insert(table, [{ a: 1 }, { a: 2 }, { a: 3 }])
  })
  afterAll(async () => {
    await wh.close()
    await standin?.close()
  })

  it('binds parameters (an identifier too) and parses rows: 64-bit integers and decimals become numbers', async () => {
    const rows = await wh.query(COUNTS, { table, big: 2 ** 53 - 1 })
    expect(rows).toEqual([{ n: 3, big: 2 ** 53 - 1, d: 1.25, label: 'x', nothing: null }])
  })

  it('needs no parameters when the query has none', async () => {
    const [row] = await wh.query(VERSION)
    expect(row?.v).toMatch(/^\d+\.\d+/)
  })

  it('refuses parameters that do not match the schema, before anything runs', async () => {
    await expect(wh.query(COUNTS, { table, big: 1.5 })).rejects.toThrow(
      /warehouse query test\.counts: bad parameters: big/,
    )
  })

  it('fails naming the query and the column when a row does not match its schema', async () => {
    const wrong = defineQuery({
      name: 'test.wrong',
      sql: 'SELECT toString(a) AS a FROM {table:Identifier}',
      params: z.object({ table: z.string() }),
      row: z.object({ a: ch.int64(), b: z.string() }),
    })
    await expect(wh.query(wrong, { table })).rejects.toThrow(/warehouse query test\.wrong: row 0 .*b:/)
  })

  it('streams a result in the format the query names', async () => {
    const chunks: Buffer[] = []
    for await (const c of await wh.stream('SELECT a FROM {table:Identifier} ORDER BY a FORMAT CSV', {
      table,
    }))
      chunks.push(Buffer.from(c))
    expect(Buffer.concat(chunks).toString()).toBe('1\n2\n3\n')
  })
})

describe('column codecs', () => {
  const q = defineQuery({ name: 'codec', sql: '', row: z.object({ n: ch.int64(), x: ch.number() }) })

  it('take what ClickHouse sends over HTTP (quoted) and what chDB sends (plain)', () => {
    expect(
      parseRows(q, [
        { n: '42', x: '0.5' },
        { n: 42, x: 0.5 },
      ]),
    ).toEqual([
      { n: 42, x: 0.5 },
      { n: 42, x: 0.5 },
    ])
  })

  it('refuse what would not be the same number', () => {
    expect(() => parseRows(q, [{ n: '9007199254740993', x: 1 }])).toThrow(/beyond 2\^53/)
    expect(() => parseRows(q, [{ n: '1.5', x: 1 }])).toThrow(/expected an integer/)
    expect(() => parseRows(q, [{ n: 1, x: 'abc' }])).toThrow(/expected a number/)
  })
})
