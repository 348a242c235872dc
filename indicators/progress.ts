import { shanghaiYearPosition } from './shanghai-time'
import { type TargetSpec, targetFor } from './targets'

/**
 * An open period (the year still running at the as-of date) is judged against 序时进度:
 * met / on_track / at_risk / behind. A closed period (the year is over at the as-of date)
 * has only an outcome: met / missed. Either may be no_data or no_target.
 */
export type Status = 'met' | 'missed' | 'on_track' | 'at_risk' | 'behind' | 'no_data' | 'no_target'

/** The statuses an open period can have besides no_data / no_target. */
export const OPEN_STATUSES: readonly Status[] = ['met', 'on_track', 'at_risk', 'behind']
/** The statuses a closed period can have besides no_data / no_target. */
export const CLOSED_STATUSES: readonly Status[] = ['met', 'missed']
/** Statuses that call for attention: off the trajectory (open) or short of the target (closed). */
export const OFF_TRACK: readonly Status[] = ['behind', 'at_risk', 'missed']

/**
 * Whether the year of `asOf` is over at `asOf`: the as-of date is the year's last day (a
 * date means the end of that day) or an instant at its very end.
 */
export function periodClosed(asOf: Date | string): boolean {
  return shanghaiYearPosition(asOf).fraction >= 1 - EPS
}

/** How far short of the expected-to-date value still counts as at_risk rather than behind. */
export const TOLERANCE = {
  /** rates: 5 percentage points */
  rate: 0.05,
  /** other units (users, times, working days): 5% of the expected value */
  countRelative: 0.05,
} as const

// Float noise (0.1 + 0.2) must not turn a reached target into "at risk".
const EPS = 1e-9

/**
 * 序时进度: the value the indicator should have reached by `asOf`.
 * Within a Shanghai calendar year it moves in a straight line, by the share of the year
 * elapsed, from last year's target (or the baseline value when last year has none) to this
 * year's target. With neither, the year's target applies from 1 January. Before the plan
 * period there is no expectation (null); after it, the final target stands. Null too when
 * the year has no target.
 */
export function expectedToDate(indicator: TargetSpec, asOf: Date | string): number | null {
  const { year, fraction } = shanghaiYearPosition(asOf)
  const target = targetFor(indicator, year)
  if (target === null) return null
  if (year > indicator.plan_period.end) return target
  const from = targetFor(indicator, year - 1) ?? indicator.baseline.value
  if (from === null) return target
  return clean(from + (target - from) * fraction)
}

/** The allowed shortfall below the expected-to-date value before an indicator is behind. */
export function tolerance(indicator: Pick<TargetSpec, 'unit'>, expected: number): number {
  return indicator.unit === '%' ? TOLERANCE.rate : Math.abs(expected) * TOLERANCE.countRelative
}

/**
 * Where `value` stands at `asOf` (mirrored for direction 'lower'):
 * - no_data: no value; no_target: the year has no target;
 * - met: this year's target is reached;
 * - missed: the year is over at `asOf` (see periodClosed) and its target was not reached;
 * while the year runs:
 * - on_track: at or beyond the expected-to-date value;
 * - at_risk: short of it by no more than the tolerance (5 points for rates, 5% for counts);
 * - behind: further short.
 */
export function status(indicator: TargetSpec, value: number | null | undefined, asOf: Date | string): Status {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'no_data'
  const { year } = shanghaiYearPosition(asOf)
  const target = targetFor(indicator, year)
  const expected = expectedToDate(indicator, asOf)
  if (target === null || expected === null) return 'no_target'
  // shortfall > 0 means worse than the reference, whichever way is better.
  const shortfall = (ref: number) => (indicator.direction === 'higher' ? ref - value : value - ref)
  if (shortfall(target) <= EPS) return 'met'
  if (periodClosed(asOf)) return 'missed'
  const behindBy = shortfall(expected)
  if (behindBy <= EPS) return 'on_track'
  if (behindBy <= tolerance(indicator, expected) + EPS) return 'at_risk'
  return 'behind'
}

/**
 * Signed gap to the target of `year`, in the indicator's unit: positive = shortfall,
 * negative = target exceeded (for 'lower', being above the target is the shortfall).
 * Null when the value or the target is missing.
 */
export function gapToTarget(
  indicator: TargetSpec,
  value: number | null | undefined,
  year: number,
): number | null {
  return gapTo(indicator, value, targetFor(indicator, year))
}

/**
 * The same signed gap to a target given explicitly (e.g. a unit-level target the evaluators
 * set instead of the plan's): positive = shortfall. Null when the value or the target is missing.
 */
export function gapTo(
  indicator: Pick<TargetSpec, 'direction'>,
  value: number | null | undefined,
  target: number | null | undefined,
): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null
  if (target === null || target === undefined) return null
  return clean(indicator.direction === 'higher' ? target - value : value - target)
}

/** Where a value stands: the year's target, 序时进度 at `asOf`, status and gap. */
export interface Standing {
  target: number | null
  /** The year is over at the as-of date: statuses are outcomes (met/missed), no 序时进度. */
  closed: boolean
  /** 序时进度 at the as-of date; null in a closed period (the year's target is the reference). */
  expected_to_date: number | null
  status: Status
  gap: number | null
}

/**
 * What a scorecard card and an indicator page show for `value` in `year` at `asOf` (a date
 * in that year): one computation, so the two never disagree.
 */
export function standing(
  indicator: TargetSpec,
  value: number | null | undefined,
  year: number,
  asOf: Date | string,
): Standing {
  const closed = periodClosed(asOf)
  return {
    target: targetFor(indicator, year),
    closed,
    expected_to_date: closed ? null : expectedToDate(indicator, asOf),
    status: status(indicator, value, asOf),
    gap: gapToTarget(indicator, value, year),
  }
}

/** Drops binary float noise (0.95 - 0.9 = 0.04999999999999993) from results shown to people. */
function clean(x: number): number {
  return Math.round(x * 1e10) / 1e10
}
