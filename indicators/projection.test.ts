import { describe, expect, it } from 'vitest'
import { monthlyPaceNeeded, projectEndOfPeriod, projectedMiss } from './projection'

describe('projectEndOfPeriod', () => {
  it('extends a straight trend to 2025', () => {
    const series = [
      { year: 2021, value: 0.5 },
      { year: 2022, value: 0.6 },
      { year: 2023, value: 0.7 },
    ]
    expect(projectEndOfPeriod(series, 2025)).toBe(0.9)
    expect(projectEndOfPeriod(series, 2024)).toBe(0.8)
  })

  it('fits least squares through noisy points and skips nulls', () => {
    const series = [
      { year: 2021, value: 1 },
      { year: 2022, value: null },
      { year: 2022, value: 3 },
      { year: 2023, value: 2 },
    ]
    // slope 0.5 through (2022, 2)
    expect(projectEndOfPeriod(series, 2025, 'users')).toBe(3.5)
  })

  it('has no projection from fewer than two years', () => {
    expect(projectEndOfPeriod([], 2025)).toBeNull()
    expect(projectEndOfPeriod([{ year: 2023, value: 0.7 }], 2025)).toBeNull()
    expect(
      projectEndOfPeriod(
        [
          { year: 2023, value: 0.7 },
          { year: 2024, value: null },
        ],
        2025,
      ),
    ).toBeNull()
    expect(
      projectEndOfPeriod(
        [
          { year: 2023, value: 0.7 },
          { year: 2023, value: 0.8 },
        ],
        2025,
      ),
    ).toBeNull()
  })

  it('clamps rates to [0, 1] and counts to ≥ 0 but not above', () => {
    const rising = [
      { year: 2021, value: 0.8 },
      { year: 2022, value: 0.95 },
    ]
    expect(projectEndOfPeriod(rising, 2025)).toBe(1)
    const falling = [
      { year: 2021, value: 0.3 },
      { year: 2022, value: 0.1 },
    ]
    expect(projectEndOfPeriod(falling, 2025)).toBe(0)
    expect(projectEndOfPeriod(falling, 2025, 'users')).toBe(0)
    const users = [
      { year: 2021, value: 50000 },
      { year: 2022, value: 70000 },
    ]
    expect(projectEndOfPeriod(users, 2025, 'users')).toBe(130000)
  })
})

describe('the pace still needed', () => {
  it('spreads the shortfall over the months left to the end of the plan', () => {
    // As of 2024-12-31, 12 months remain to the end of 2025: 0.12 short is 0.01 a month.
    expect(monthlyPaceNeeded(0.68, 0.8, 'higher', '2024-12-31', 2025)).toBeCloseTo(
      0.12 / (365 / 30.436875),
      12,
    )
    // Lower is better: the pace is negative (the value must come down).
    expect(monthlyPaceNeeded(5, 2, 'lower', '2024-12-31', 2025)!).toBeLessThan(0)
  })

  it('has none once met, without figures, or with no time left', () => {
    expect(monthlyPaceNeeded(0.9, 0.8, 'higher', '2024-06-30', 2025)).toBeNull()
    expect(monthlyPaceNeeded(0.8, 0.8, 'higher', '2024-06-30', 2025)).toBeNull()
    expect(monthlyPaceNeeded(null, 0.8, 'higher', '2024-06-30', 2025)).toBeNull()
    expect(monthlyPaceNeeded(0.5, null, 'higher', '2024-06-30', 2025)).toBeNull()
    expect(monthlyPaceNeeded(0.5, 0.8, 'higher', '2025-12-31', 2025)).toBeNull()
    expect(monthlyPaceNeeded(0.5, 0.8, 'higher', '2025-12-30', 2025)).toBeCloseTo(0.3 / (1 / 30.436875), 9)
  })

  it('flags a projection short of the goal in the indicator direction', () => {
    expect(projectedMiss(0.79, 0.8, 'higher')).toBe(true)
    expect(projectedMiss(0.8, 0.8, 'higher')).toBe(false)
    expect(projectedMiss(3, 2, 'lower')).toBe(true)
    expect(projectedMiss(null, 0.8, 'higher')).toBe(false)
  })
})
