import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadPlans, planInfo } from '../../../../indicators/plans'
import {
  clampToPlan,
  currentPlan,
  pickableYears,
  planLabel,
  planOfYear,
  planYears,
  thisYear,
  yearFromUrl,
  yearInSomePlan,
} from './plans'

const ROOT = path.resolve(import.meta.dirname, '../../../..')
// The API's plan list, built by the server's own code from the real plan folders: the
// repository's plan and the test-only second plan (2026–2030), as of a day in 2026.
const today = new Date('2026-11-30T12:00:00+08:00')
const set = loadPlans([path.join(ROOT, 'plans'), path.join(ROOT, 'test/fixtures/plans')], today)
const plans = set.plans.map((p) => planInfo(p, set, today))
const [first, second] = plans as [(typeof plans)[number], (typeof plans)[number]]
const url = (q: string) => new URLSearchParams(q)

describe('plans on the client', () => {
  it('finds the plan a year belongs to, and the current one', () => {
    expect(plans.map((p) => [p.id, p.period.start, p.period.end])).toEqual([
      ['fyp14', 2021, 2025],
      ['fyp15-pilot', 2026, 2030],
    ])
    expect(planOfYear(plans, 2021)?.id).toBe('fyp14')
    expect(planOfYear(plans, 2025)?.id).toBe('fyp14')
    expect(planOfYear(plans, 2026)?.id).toBe('fyp15-pilot')
    // The baseline year is no plan's year for a picker.
    expect(planOfYear(plans, 2020)).toBeUndefined()
    expect(planOfYear(plans, 2031)).toBeUndefined()
    expect(currentPlan(plans)?.id).toBe('fyp15-pilot')
    expect(currentPlan(plans.slice(0, 1))?.id).toBe('fyp14')
  })

  it('takes a year from the URL only when a plan has it', () => {
    expect(yearFromUrl(url('year=2024'), plans)).toBe(2024)
    expect(yearFromUrl(url('year=2027&region=1'), plans)).toBe(2027)
    for (const q of ['', 'year=2019', 'year=2020', 'year=2031', 'year=abcd', 'year=2024.5', 'year=02024']) {
      expect(yearFromUrl(url(q), plans), q).toBeNull()
    }
    // With the first plan only, the second plan's years are outside every plan.
    expect(yearFromUrl(url('year=2026'), [first])).toBeNull()
  })

  it('offers the selected plan’s years that have begun, never another plan’s', () => {
    expect(planYears(first)).toEqual([2021, 2022, 2023, 2024, 2025])
    expect(pickableYears(first, 2026)).toEqual([2021, 2022, 2023, 2024, 2025])
    expect(pickableYears(first, 2023)).toEqual([2021, 2022, 2023])
    expect(pickableYears(second, 2026)).toEqual([2026])
    expect(pickableYears(second, 2028)).toEqual([2026, 2027, 2028])
    // A plan not yet begun still offers its first year; a later year in the URL stays listed.
    expect(pickableYears(second, 2024)).toEqual([2026])
    expect(pickableYears(second, 2026, 2029)).toEqual([2026, 2027, 2028, 2029])
  })

  it('keeps a default year inside some plan', () => {
    expect(clampToPlan(first, 2026)).toBe(2025)
    expect(clampToPlan(second, 2026)).toBe(2026)
    expect(clampToPlan(second, 2019)).toBe(2026)
    expect(yearInSomePlan(plans, 2024)).toBe(2024)
    // Outside every plan: the current plan's nearest year.
    expect(yearInSomePlan(plans, 2035)).toBe(2030)
    expect(yearInSomePlan([first], 2026)).toBe(2025)
  })

  it('names a plan with its period once', () => {
    expect(planLabel(first, 'zh')).toBe('示范区数字政府“十四五”规划（2021–2025年）')
    // The English names already state their period.
    expect(planLabel(first, 'en')).toBe('Digital government plan of the demonstration district, 2021–2025')
    expect(planLabel({ ...first, name_en: 'Plan A' }, 'en')).toBe('Plan A (2021–2025)')
  })

  it('reads this year in Shanghai', () => {
    expect(thisYear(new Date('2025-12-31T16:30:00Z'))).toBe(2026)
    expect(thisYear(new Date('2025-12-31T15:30:00Z'))).toBe(2025)
  })
})
