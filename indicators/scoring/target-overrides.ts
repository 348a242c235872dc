import type { Catalog } from '../catalog.schema'
import { targetFor } from '../targets'
import type { UnitType } from './scheme.schema'

/** The target an indicator has for one unit in the period being scored; null: none. */
export type TargetResolver = (indicatorId: string, unitCode: string) => number | null

/**
 * A unit-level target the evaluators set, replacing the plan target for that unit, indicator
 * and year. Rates are fractions (95% = 0.95), like the catalog's.
 */
export interface TargetOverride {
  unit_type: UnitType
  unit_code: string
  indicator_id: string
  year: number
  target: number
}

/**
 * Plan targets from the catalog: every unit gets the district's target for `year` (periods
 * shorter than a year are scored against their year's target). Unknown ids have none.
 */
export function planTargets(catalog: Catalog, year: number): TargetResolver {
  const byId = new Map(catalog.indicators.map((i) => [i.id, i]))
  return (indicatorId) => {
    const ind = byId.get(indicatorId)
    return ind ? targetFor(ind, year) : null
  }
}

/**
 * `base` with the overrides for this unit type and year on top: an override wins over the
 * base target, even where the base has none. Other unit types and years are ignored; when
 * two rows name the same unit, indicator and year the later row wins (the XLSX parser
 * refuses such files, so this only matters for hand-built lists).
 */
export function applyTargetOverrides(
  base: TargetResolver,
  overrides: readonly TargetOverride[],
  scope: { unitType: UnitType; year: number },
): TargetResolver {
  const own = new Map<string, number>()
  for (const o of overrides) {
    if (o.unit_type !== scope.unitType || o.year !== scope.year) continue
    own.set(key(o.indicator_id, o.unit_code), o.target)
  }
  if (own.size === 0) return base
  return (indicatorId, unitCode) => own.get(key(indicatorId, unitCode)) ?? base(indicatorId, unitCode)
}

// \u0000 cannot occur in an id or a code, so the pair maps to one key unambiguously.
const key = (indicatorId: string, unitCode: string) => `${indicatorId}\u0000${unitCode}`
