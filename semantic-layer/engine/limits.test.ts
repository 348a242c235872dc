import type { ClickHouseDriver } from '@cubejs-backend/clickhouse-driver'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Application } from '../testing/kpi-specs.fixtures'
import { insertRows, LEADER, openTestLayer, type TestLayer } from '../testing/layer'
import { createCubeDriver, requestIdFor } from './driver'
import { SemanticLayerError, toSemanticLayerError } from './errors'

const NEVER_ENDS = 'SELECT count() FROM numbers(1000000000000) WHERE sipHash64(number) % 7 = 3'

describe('lane limits in the engine (ClickHouse stops the query itself)', () => {
  let t: TestLayer
  let driver: ClickHouseDriver
  beforeAll(async () => {
    t = await openTestLayer({ limits: { resultMaxBytes: 4096 } })
    driver = createCubeDriver(t.wh.config, {
      interactive: { settings: {}, sessions: 1 },
      explore: {
        settings: { max_execution_time: 0.5, max_result_rows: '5', result_overflow_mode: 'throw' },
        sessions: 1,
      },
    })
    const rows: Application[] = Array.from({ length: 300 }, (_, i) => ({
      application_id: `L${i}`,
      item_code: 'I1',
      dept_code: 'D1',
      region_code: 'V11',
      channel: 'web',
      fully_online: i % 2 === 0,
      certificate_required: false,
      e_certificate_used: false,
      submitted_at: '2024-03-01 10:00:00',
      status: 'completed',
    }))
    await insertRows(t.wh, 'service_applications', rows)
  })
  afterAll(async () => {
    await driver.release()
    await t.dispose()
  })

  it("applies a lane's settings only to that lane's queries", async () => {
    const sql = 'SELECT number FROM numbers(10)'
    expect(await driver.query(sql, [], { requestId: requestIdFor('interactive', 1) })).toHaveLength(10)
    const err = await driver.query(sql, [], { requestId: requestIdFor('explore', 2) }).catch((e) => e)
    const mapped = toSemanticLayerError(err)
    expect(mapped).toBeInstanceOf(SemanticLayerError)
    expect((mapped as SemanticLayerError).status).toBe(413)
  })

  it('stops an explore query at its time limit with a 408 a user can act on', async () => {
    const started = Date.now()
    const err = await driver.query(NEVER_ENDS, [], { requestId: requestIdFor('explore', 3) }).catch((e) => e)
    const elapsed = Date.now() - started
    const mapped = toSemanticLayerError(err) as SemanticLayerError
    expect(mapped.status).toBe(408)
    expect(mapped.message).toMatch(/^查询超时/)
    expect(elapsed).toBeLessThan(5000)
    // The session that ran it answers the next query correctly.
    const after = await driver.query('SELECT number FROM numbers(3)', [], {
      requestId: requestIdFor('explore', 4),
    })
    expect(after).toHaveLength(3)
  })

  it('runs lanes on separate sessions: a long explore query does not hold an interactive one', async () => {
    const lanes = createCubeDriver(t.wh.config, {
      interactive: { settings: {}, sessions: 2 },
      explore: { settings: { max_execution_time: 3 }, sessions: 1 },
    })
    try {
      const long = lanes.query(NEVER_ENDS, [], { requestId: requestIdFor('explore', 5) }).catch((e) => e)
      await new Promise((r) => setTimeout(r, 200))
      const started = Date.now()
      expect(await lanes.query('SELECT 1 AS one', [], { requestId: requestIdFor('interactive', 6) })).toEqual(
        [{ one: '1' }],
      )
      expect(Date.now() - started).toBeLessThan(1000)
      expect((toSemanticLayerError(await long) as SemanticLayerError).status).toBe(408)
    } finally {
      await lanes.release()
    }
  })

  it('refuses a result over the byte cap with a 413, and caches nothing of it', async () => {
    const query = {
      dimensions: ['application_kpis.application_id', 'application_kpis.channel', 'application_kpis.status'],
      limit: 300,
    }
    const err = await t.sl.load(query, LEADER, { lane: 'explore', user: 'analyst' }).catch((e) => e)
    expect(err).toBeInstanceOf(SemanticLayerError)
    expect(err.status).toBe(413)
    // A small answer from the same view still works.
    const small = await t.sl.load({ ...query, limit: 3 }, LEADER, { lane: 'explore', user: 'analyst' })
    expect(small.data).toHaveLength(3)
  })

  it('refuses impossible and reversed date ranges with a 400', async () => {
    const range = (dateRange: [string, string]) => ({
      measures: ['application_kpis.applications'],
      timeDimensions: [{ dimension: 'application_kpis.date', granularity: 'month' as const, dateRange }],
    })
    for (const bad of [
      ['2024-02-30', '2024-03-31'],
      ['2024-01-01', '2024-13-01'],
      ['2024-12-31', '2024-01-01'],
    ] as Array<[string, string]>) {
      const err = await t.sl.load(range(bad), LEADER).catch((e) => e)
      expect(err, bad.join('..')).toBeInstanceOf(SemanticLayerError)
      expect(err.status).toBe(400)
    }
    expect((await t.sl.load(range(['2024-01-01', '2024-12-31']), LEADER)).data.length).toBeGreaterThan(0)
  })
})
