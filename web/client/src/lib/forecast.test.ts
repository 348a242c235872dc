import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadPlans } from '../../../../indicators/plans'
import { en } from '../i18n/en'
import type { T } from '../i18n/i18n'
import { type DictKey, zh } from '../i18n/zh'
import { detailForecast } from './forecast'
import { formatPace } from './format'

const ROOT = path.resolve(import.meta.dirname, '../../../..')
const plan = loadPlans([path.join(ROOT, 'plans')]).get('fyp14')!
const indicator = (id: string) => plan.catalog.indicators.find((i) => i.id === id)!
const tOf =
  (dict: Record<DictKey, string>): T =>
  (key, vars) =>
    dict[key].replace(/\{(\w+)\}/g, (m, name: string) => (vars && name in vars ? String(vars[name]) : m))

describe('detailForecast: the scorecard’s plan-end forecast for the detail page', () => {
  const online = indicator('online_availability_rate')
  // 2020 is the baseline year and 2024–2025 lie after the scope: neither enters the trend.
  const yearly = [
    { year: 2020, value: 0.99 },
    { year: 2021, value: 0.5 },
    { year: 2022, value: 0.6 },
    { year: 2023, value: 0.7 },
    { year: 2024, value: 0.2 },
    { year: 2025, value: null },
  ]

  it('projects the plan-year trend to the plan’s end and counts the pace still needed', () => {
    expect(online.plan_period).toEqual({ start: 2021, end: 2025 })
    const f = detailForecast(online, yearly, 0.7, { year: 2023, asOf: '2023-12-31' })
    expect(f.goal).toBe(1)
    // 0.5, 0.6, 0.7 → +0.1 a year → 0.9 in 2025, short of 100%.
    expect(f.projected_final).toBeCloseTo(0.9, 9)
    expect(f.projected_miss).toBe(true)
    // 30 points in the 731 days of 2024–2025 (24.02 average months).
    expect(f.monthly_pace_needed).toBeCloseTo(0.3 / (731 / 30.436875), 9)
  })

  it('says nothing once the plan is over at the as-of date', () => {
    const f = detailForecast(online, yearly, 0.99, { year: 2025, asOf: '2025-12-31' })
    expect(f).toEqual({ goal: 1, projected_final: null, projected_miss: false, monthly_pace_needed: null })
    // The day before, the plan still runs.
    const open = detailForecast(online, yearly, 0.99, { year: 2025, asOf: '2025-12-30' })
    expect(open.monthly_pace_needed).toBeGreaterThan(0)
  })

  it('needs two years of data to project, and no pace once the goal is reached', () => {
    const f = detailForecast(online, yearly, 1, { year: 2021, asOf: '2021-12-31' })
    expect(f.projected_final).toBeNull()
    expect(f.projected_miss).toBe(false)
    expect(f.monthly_pace_needed).toBeNull()
  })
})

describe('formatPace', () => {
  const zhT = tOf(zh)
  const enT = tOf(en)

  it('shows rates in percentage points with one decimal', () => {
    expect(formatPace(0.009123, '%', zhT, 'zh')).toBe('+0.9 个百分点')
    expect(formatPace(-0.0253, '%', zhT, 'zh')).toBe('-2.5 个百分点')
    expect(formatPace(0.009123, '%', enT, 'en')).toBe('+0.9 pp')
  })

  it('never shows a small need as 0.0', () => {
    expect(formatPace(0.0003, '%', zhT, 'zh')).toBe('+0.03 个百分点')
    expect(formatPace(0.00004, '%', zhT, 'zh')).toBe('+0.004 个百分点')
    expect(formatPace(0.0005, '%', zhT, 'zh')).toBe('+0.1 个百分点')
  })

  it('shows counts as whole people, at least one', () => {
    expect(formatPace(1234.4, 'users', zhT, 'zh')).toBe('+1,234 人')
    expect(formatPace(0.2, 'users', enT, 'en')).toBe('+1 users')
    expect(formatPace(null, 'users', zhT, 'zh')).toBe('—')
  })
})
