import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTempWarehouse } from './testing'

describe('versioned rows and parameters', () => {
  let t: Awaited<ReturnType<typeof openTempWarehouse>>
  beforeAll(async () => {
    t = await openTempWarehouse()
  })
  afterAll(() => t.dispose())

  const insertTicket = (version: number, satisfaction: string) =>
    t.wh.command(
      `INSERT INTO hotline_tickets (ticket_id, received_at, channel, category, dept_code, satisfaction, _version, _run_id)
       VALUES ({id:String}, {at:String}, 'phone', 'complaint', 'D01', {s:String}, {v:UInt64}, 'test')`,
      { id: 'T-1', at: '2024-03-01 09:00:00', s: satisfaction, v: version },
    )

  it('a re-inserted key leaves one visible row and the newest version wins, whatever the insert order', async () => {
    await insertTicket(2, 'satisfied')
    await insertTicket(1, 'dissatisfied')
    await insertTicket(3, 'basically_satisfied')
    await insertTicket(2, 'none')
    const rows = await t.wh.rows<{ satisfaction: string }>(
      "SELECT satisfaction FROM hotline_tickets FINAL WHERE ticket_id = 'T-1'",
    )
    expect(rows).toEqual([{ satisfaction: 'basically_satisfied' }])
    const raw = await t.wh.rows<{ n: string }>(
      "SELECT count() AS n FROM hotline_tickets WHERE ticket_id = 'T-1'",
    )
    expect(Number(raw[0]!.n)).toBeGreaterThan(1)
  })

  it('a tombstone with a newer version hides the key', async () => {
    await t.wh.command(
      `INSERT INTO hotline_tickets (ticket_id, received_at, channel, category, dept_code, _version, _deleted, _run_id)
       VALUES ('T-1', '2024-03-01 09:00:00', 'phone', 'complaint', 'D01', 4, 1, 'test')`,
    )
    const rows = await t.wh.rows("SELECT * FROM hotline_tickets FINAL WHERE ticket_id = 'T-1'")
    expect(rows).toEqual([])
  })

  it('round-trips Chinese text through server-side parameters', async () => {
    const name = "网上可办率 '; DROP TABLE regions; -- 「测试」"
    await t.wh.command(
      `INSERT INTO regions (region_code, region_name, level, _version, _run_id)
       VALUES ({code:String}, {name:String}, {level:String}, 1, 'test')`,
      { code: '440101001', name, level: 'town' },
    )
    const rows = await t.wh.rows<{ region_name: string; level: string }>(
      'SELECT region_name, level FROM regions FINAL WHERE region_code = {code:String}',
      { code: '440101001' },
    )
    expect(rows).toEqual([{ region_name: name, level: 'town' }])
  })

  it('stores times in Asia/Shanghai', async () => {
    const rows = await t.wh.rows<{ y: number }>(
      "SELECT toYear(toDateTime('2024-12-31 23:30:00', 'Asia/Shanghai')) AS y",
    )
    expect(rows[0]!.y).toBe(2024)
  })
})
