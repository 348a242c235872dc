import { describe, expect, it } from 'vitest'
import { getIndicator } from './catalog'
import { expectedToDate, gapTo, gapToTarget, periodClosed, standing, status } from './progress'
import type { TargetSpec } from './targets'

const YEARS = [2021, 2022, 2023, 2024, 2025]
const spec = (
  values: (number | null)[],
  baseline: number | null,
  over: Partial<TargetSpec> = {},
): TargetSpec => ({
  unit: '%',
  direction: 'higher',
  plan_period: { start: 2021, end: 2025 },
  baseline: { year: 2020, value: baseline },
  targets: YEARS.map((year, i) => ({ year, value: values[i] ?? null })),
  ...over,
})

// 0.5 in 2020 rising by 0.1 a year to 1.0 in 2025
const rate = spec([0.6, 0.7, 0.8, 0.9, 1], 0.5)
// days to handle an item: lower is better, 10 → 5
const days = spec([9, 8, 7, 6, 5], 10, { unit: 'users', direction: 'lower' })
const dau = spec([50000, 70000, 100000, 100000, 100000], null, { unit: 'users' })
// a milestone with no baseline: full coverage by 2023
const milestone = spec([null, null, 1, 1, 1], null)

describe('expectedToDate (序时进度)', () => {
  it('starts the first year at the baseline and ends it at the year target', () => {
    expect(expectedToDate(rate, '2021-01-01T00:00:00+08:00')).toBe(0.5)
    expect(expectedToDate(rate, '2021-12-31')).toBe(0.6)
  })

  it('moves linearly by the share of the year elapsed', () => {
    expect(expectedToDate(rate, '2022-07-02T12:00:00+08:00')).toBe(0.65)
    expect(expectedToDate(dau, '2023-07-02T12:00:00+08:00')).toBe(85000)
  })

  it('uses the Shanghai year at the boundary', () => {
    // 04:00 on 1 Jan 2025 in Shanghai: just past 2024's target, heading for 2025's
    expect(expectedToDate(rate, '2024-12-31T20:00:00Z')).toBeCloseTo(0.9 + 0.1 * (4 / 8760), 9)
    expect(expectedToDate(rate, '2024-12-31T15:59:59Z')).toBeCloseTo(0.9, 6)
  })

  it('mirrors for lower-is-better', () => {
    expect(expectedToDate(days, '2021-07-02T12:00:00+08:00')).toBe(9.5)
  })

  it('is null before the plan period and the final target after it', () => {
    expect(expectedToDate(rate, '2020-12-31')).toBeNull()
    expect(expectedToDate(rate, '2020-12-31T15:59:59Z')).toBeNull()
    expect(expectedToDate(rate, '2026-06-30')).toBe(1)
  })

  it('applies the year target from 1 January when there is nothing to start from', () => {
    expect(expectedToDate(dau, '2021-03-01')).toBe(50000)
    expect(expectedToDate(milestone, '2023-01-15')).toBe(1)
  })

  it('is null in a year without a target', () => {
    expect(expectedToDate(milestone, '2022-06-30')).toBeNull()
  })
})

describe('status', () => {
  const mid2022 = '2022-07-02T12:00:00+08:00' // half of 2022 elapsed

  it('is no_data without a value', () => {
    expect(status(rate, null, mid2022)).toBe('no_data')
    expect(status(rate, undefined, mid2022)).toBe('no_data')
    expect(status(rate, Number.NaN, mid2022)).toBe('no_data')
  })

  it('grades against the target and the expected-to-date value', () => {
    const y2022 = spec([0.6, 0.8, 0.9, 0.95, 1], 0.5)
    // expected 0.7 at mid-2022, target 0.8
    expect(status(y2022, 0.8, mid2022)).toBe('met')
    expect(status(y2022, 0.85, mid2022)).toBe('met')
    expect(status(y2022, 0.72, mid2022)).toBe('on_track')
    expect(status(y2022, 0.7, mid2022)).toBe('on_track')
    expect(status(y2022, 0.66, mid2022)).toBe('at_risk')
    expect(status(y2022, 0.65, mid2022)).toBe('at_risk') // exactly 5 points short
    expect(status(y2022, 0.64, mid2022)).toBe('behind')
  })

  it('uses a 5% relative tolerance for counts', () => {
    const at = '2023-07-02T12:00:00+08:00' // expected 85000, at_risk down to 80750
    expect(status(dau, 100000, at)).toBe('met')
    expect(status(dau, 90000, at)).toBe('on_track')
    expect(status(dau, 81000, at)).toBe('at_risk')
    expect(status(dau, 80000, at)).toBe('behind')
  })

  it('mirrors everything for lower-is-better', () => {
    const at = '2021-07-02T12:00:00+08:00' // expected 9.5 days, target 9, at_risk up to 9.975
    expect(status(days, 8.5, at)).toBe('met')
    expect(status(days, 9, at)).toBe('met')
    expect(status(days, 9.4, at)).toBe('on_track')
    expect(status(days, 9.9, at)).toBe('at_risk')
    expect(status(days, 10.2, at)).toBe('behind')
  })

  it('judges by the Shanghai year at the boundary', () => {
    // 0.92 meets 2024's 0.9 but is only on track for 2025's 1.0
    expect(status(rate, 0.92, '2024-12-31T15:00:00Z')).toBe('met')
    expect(status(rate, 0.92, '2024-12-31T20:00:00Z')).toBe('on_track')
  })

  it('is no_target before the plan period or in a year without a target', () => {
    expect(status(rate, 0.9, '2020-06-30')).toBe('no_target')
    expect(status(milestone, 0.9, '2022-06-30')).toBe('no_target')
  })

  it('keeps judging against the final target after 2025', () => {
    expect(status(rate, 1, '2026-03-01')).toBe('met')
    expect(status(rate, 0.96, '2026-03-01')).toBe('at_risk')
    expect(status(rate, 0.9, '2026-03-01')).toBe('behind')
  })

  it('works on catalog indicators', () => {
    const seal = getIndicator('e_seal_coverage_rate')
    expect(status(seal, 0.3, '2022-12-31')).toBe('met')
    expect(status(seal, 0.18, '2022-04-01')).toBe('on_track')
    expect(status(getIndicator('hotline_satisfaction_rate'), 0.8, '2024-06-30')).toBe('behind')
  })
})

