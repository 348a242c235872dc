import type { Catalog, Indicator } from '../../indicators/catalog.schema'
import { baselineYear } from '../../indicators/plan.schema'
import type { Plan, PlanSet } from '../../indicators/plans'
import { statesBaseline, withBaseline } from '../../indicators/targets'
import type { SemanticLayer } from '../engine/engine'
import { indicatorView, yearlyValues } from './indicator-query'

/**
 * Carried-over baselines: an indicator continued from an earlier plan (`carried_from`) whose
 * catalog states no baseline starts from that plan's final-year actual, district-wide, and
 * its yearly targets are derived from it by the one rule. Shared by the app (web/server's
 * resolved catalogs, which add the baselines evaluators record) and the indicators CLI.
 */

/** Carried-over actuals are district-wide: read as an administrator, whoever asks. */
const ADMIN_CONTEXT = { role: 'admin' }

/** The note a carried-over baseline carries. */
export function carriedNote(from: Pick<Plan, 'name_zh' | 'period'>): string {
  return `上一规划期末实际值（${from.name_zh}，${from.period.end}年全区实际值）`
}

/** The earlier plan each carried-over indicator without a stated baseline continues from. */
export function carriedSources(plans: Pick<PlanSet, 'get'>, plan: Plan): Map<string, Plan> {
  const out = new Map<string, Plan>()
  for (const ind of plan.catalog.indicators) {
    const from = ind.carried_from && !statesBaseline(ind) ? plans.get(ind.carried_from) : undefined
    if (from) out.set(ind.id, from)
  }
  return out
}

/**
 * The earlier plans' final-year actuals of the carried-over indicators, district-wide: one
 * yearly query per earlier plan × view. A current-state indicator (no time dimension) has
 * no past values, so no carried-over actual (null).
 */
export async function carriedActuals(
  sl: SemanticLayer,
  plan: Plan,
  sources: ReadonlyMap<string, Plan>,
): Promise<Map<string, number | null>> {
  const groups = new Map<string, { end: number; td: string; inds: Indicator[] }>()
  for (const ind of plan.catalog.indicators) {
    const from = sources.get(ind.id)
    const td = ind.cube.time_dimension
    if (!from || td === null) continue
    const key = `${from.period.end}|${indicatorView(ind)}|${td}`
    const g = groups.get(key) ?? { end: from.period.end, td, inds: [] }
    g.inds.push(ind)
    groups.set(key, g)
  }
  const out = new Map<string, number | null>()
  await Promise.all(
    [...groups.values()].map(async ({ end, td, inds }) => {
      const byMeasure = await yearlyValues(
        sl,
        {
          measures: inds.map((i) => i.cube.measure),
          timeDimension: td,
          filters: [],
          fromYear: end,
          asOf: `${end}-12-31`,
          year: end,
        },
        ADMIN_CONTEXT,
      )
      for (const ind of inds) out.set(ind.id, byMeasure.get(ind.cube.measure)?.get(end) ?? null)
    }),
  )
  return out
}

/**
 * The catalog with the carried-over actuals as baselines (by indicator id; null: no data, and
 * the indicator stays as the plan has it). Pure.
 */
export function applyCarried(
  plan: Plan,
  catalog: Catalog,
  sources: ReadonlyMap<string, Pick<Plan, 'name_zh' | 'period'>>,
  carried: ReadonlyMap<string, number | null>,
): Catalog {
  const year = baselineYear(plan.period)
  const indicators = catalog.indicators.map((ind): Indicator => {
    const from = sources.get(ind.id)
    const value = carried.get(ind.id) ?? null
    if (statesBaseline(ind) || !from || value === null) return ind
    return withBaseline(ind, { year, value, source: null, note: carriedNote(from), origin: 'carried_over' })
  })
  return { ...catalog, indicators }
}

/** A plan's catalog with its carried-over baselines resolved from the data. */
export async function withCarriedBaselines(
  sl: SemanticLayer,
  plans: Pick<PlanSet, 'get'>,
  plan: Plan,
): Promise<Catalog> {
  const sources = carriedSources(plans, plan)
  if (sources.size === 0) return plan.catalog
  return applyCarried(plan, plan.catalog, sources, await carriedActuals(sl, plan, sources))
}
