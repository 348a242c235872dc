import { describe, expect, it } from 'vitest'
import { loadCatalog } from '../catalog'
import { AdjustmentError, applyAdjustments } from './adjustments'
import { getScheme } from './scheme'
import { type Adjustment, scoreUnits } from './score'
import { planTargets } from './target-overrides'

const catalog = loadCatalog()
const scheme = getScheme('2024-v1')

// Two departments on the hotline indicators only: A 100, B 88.9 (one point short of 9).
const result = scoreUnits({
  scheme,
  catalog,
  unitType: 'department',
  values: new Map([
    [
      'A',
      new Map([
        ['hotline_ontime_rate', 0.95],
        ['hotline_satisfaction_rate', 0.9],
      ]),
    ],
    [
      'B',
      new Map([
        ['hotline_ontime_rate', 0.94],
        ['hotline_satisfaction_rate', 0.9],
      ]),
    ],
  ]),
  targets: planTargets(catalog, 2024),
})

const adj = (unit_code: string, points: number, reason = '重大专项任务加分'): Adjustment => ({
  unit_code,
  points,
  reason,
  author: 'evaluator',
  at: '2025-01-15 10:00:00',
})

describe('applyAdjustments', () => {
  it('adds points to the total, keeps them on the unit and re-ranks', () => {
    expect(result.units.map((u) => u.unit_code)).toEqual(['A', 'B'])
    const before = result.units.find((u) => u.unit_code === 'B')!.total!
    const out = applyAdjustments(result, [adj('B', 10), adj('B', 1.5, '材料补报')])
    const b = out.units.find((u) => u.unit_code === 'B')!
    expect(b.total).toBeCloseTo(before + 11.5, 9)
    expect(b.adjustment).toBe(11.5)
    expect(b.adjustments.map((a) => a.reason)).toEqual(['重大专项任务加分', '材料补报'])
    expect(b.adjustments[0]).toMatchObject({ author: 'evaluator', at: '2025-01-15 10:00:00' })
    expect(b.total).toBeCloseTo(b.base + b.bonus + b.adjustment, 9)
    expect(out.units.map((u) => [u.unit_code, u.rank])).toEqual([
      ['B', 1],
      ['A', 2],
    ])
    // the input is left as it was
    expect(result.units.find((u) => u.unit_code === 'B')!.adjustments).toEqual([])
  })

  it('accumulates over successive calls and can tie units', () => {
    const a = result.units.find((u) => u.unit_code === 'A')!.total!
    const b = result.units.find((u) => u.unit_code === 'B')!.total!
    const once = applyAdjustments(result, [adj('B', 1)])
    const twice = applyAdjustments(once, [adj('B', a - b - 1, '统一口径')])
    expect(twice.units.map((u) => u.rank)).toEqual([1, 1])
    expect(twice.units.find((u) => u.unit_code === 'B')!.adjustments).toHaveLength(2)
  })

  it('refuses an empty or blank reason, and applies nothing then', () => {
    expect(() => applyAdjustments(result, [adj('A', 1), adj('B', 2, '   ')])).toThrow(AdjustmentError)
    expect(() => applyAdjustments(result, [adj('B', 2, '')])).toThrow(/调整分数必须填写原因（单位 B）/)
  })

  it('refuses a missing author and zero or non-finite points', () => {
    expect(() => applyAdjustments(result, [{ ...adj('A', 1), author: '' }])).toThrow(/调整人/)
    expect(() => applyAdjustments(result, [adj('A', 0)])).toThrow(/非零数字/)
    expect(() => applyAdjustments(result, [adj('A', Number.NaN)])).toThrow(/非零数字/)
  })

  it('keeps adjustments for units not in the result instead of dropping them', () => {
    const out = applyAdjustments(result, [adj('Z', 2)])
    expect(out.unmatched_adjustments).toEqual([adj('Z', 2)])
    expect(out.units.map((u) => u.total)).toEqual(result.units.map((u) => u.total))
  })
})
