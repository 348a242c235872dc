import type { Baseline, Direction, Indicator, SeedClause, Unit, YearlyTarget } from './catalog.schema'

/** The part of an indicator the target math needs; a catalog Indicator satisfies it. */
export interface TargetSpec {
  unit: Unit
  direction: Direction
  plan_period: { start: number; end: number }
  baseline: { year: number; value: number | null }
  targets: { year: number; value: number | null }[]
}

/**
 * The target that applies in `year`: null before the plan period or when the catalog has
 * none for that year; after the period the final year's target keeps applying (the same
 * "reached targets are held" rule the derived targets follow).
 */
export function targetFor(indicator: TargetSpec, year: number): number | null {
  const { start, end } = indicator.plan_period
  if (year < start) return null
  const y = Math.min(year, end)
  return indicator.targets.find((t) => t.year === y)?.value ?? null
}

/** The catalog entry (with its source clause) for a year inside the plan period. */
export function targetEntry<T extends { year: number }>(indicator: { targets: T[] }, year: number): T | null {
  return indicator.targets.find((t) => t.year === year) ?? null
}

/** A target the plan (or the local administration) states outright. */
export interface StatedTarget {
  year: number
  value: number
  source: SeedClause | null
  locally_set: boolean
}

/**
 * Derived values are stored rounded: rates to 0.01 percentage point, counts to whole users,
 * means (times, working days) to 0.01.
 */
export function roundTarget(value: number, unit: Unit): number {
  if (unit === '%') return Math.round(value * 1e4) / 1e4
  if (unit === 'users') return Math.round(value)
  return Math.round(value * 100) / 100
}

/**
 * The one rule that fills the years a plan does not state (derived: true):
 * - between two anchors — the baseline (if it has a value) and the stated targets — a year
 *   gets the straight-line value between the nearest anchor before and the next stated target,
 *   and cites that next target's clause;
 * - after the last stated target, a year keeps that target's value and clause (reached targets
 *   are held);
 * - before the first stated target with no baseline value, a year has no target (value null):
 *   there is nothing to draw a line from.
 */
export function deriveYearlyTargets(
  spec: Pick<TargetSpec, 'unit' | 'plan_period' | 'baseline'>,
  stated: StatedTarget[],
): YearlyTarget[] {
  const sorted = [...stated].sort((a, b) => a.year - b.year)
  const { start, end } = spec.plan_period
  const out: YearlyTarget[] = []
  for (let year = start; year <= end; year++) {
    const own = sorted.find((t) => t.year === year)
    if (own) {
      out.push({ ...own, derived: false })
      continue
    }
    const next = sorted.find((t) => t.year > year)
    const prevStated = sorted.filter((t) => t.year < year).at(-1)
    const { baseline } = spec
    const prev =
      prevStated ??
      (baseline.value !== null && baseline.year < year
        ? { year: baseline.year, value: baseline.value }
        : null)
    if (next && prev) {
      const value = prev.value + ((next.value - prev.value) * (year - prev.year)) / (next.year - prev.year)
      out.push(derived(year, roundTarget(value, spec.unit), next))
    } else if (prevStated) {
      out.push(derived(year, prevStated.value, prevStated))
    } else {
      out.push({ year, value: null, source: null, derived: false, locally_set: false })
    }
  }
  return out
}

function derived(year: number, value: number, from: StatedTarget): YearlyTarget {
  return { year, value, source: from.source, derived: true, locally_set: from.locally_set }
}

/** The catalog states this indicator's baseline (a value): it is the plan's and stays. */
export const statesBaseline = (ind: Pick<Indicator, 'baseline'>): boolean => ind.baseline.value !== null

/** The targets the plan states (not derived, with a value): what the derivation rule starts from. */
export function statedTargets(ind: Pick<Indicator, 'targets'>): StatedTarget[] {
  return ind.targets.flatMap(({ year, value, source, derived, locally_set }) =>
    !derived && value !== null ? [{ year, value, source, locally_set }] : [],
  )
}

/** The indicator with this baseline, its yearly targets derived again by the one rule. */
export function withBaseline(ind: Indicator, baseline: Baseline): Indicator {
  const targets = deriveYearlyTargets(
    { unit: ind.unit, plan_period: ind.plan_period, baseline },
    statedTargets(ind),
  )
  return { ...ind, baseline, targets }
}
