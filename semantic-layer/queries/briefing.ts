import type { Catalog, Indicator } from '../../indicators/catalog.schema'
import { gapTo, OFF_TRACK, type Status } from '../../indicators/progress'
import type { TargetResolver } from '../../indicators/scoring/target-overrides'
import type { SemanticLayer } from '../engine/engine'
import type { SecurityContext } from '../engine/security'
import { indicatorValues, resolveAsOf } from './scorecard'
import { unitValues } from './unit-values'

/** One plan indicator on the briefing: the district's scorecard figures, with names. */
export interface BriefingIndicator {
  id: string
  name_zh: string
  area_zh: string
  value: number | null
  /** this year's target */
  target: number | null
  /** the plan-end target (规划期末目标) and its year */
  goal: number | null
  goal_year: number
  status: Status
  /** signed gap to this year's target: positive = shortfall */
  gap: number | null
  unit: Indicator['unit']
  direction: Indicator['direction']
}

/** A department behind its own target on an off-track indicator. */
export interface LaggingUnit {
  unit_name: string
  indicator_name: string
  value: number
  /** the target the department is ranked against (the evaluators' override, else the plan's) */
  target: number
  /** positive = shortfall */
  gap: number
  unit: Indicator['unit']
  direction: Indicator['direction']
}

export interface BriefingData {
  /** 'YYYY-MM-DD': the year's last day, or today while the year runs */
  as_of: string
  /** every catalog indicator, in catalog order */
  indicators: BriefingIndicator[]
  /** off track (behind or at risk in an open year; missed in a closed one), largest relative shortfall first */
  off_track: BriefingIndicator[]
  /** the largest department shortfalls on the off-track indicators (relative to their targets), largest first */
  lagging_units: LaggingUnit[]
}

export interface BriefingSources {
  catalog: Catalog
  /**
   * Each department's target for an indicator in the year: the same targets the ranking
   * scores against (the evaluators' unit-level overrides over the plan's), passed in by the
   * caller, which keeps them.
   */
  departmentTargets: TargetResolver
}

const LAGGING_UNITS = 20

/**
 * How far behind, comparable across units: the shortfall as a share of the target (0.05 of a
 * 95% rate, 0.5 of 3 个工作日, 17,000 of 100,000 users). Raw gaps would put users first always.
 */
export function relativeShortfall(gap: number | null, target: number | null): number {
  if (gap === null) return Number.NEGATIVE_INFINITY
  return target ? gap / Math.abs(target) : gap
}

/**
 * The leaders' briefing for a year: the district scorecard, the indicators off track, and
 * the departments furthest behind their targets on those indicators. Pure data assembly;
 * rendering is the caller's.
 */
export async function briefingData(
  sl: SemanticLayer,
  year: number,
  context: SecurityContext,
  { catalog, departmentTargets }: BriefingSources,
): Promise<BriefingData> {
  const asOf = resolveAsOf({ year })
  const [values, depts] = await Promise.all([
    // A department reads its own scope: indicators without a department breakdown are not its.
    indicatorValues(
      sl,
      { year, asOf, ...(context.deptCode ? { deptCode: context.deptCode } : {}) },
      context,
      catalog,
    ),
    unitValues(sl, 'department', { from: `${year}-01-01`, to: asOf }, context, catalog),
  ])
  const areaName = new Map(catalog.areas.map((a) => [a.code, a.name_zh]))
  // Only what applies to the scope: a department's briefing leaves out district-wide indicators.
  const applicable = catalog.indicators.flatMap((ind, i) =>
    values[i]!.applicable ? [{ ind, v: values[i]! }] : [],
  )
  const indicators = applicable.map(({ ind, v }): BriefingIndicator => {
    return {
      id: ind.id,
      name_zh: ind.name_zh,
      area_zh: areaName.get(ind.area) ?? ind.area,
      value: v.value,
      target: v.target,
      goal: v.goal,
      goal_year: v.goal_year,
      status: v.status,
      gap: v.gap,
      unit: ind.unit,
      direction: ind.direction,
    }
  })
  const offTrack = indicators
    .filter((i) => OFF_TRACK.includes(i.status))
    .sort((a, b) => relativeShortfall(b.gap, b.target) - relativeShortfall(a.gap, a.target))

  const lagging: LaggingUnit[] = []
  for (const ind of catalog.indicators.filter((i) => offTrack.some((o) => o.id === i.id))) {
    for (const [code, m] of depts.values) {
      const value = m.get(ind.id)
      const target = departmentTargets(ind.id, code)
      const gap = gapTo(ind, value, target)
      if (value === null || value === undefined || target === null || gap === null || gap <= 0) continue
      lagging.push({
        unit_name: depts.names.get(code) ?? code,
        indicator_name: ind.name_zh,
        value,
        target,
        gap,
        unit: ind.unit,
        direction: ind.direction,
      })
    }
  }
  lagging.sort((a, b) => relativeShortfall(b.gap, b.target) - relativeShortfall(a.gap, a.target))
  return { as_of: asOf, indicators, off_track: offTrack, lagging_units: lagging.slice(0, LAGGING_UNITS) }
}
