import type { Catalog, Indicator } from '../../indicators/catalog.schema'
import { gapTo } from '../../indicators/progress'
import type { TargetResolver } from '../../indicators/scoring/target-overrides'
import type { UnitType, UnitValues } from './unit-values'

/** One department or town in an indicator's final year, against its target. */
export interface UnitOutcome {
  code: string
  name: string
  value: number
  /** The unit's target for the final year (null: none). */
  target: number | null
  /** Signed gap to the target: positive = shortfall, negative = beaten; null without a target. */
  gap: number | null
  /** Reached its target; null without a target. */
  met: boolean | null
}

/** The units that carried an indicator and those that held it back, in its final year. */
export interface UnitBreakdown {
  unit_type: UnitType
  /** Units with a value for the indicator in the final year. */
  units_with_data: number
  /** Best first, at most UNITS_SHOWN. */
  best: UnitOutcome[]
  /** Worst first, at most UNITS_SHOWN, never one of `best`. */
  worst: UnitOutcome[]
}

/** How many units each end of the list shows. */
export const UNITS_SHOWN = 3

const EPS = 1e-9

/**
 * Units ordered from best to worst by their value relative to their target, in the
 * indicator's direction: the gap (shortfall positive) ascending; without a target, the value
 * itself. Ties keep the unit code order, so the list is stable.
 */
export function rankUnits(ind: Pick<Indicator, 'id' | 'direction'>, units: UnitOutcome[]): UnitOutcome[] {
  const better = (a: UnitOutcome) => (ind.direction === 'higher' ? -a.value : a.value)
  return [...units].sort((a, b) => {
    if (a.gap !== null && b.gap !== null && Math.abs(a.gap - b.gap) > EPS) return a.gap - b.gap
    if (a.gap === null && b.gap !== null) return 1
    if (b.gap === null && a.gap !== null) return -1
    const byValue = better(a) - better(b)
    if (Math.abs(byValue) > EPS) return byValue
    return a.code.localeCompare(b.code)
  })
}

/** Best and worst units of one indicator from one unit type's values; null when it has no such breakdown. */
export function unitBreakdown(
  ind: Indicator,
  unitType: UnitType,
  source: UnitValues,
  targets: TargetResolver,
): UnitBreakdown | null {
  const breakdown = unitType === 'department' ? 'dept' : 'region'
  if (!ind.cube.breakdowns.includes(breakdown)) return null
  const units: UnitOutcome[] = []
  for (const [code, byId] of source.values) {
    const value = byId.get(ind.id)
    if (value === null || value === undefined || !Number.isFinite(value)) continue
    const target = targets(ind.id, code)
    const gap = gapTo(ind, value, target)
    units.push({
      code,
      name: source.names.get(code) ?? code,
      value,
      target,
      gap,
      met: gap === null ? null : gap <= EPS,
    })
  }
  const ranked = rankUnits(ind, units)
  const best = ranked.slice(0, Math.min(UNITS_SHOWN, Math.ceil(ranked.length / 2)))
  const worst = ranked.slice(best.length).slice(-UNITS_SHOWN).reverse()
  return { unit_type: unitType, units_with_data: ranked.length, best, worst }
}

/** The indicators of a catalog that have a breakdown by this unit type. */
export const hasBreakdown = (catalog: Catalog, unitType: UnitType): boolean =>
  catalog.indicators.some((i) => i.cube.breakdowns.includes(unitType === 'department' ? 'dept' : 'region'))
