import type { Direction, Unit } from './catalog.schema'
import { shanghaiYearStart } from './shanghai-time'
import { type TargetSpec, targetFor } from './targets'

export interface YearValue {
  year: number
  value: number | null
}

/**
 * Projected value in `endYear` from the trend of yearly actuals: an ordinary least-squares
 * line through the years that have a value. Needs two distinct years (one point has no
 * trend → null). Rates are clamped to [0, 1] and counts to ≥ 0, since a straight line
 * happily runs past 100%.
 */
export function projectEndOfPeriod(series: YearValue[], endYear: number, unit: Unit = '%'): number | null {
  const points = series.filter((p): p is { year: number; value: number } => Number.isFinite(p.value))
  if (new Set(points.map((p) => p.year)).size < 2) return null
  const n = points.length
  const meanX = points.reduce((s, p) => s + p.year, 0) / n
  const meanY = points.reduce((s, p) => s + p.value, 0) / n
  let sxy = 0
  let sxx = 0
  for (const p of points) {
    sxy += (p.year - meanX) * (p.value - meanY)
    sxx += (p.year - meanX) ** 2
  }
  const projected = meanY + (sxy / sxx) * (endYear - meanX)
  const clamped = unit === '%' ? Math.min(1, Math.max(0, projected)) : Math.max(0, projected)
  return Math.round(clamped * 1e10) / 1e10
}

/** A projection that falls short of the goal in the indicator's direction (false without both). */
export function projectedMiss(projected: number | null, goal: number | null, direction: Direction): boolean {
  if (projected === null || goal === null) return false
  return direction === 'higher' ? projected < goal - 1e-9 : projected > goal + 1e-9
}

/** Average month length in days (365.2425 / 12), to count the months left as a fraction. */
const DAYS_PER_MONTH = 30.436875

/**
 * The change per month still needed to go from `value` (as of the end of the day `asOf`,
 * 'YYYY-MM-DD') to `goal` by the end of `endYear`: (goal − value) ÷ months left. Null
 * without a value or goal, when the goal is already met in the indicator's direction, or
 * when no time is left.
 */
export function monthlyPaceNeeded(
  value: number | null,
  goal: number | null,
  direction: Direction,
  asOf: string,
  endYear: number,
): number | null {
  if (value === null || goal === null) return null
  const short = direction === 'higher' ? goal - value : value - goal
  if (short <= 1e-12) return null
  const dayMs = 86_400_000
  const asOfEnd = Date.parse(`${asOf}T00:00:00+08:00`) + dayMs
  const days = (shanghaiYearStart(endYear + 1) - asOfEnd) / dayMs
  if (days <= 0) return null
  return (goal - value) / (days / DAYS_PER_MONTH)
}

/** Where an indicator is heading by the plan's end (规划期末), as cards and the detail show it. */
export interface PlanEndForecast {
  /** The plan-end target (规划期末目标). */
  goal: number | null
  /** The trend of the yearly actuals projected to the plan's last year; null once the plan is over. */
  projected_final: number | null
  /** The projection falls short of the goal in the indicator's direction. */
  projected_miss: boolean
  /** The change per month still needed to reach the goal; null once over, met, or without figures. */
  monthly_pace_needed: number | null
}

/**
 * The one forecast rule: the yearly actuals from the plan's first year up to the scope's year
 * (`series`), projected to the plan's last year, and the monthly pace from `value` (as of
 * `asOf`, 'YYYY-MM-DD') to the plan-end goal. Nothing is forecast once the plan is over at
 * the as-of date.
 */
export function planEndForecast(
  ind: TargetSpec,
  series: YearValue[],
  value: number | null,
  asOf: string,
): PlanEndForecast {
  const { start, end } = ind.plan_period
  const goal = targetFor(ind, end)
  const open = asOf < `${end}-12-31`
  const inPlan = series.filter((p) => p.year >= start && p.year <= end)
  const projected = open ? projectEndOfPeriod(inPlan, end, ind.unit) : null
  return {
    goal,
    projected_final: projected,
    projected_miss: projectedMiss(projected, goal, ind.direction),
    monthly_pace_needed: open ? monthlyPaceNeeded(value, goal, ind.direction, asOf, end) : null,
  }
}
