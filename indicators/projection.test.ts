import { describe, expect, it } from 'vitest'
import { projectEndOfPeriod } from './projection'

describe('projectEndOfPeriod', () => {
  it('extends a straight trend to 2025', () => {
    const series = [
      { year: 2021, value: 0.5 },
      { year: 2022, value: 0.6 },
      { year: 2023, value: 0.7 },
    ]
    expect(projectEndOfPeriod(series)).toBe(0.9)
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
    expect(projectEndOfPeriod([])).toBeNull()
    expect(projectEndOfPeriod([{ year: 2023, value: 0.7 }])).toBeNull()
    expect(
      projectEndOfPeriod([
        { year: 2023, value: 0.7 },
        { year: 2024, value: null },
      ]),
    ).toBeNull()
    expect(
      projectEndOfPeriod([
        { year: 2023, value: 0.7 },
        { year: 2023, value: 0.8 },
      ]),
    ).toBeNull()
  })

  it('clamps rates to [0, 1] and counts to ≥ 0 but not above', () => {
    const rising = [
      { year: 2021, value: 0.8 },
      { year: 2022, value: 0.95 },
    ]
    expect(projectEndOfPeriod(rising)).toBe(1)
    const falling = [
      { year: 2021, value: 0.3 },
      { year: 2022, value: 0.1 },
    ]
    expect(projectEndOfPeriod(falling)).toBe(0)
    expect(projectEndOfPeriod(falling, 2025, 'users')).toBe(0)
    const users = [
      { year: 2021, value: 50000 },
      { year: 2022, value: 70000 },
    ]
    expect(projectEndOfPeriod(users, 2025, 'users')).toBe(130000)
  })
})
