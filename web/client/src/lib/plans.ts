import { shanghaiDate } from '../../../../indicators/shanghai-time'
import type { Lang } from '../i18n/i18n'
import type { Outputs } from './types'

/** A plan as the server lists it (reference.plans): identity, period, current/closed flags. */
export type PlanChoice = Outputs['reference']['plans'][number]

/** The calendar year today falls in (Asia/Shanghai), by this device's clock. */
export function thisYear(now = new Date()): number {
  return Number(shanghaiDate(now).slice(0, 4))
}

/** The plan whose period holds `year`; undefined outside every plan. */
export function planOfYear(plans: readonly PlanChoice[], year: number): PlanChoice | undefined {
  return plans.find((p) => year >= p.period.start && year <= p.period.end)
}

/** The plan the app opens on: the one the server marks current (else the latest). */
export function currentPlan(plans: readonly PlanChoice[]): PlanChoice | undefined {
  return plans.find((p) => p.current) ?? plans.at(-1)
}

/**
 * The year a URL names (`?year=`), when it falls in some plan's period; null otherwise (no
 * year, not a year, or outside every plan — the page then opens on its default year).
 */
export function yearFromUrl(params: URLSearchParams, plans: readonly PlanChoice[]): number | null {
  const raw = params.get('year') ?? ''
  if (!/^\d{4}$/.test(raw)) return null
  const year = Number(raw)
  return planOfYear(plans, year) ? year : null
}

/** A plan's years, in order. */
export function planYears(plan: PlanChoice): number[] {
  const { start, end } = plan.period
  return Array.from({ length: end - start + 1 }, (_, i) => start + i)
}

/**
 * The years a year picker offers for a plan: its period's years that have begun by
 * `thisYear` (a year not yet begun has no data and no as-of date to stand at); at least the
 * plan's first year, and the selected year when it is the plan's.
 */
export function pickableYears(plan: PlanChoice, thisYear: number, selected?: number): number[] {
  const last = Math.max(thisYear, selected ?? plan.period.start)
  const years = planYears(plan)
  return years.filter((y, i) => i === 0 || y <= last)
}

/** The year a plan opens on without data to say: the year today falls in, within its period. */
export function clampToPlan(plan: PlanChoice, year: number): number {
  return Math.min(plan.period.end, Math.max(plan.period.start, year))
}

/**
 * A default year the server gave, kept when it falls in a plan; otherwise (between or beyond
 * the plans) the current plan's nearest year, so a page never asks for a year no plan has.
 */
export function yearInSomePlan(plans: readonly PlanChoice[], year: number): number | null {
  if (planOfYear(plans, year)) return year
  const current = currentPlan(plans)
  return current ? clampToPlan(current, year) : null
}

/** The plan's name in the page's language, with its period unless the name already states it. */
export function planLabel(plan: PlanChoice, lang: Lang): string {
  const { start, end } = plan.period
  const name = lang === 'zh' ? plan.name_zh : plan.name_en
  if (name.includes(String(start)) && name.includes(String(end))) return name
  return lang === 'zh' ? `${name}（${start}–${end}年）` : `${name} (${start}–${end})`
}
