import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadDemoData } from '../../etl/demo-bootstrap'
import { HAND_SQL } from '../testing/hand-sql'
import { LEADER, openTestLayer, type TestLayer } from '../testing/layer'
import { unitValues } from './unit-values'

describe('unitValues: what evaluators score', () => {
  let t: TestLayer
  let dataDir = ''
  beforeAll(async () => {
    t = await openTestLayer()
    dataDir = t.wh.config.dataDir
    await loadDemoData(t.wh, { dataDir, scale: 0.01, log: () => {} })
  }, 120_000)
  afterAll(() => t.dispose())

  it('gives every department its indicator values for a year, equal to the contract definitions', async () => {
    const { values, names } = await unitValues(
      t.sl,
      'department',
      { from: '2023-01-01', to: '2023-12-31' },
      LEADER,
    )
    expect(values.size).toBeGreaterThanOrEqual(25)
    expect([...names.values()].some((n) => n.startsWith('区'))).toBe(true)
    const hand = await t.wh.rows<Record<string, unknown>>(HAND_SQL.application_kpis!)
    for (const row of hand.filter((r) => Number(r.y) === 2023)) {
      const mine = values.get(String(row.d))!
      for (const id of ['online_application_rate', 'full_online_rate', 'e_certificate_usage_rate']) {
        const expected = row[id] === null ? null : Number(row[id])
        const got = mine.get(id) ?? null
        if (expected === null) expect(got).toBeNull()
        else expect(Math.abs((got as number) - expected)).toBeLessThanOrEqual(1e-9)
      }
    }
    // Indicators without a department breakdown are not there to be scored.
    expect(values.values().next().value!.has('gov_app_dau')).toBe(false)
  })

  it('gives every town the region-breakdown indicators', async () => {
    const { values } = await unitValues(t.sl, 'town', { from: '2024-01-01', to: '2024-12-31' }, LEADER)
    expect(values.size).toBeGreaterThanOrEqual(5)
    for (const m of values.values()) expect(m.has('online_application_rate')).toBe(true)
  })
})