describe('gapToTarget', () => {
  it('is the shortfall, negative when the target is beaten', () => {
    expect(gapToTarget(rate, 0.75, 2023)).toBe(0.05)
    expect(gapToTarget(rate, 0.85, 2023)).toBe(-0.05)
    expect(gapToTarget(dau, 60000, 2023)).toBe(40000)
  })

  it('respects lower-is-better', () => {
    expect(gapToTarget(days, 7, 2024)).toBe(1)
    expect(gapToTarget(days, 5, 2024)).toBe(-1)
  })

  it('is null without a value or a target', () => {
    expect(gapToTarget(rate, null, 2023)).toBeNull()
    expect(gapToTarget(rate, undefined, 2023)).toBeNull()
    expect(gapToTarget(rate, 0.5, 2020)).toBeNull()
    expect(gapToTarget(milestone, 0.5, 2021)).toBeNull()
  })

  it('uses the final target after the period', () => {
    expect(gapToTarget(rate, 0.9, 2027)).toBe(0.1)
  })
})

describe('gapTo (an explicit target, e.g. a unit-level override)', () => {
  it('is the same signed shortfall, float noise dropped', () => {
    expect(gapTo(rate, 0.9, 0.95)).toBe(0.05)
    expect(gapTo(days, 7, 6)).toBe(1)
    expect(gapTo(rate, 0.95, 0.9)).toBe(-0.05)
  })

  it('is null without a value or a target', () => {
    expect(gapTo(rate, null, 0.9)).toBeNull()
    expect(gapTo(rate, Number.NaN, 0.9)).toBeNull()
    expect(gapTo(rate, 0.5, null)).toBeNull()
  })
})

describe('standing (what a scorecard card and an indicator page show)', () => {
  it('combines the year target, 序时进度, status and gap', () => {
    const asOf = '2023-07-02T12:00:00+08:00'
    expect(standing(rate, 0.75, 2023, asOf)).toEqual({
      target: 0.8,
      closed: false,
      expected_to_date: expectedToDate(rate, asOf),
      status: status(rate, 0.75, asOf),
      gap: 0.05,
    })
    expect(standing(rate, null, 2023, asOf)).toMatchObject({ status: 'no_data', gap: null, target: 0.8 })
  })
})

describe('closed periods (the year is over at the as-of date)', () => {
  it('knows when a year is over: its last day, as a date or at the end of that day', () => {
    expect(periodClosed('2025-12-31')).toBe(true)
    expect(periodClosed('2025-12-30')).toBe(false)
    expect(periodClosed('2025-06-30')).toBe(false)
    expect(periodClosed('2025-12-31T23:00:00+08:00')).toBe(false)
  })

  it('reads met or missed, never a 序时进度 status', () => {
    // 2023's target is 0.8; 0.79 would be on track mid-year, but the year is over
    expect(status(rate, 0.79, '2023-06-30')).toBe('on_track')
    expect(status(rate, 0.79, '2023-12-31')).toBe('missed')
    expect(status(rate, 0.5, '2023-12-31')).toBe('missed')
    expect(status(rate, 0.8, '2023-12-31')).toBe('met')
    expect(status(days, 6.5, '2024-12-31')).toBe('missed')
    expect(status(days, 6, '2024-12-31')).toBe('met')
  })

  it('keeps no_data and no_target', () => {
    expect(status(rate, null, '2023-12-31')).toBe('no_data')
    expect(status(milestone, 0.9, '2022-12-31')).toBe('no_target')
  })

  it('has a standing without 序时进度, the gap to the year target', () => {
    expect(standing(rate, 0.75, 2023, '2023-12-31')).toEqual({
      target: 0.8,
      closed: true,
      expected_to_date: null,
      status: 'missed',
      gap: 0.05,
    })
  })
})
