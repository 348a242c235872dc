import { describe, expect, it } from 'vitest'
import { loadCatalog } from '../../../indicators/catalog'
import type { Scheme } from '../../../indicators/scoring/scheme.schema'
import { scoreUnits } from '../../../indicators/scoring/score'
import { periodFromKey } from './period'
import { readPayload } from './ranking.service'

describe('a stored ranking read back', () => {
  const catalog = loadCatalog()
  const [a, b] = catalog.indicators.filter((i) => i.cube.breakdowns.includes('dept'))
  const scheme = {
    id: 'test-v1',
    version: 1,
    no_data: 'exclude_reweight',
    rules: [
      { indicator_id: a!.id, weight: 10, method: { type: 'proportional' }, applies_to: ['department'] },
      { indicator_id: b!.id, weight: 30, method: { type: 'proportional' }, applies_to: ['department'] },
    ],
  } as unknown as Scheme
  const result = scoreUnits({
    scheme,
    catalog,
    unitType: 'department',
    values: new Map([
      [
        'D1',
        new Map([
          [a!.id, 0.5],
          [b!.id, 0.9],
        ]),
      ],
    ]),
    targets: () => 1,
  })

  it('fills 满分 (full_points) into a payload frozen before it existed, totals and ranks unchanged', () => {
    const legacy = JSON.parse(JSON.stringify(result))
    for (const u of legacy.units) for (const i of u.indicators) delete i.full_points
    const read = readPayload(JSON.stringify(legacy))
    expect(read.units[0]!.indicators.map((i) => i.full_points)).toEqual([25, 75])
    expect(read.units[0]!.total).toBe(result.units[0]!.total)
    expect(read.units[0]!.rank).toBe(1)
    expect(readPayload(JSON.stringify(result))).toEqual(result)
  })

  it('names the period of a stored key, and nothing else', () => {
    expect(periodFromKey('2025')?.label).toBe('2025年度')
    expect(periodFromKey('2024-Q2')?.label).toBe('2024年第2季度')
    expect(periodFromKey('2024-03')?.label).toBe('2024年3月')
    expect(periodFromKey('2024-13')).toBeUndefined()
    expect(periodFromKey('x')).toBeUndefined()
  })
})
