import type { Catalog, Indicator } from '../../indicators/catalog.schema'
import { baselineYear } from '../../indicators/plan.schema'
import type { Plan } from '../../indicators/plans'
import { statesBaseline, withBaseline } from '../../indicators/targets'
import type { MetaDatabase } from '../../meta/store'
import { applyCarried, carriedActuals, carriedSources } from '../../semantic-layer/queries/carried-baselines'
import type { TrajectoryPlan } from '../../semantic-layer/queries/trajectory'
import { type BaselineRecord, latestBaselines } from './plan-baselines.store'
import type { AppDeps } from './trpc'

/**
 * Effective catalogs: a plan's catalog with the baselines it does not state filled in, and
 * the yearly targets derived again from them by the one rule (indicators/targets.ts).
 *
 * Where a baseline comes from, in order:
 * 1. the catalog states one: the plan's, it stays;
 * 2. the indicator is carried over from an earlier plan: that plan's final-year actual,
 *    district-wide (semantic-layer/queries/carried-baselines.ts, which the CLI uses too);
 * 3. an evaluator recorded one (the metadata store, plan-baselines.store.ts).
 *
 * Resolved catalogs are cached per plan for RESOLVED_TTL_MS and dropped at once when a
 * baseline is recorded here. A TTL rather than a hook on data loads: the carried-over
 * actuals are of a closed year and change only when a load corrects old data, loads (and
 * baseline changes) on another app instance sharing the database would never reach this
 * one's hook, and the semantic layer's own result cache — which every load clears — serves
 * the refresh. So a load is seen within a minute on every instance, a recorded baseline at
 * once here and within a minute elsewhere; a scorecard request costs a map lookup, and at
 * most once a minute one small indexed PostgreSQL query (plus a cached Cube query per
 * carried-over view).
 */

export type ResolveDeps = Pick<AppDeps, 'plans' | 'meta' | 'semantic'>

export const RESOLVED_TTL_MS = 60_000

/**
 * The plan's catalog with the baselines it does not state: carried-over actuals (by
 * indicator id; null: no data) and evaluators' records in force. Pure.
 */
export function applyBaselines(
  plan: Plan,
  from: ReadonlyMap<string, Pick<Plan, 'name_zh' | 'period'>>,
  carried: ReadonlyMap<string, number | null>,
  recorded: ReadonlyMap<string, BaselineRecord>,
): Catalog {
  const year = baselineYear(plan.period)
  const withCarried = applyCarried(plan, plan.catalog, from, carried)
  const indicators = withCarried.indicators.map((ind): Indicator => {
    if (statesBaseline(ind) || ind.carried_from) return ind
    const rec = recorded.get(ind.id)
    if (!rec || rec.value === null) return ind
    return withBaseline(ind, {
      year,
      value: rec.value,
      source: null,
      note: rec.note,
      origin: 'evaluator',
      recorded_by: rec.recorded_by,
      recorded_at: rec.recorded_at,
    })
  })
  return { ...withCarried, indicators }
}

async function resolve(deps: ResolveDeps, plan: Plan): Promise<Catalog> {
  const sources = carriedSources(deps.plans, plan)
  const [carried, recorded] = await Promise.all([
    carriedActuals(deps.semantic, plan, sources),
    latestBaselines(deps.meta, plan.id),
  ])
  return applyBaselines(plan, sources, carried, recorded)
}

interface Entry {
  expires: number
  catalog: Promise<Catalog>
}

/** By metadata store (tests open several), then by plan. */
const cache = new WeakMap<MetaDatabase, WeakMap<Plan, Entry>>()

/**
 * A plan's effective catalog (cached). A plan stating every baseline is its catalog as
 * loaded: nothing to look up.
 */
export function resolvedCatalog(deps: ResolveDeps, plan: Plan, now = Date.now()): Promise<Catalog> {
  if (plan.catalog.indicators.every(statesBaseline)) return Promise.resolve(plan.catalog)
  let byPlan = cache.get(deps.meta)
  if (!byPlan) {
    byPlan = new WeakMap()
    cache.set(deps.meta, byPlan)
  }
  const hit = byPlan.get(plan)
  if (hit && hit.expires > now) return hit.catalog
  const entry: Entry = { expires: now + RESOLVED_TTL_MS, catalog: resolve(deps, plan) }
  const plans = byPlan
  plans.set(plan, entry)
  // A failure (a store out of reach) is not remembered: the next request tries again.
  entry.catalog.catch(() => {
    if (plans.get(plan) === entry) plans.delete(plan)
  })
  return entry.catalog
}

/** Drops cached effective catalogs (a baseline changed; or every plan's, e.g. after a load). */
export function forgetResolvedCatalogs(meta: MetaDatabase, plan?: Plan): void {
  if (plan) cache.get(meta)?.delete(plan)
  else cache.delete(meta)
}

/**
 * The plans an indicator's trajectory runs through, earliest first, each with the indicator
 * as that plan sets it (effective targets): the plan it is carried over from, if any, then
 * its own plan.
 */
export async function trajectoryPlans(
  deps: ResolveDeps,
  plan: Plan,
  ind: Indicator,
): Promise<TrajectoryPlan[]> {
  const own = { id: plan.id, name_zh: plan.name_zh, name_en: plan.name_en, indicator: ind }
  const from = ind.carried_from ? deps.plans.get(ind.carried_from) : undefined
  if (!from) return [own]
  const earlier = (await resolvedCatalog(deps, from)).indicators.find((i) => i.id === ind.id)
  if (!earlier) return [own]
  return [{ id: from.id, name_zh: from.name_zh, name_en: from.name_en, indicator: earlier }, own]
}
