import { describe, expect, it } from 'vitest'
import { deriveYearlyTargets, type StatedTarget, type TargetSpec, targetEntry, targetFor } from './targets'

const period = { start: 2021, end: 2025 }
const src = (clause: string) => ({ seed: '001_a5d8dd1e8ca85863.txt', clause })
const stated = (year: number, value: number, clause = `c${year}`): StatedTarget => ({
  year,
  value,
  source: src(clause),
  locally_set: false,
})

describe('deriveYearlyTargets', () => {
  it('draws a straight line from the baseline to an end target, citing the end target', () => {
    const t = deriveYearlyTargets({ unit: '%', plan_period: period, baseline: { year: 2020, value: 0.5 } }, [
      stated(2025, 1, 'end'),
    ])
    expect(t.map((x) => x.value)).toEqual([0.6, 0.7, 0.8, 0.9, 1])
    expect(t.slice(0, 4).every((x) => x.derived && x.source?.clause === 'end')).toBe(true)
    expect(t[4]).toEqual({ year: 2025, value: 1, source: src('end'), derived: false, locally_set: false })
  })

  it('interpolates between stated years and holds the last stated value after it', () => {
    const t = deriveYearlyTargets({ unit: '%', plan_period: period, baseline: { year: 2020, value: null } }, [
      stated(2021, 0.2),
      stated(2023, 0.6),
    ])
    expect(t.map((x) => x.value)).toEqual([0.2, 0.4, 0.6, 0.6, 0.6])
    expect(t.map((x) => x.derived)).toEqual([false, true, false, true, true])
    expect(t[1]?.source?.clause).toBe('c2023')
    expect(t[4]?.source?.clause).toBe('c2023')
  })

  it('leaves years before the first target without a target when there is no baseline value', () => {
    const t = deriveYearlyTargets({ unit: '%', plan_period: period, baseline: { year: 2020, value: null } }, [
      stated(2023, 1),
    ])
    expect(t.map((x) => x.value)).toEqual([null, null, 1, 1, 1])
    expect(t[0]).toEqual({ year: 2021, value: null, source: null, derived: false, locally_set: false })
  })

  it('does not turn a lone baseline into targets', () => {
    const t = deriveYearlyTargets(
      { unit: '%', plan_period: period, baseline: { year: 2020, value: 0.4 } },
      [],
    )
    expect(t.every((x) => x.value === null)).toBe(true)
  })

  it('rounds rates to 0.01 point and counts to whole users; keeps locally_set', () => {
    const rates = deriveYearlyTargets(
      { unit: '%', plan_period: period, baseline: { year: 2020, value: 0.8929 } },
      [stated(2025, 1)],
    )
    expect(rates.map((x) => x.value)).toEqual([0.9143, 0.9357, 0.9572, 0.9786, 1])
    const users = deriveYearlyTargets(
      { unit: 'users', plan_period: period, baseline: { year: 2020, value: 0 } },
      [{ year: 2024, value: 10, source: null, locally_set: true }],
    )
    expect(users.map((x) => x.value)).toEqual([3, 5, 8, 10, 10])
    expect(users.every((x) => x.locally_set && x.source === null)).toBe(true)
  })
})

describe('targetFor', () => {
  const ind: TargetSpec = {
    unit: '%',
    direction: 'higher',
    plan_period: period,
    baseline: { year: 2020, value: null },
    targets: [2021, 2022, 2023, 2024, 2025].map((year, i) => ({ year, value: i < 2 ? null : 0.5 + i / 10 })),
  }

  it('gives the year target, null before the period or for a year without one, the final one after', () => {
    expect(targetFor(ind, 2020)).toBeNull()
    expect(targetFor(ind, 2022)).toBeNull()
    expect(targetFor(ind, 2023)).toBe(0.7)
    expect(targetFor(ind, 2025)).toBe(0.9)
    expect(targetFor(ind, 2030)).toBe(0.9)
  })

  it('targetEntry returns the catalog row only inside the period', () => {
    expect(targetEntry(ind, 2024)).toEqual({ year: 2024, value: 0.8 })
    expect(targetEntry(ind, 2026)).toBeNull()
  })
})
