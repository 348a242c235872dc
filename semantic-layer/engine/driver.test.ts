import { ClickHouseDriver } from '@cubejs-backend/clickhouse-driver'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertRows, LEADER, openTestLayer, type TestLayer } from '../testing/layer'
import { createCubeDriver, WarehouseClickHouseDriver } from './driver'

/**
 * The rollup-build failure seen once ("Unexpected end of JSON input" on the first query):
 * Cube's orchestrator sends pre-aggregation DDL through driver.query(), which the stock
 * ClickHouse driver runs as a JSONCompact SELECT. DDL has no result, chDB returns an empty
 * body, JSON.parse('') throws, and the table has been created anyway, so a retry worked.
 */
describe('the ClickHouse driver over chDB', () => {
  let t: TestLayer
  let driver: ClickHouseDriver
  beforeAll(async () => {
    t = await openTestLayer()
    driver = createCubeDriver(t.wh.config)
    await t.wh.command('CREATE DATABASE IF NOT EXISTS driver_test')
  })
  afterAll(async () => {
    await driver.release()
    await t.dispose()
  })

  const tableExists = async (name: string) =>
    Number(
      (
        await t.wh.rows<{ n: string }>(
          "SELECT count() AS n FROM system.tables WHERE database = 'driver_test' AND name = {name:String}",
          { name },
        )
      )[0]!.n,
    ) === 1

  it('reproduces the cause: the stock driver cannot parse the empty answer to DDL, yet the DDL ran', async () => {
    expect(driver).toBeInstanceOf(WarehouseClickHouseDriver)
    const stockQuery = ClickHouseDriver.prototype.query.bind(driver)
    await expect(
      stockQuery('CREATE TABLE driver_test.stock ENGINE = MergeTree ORDER BY x AS SELECT 1 AS x', []),
    ).rejects.toThrow(/Unexpected end of JSON input/)
    expect(await tableExists('stock')).toBe(true)
  })

  it('runs DDL sent through query() as a command', async () => {
    await expect(
      driver.query('CREATE TABLE driver_test.fixed ENGINE = MergeTree ORDER BY x AS SELECT 1 AS x', []),
    ).resolves.toEqual([])
    await expect(
      driver.query('ALTER TABLE driver_test.fixed ADD INDEX ix (x) TYPE minmax GRANULARITY 1', []),
    ).resolves.toEqual([])
    // The stock driver returns ClickHouse integers as text, as Cube expects.
    expect(await driver.query('SELECT x FROM driver_test.fixed', [])).toEqual([{ x: '1' }])
  })

  it('loads a pre-aggregation with its parameters, and twice under one name (same-second rebuild)', async () => {
    const sql = 'CREATE TABLE driver_test.rollup ENGINE = MergeTree ORDER BY n AS SELECT ? AS n, ? AS label'
    await driver.loadPreAggregationIntoTable('driver_test.rollup', sql, [1, "o'brien"], {})
    await driver.loadPreAggregationIntoTable('driver_test.rollup', sql, [2, '第二版'], {})
    expect(await driver.query('SELECT n, label FROM driver_test.rollup', [])).toEqual([
      { n: '2', label: '第二版' },
    ])
  })

  it('builds a rollup on the very first query of a fresh engine, through chDB', async () => {
    await insertRows(t.wh, 'hotline_tickets', [
      {
        ticket_id: 'T1',
        received_at: '2024-03-01 09:00:00',
        channel: 'phone',
        category: 'help',
        dept_code: 'D1',
        region_code: 'R1',
        due_at: '2024-03-05 09:00:00',
        closed_at: '2024-03-04 09:00:00',
        satisfaction: 'satisfied',
      },
    ])
    const result = await t.sl.load(
      {
        measures: ['hotline_kpis.hotline_ontime_rate', 'hotline_kpis.tickets'],
        timeDimensions: [
          { dimension: 'hotline_kpis.date', granularity: 'year', dateRange: ['2024-01-01', '2024-12-31'] },
        ],
      },
      LEADER,
    )
    expect(result.usedPreAggregations).toEqual(['cube_pre_aggregations.hotline_tickets_kpis_by_month_dept'])
    expect(result.data).toEqual([
      expect.objectContaining({ 'hotline_kpis.hotline_ontime_rate': 1, 'hotline_kpis.tickets': 1 }),
    ])
  })

  it('connects to a ClickHouse server by configuration (no connection is opened here)', async () => {
    const server = createCubeDriver({
      mode: 'server',
      dataDir: '/unused',
      url: 'https://ch.example.gov.cn:8443',
      user: 'cube',
      password: 'secret',
      database: 'scorecard',
    })
    expect(server).toBeInstanceOf(WarehouseClickHouseDriver)
    const config = (server as unknown as { config: { url: string; database: string; username: string } })
      .config
    expect(config).toMatchObject({
      url: 'https://ch.example.gov.cn:8443',
      database: 'scorecard',
      username: 'cube',
    })
    await server.release()
  })
})
