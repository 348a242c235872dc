import { AppError } from '../../errors/app-error'
import type { Catalog } from '../../indicators/catalog.schema'
import { baselineYear } from '../../indicators/plan.schema'
import type { Plan } from '../../indicators/plans'
import { type ResolveDeps, resolvedCatalog } from './plan-baselines'
import type { AppDeps } from './trpc'

/** The plan a year belongs to (its baseline year counts as its own); a 400 outside every plan. */
export function planForYear(deps: Pick<AppDeps, 'plans'>, year: number): Plan {
  const { plans } = deps
  const plan = plans.forYear(year) ?? plans.plans.find((p) => year === baselineYear(p.period))
  if (plan) return plan
  throw new AppError(
    'BAD_REQUEST',
    `${year}年不在任何规划期内（规划覆盖 ${plans.years.first + 1}–${plans.years.last} 年） (year outside every plan)`,
  )
}

/** The plan with this id (default: the current plan); a 404 when there is none. */
export function planById(deps: Pick<AppDeps, 'plans'>, id?: string): Plan {
  if (id === undefined) return deps.plans.current
  const plan = deps.plans.get(id)
  if (!plan) throw new AppError('NOT_FOUND', `没有这个规划：${id} (unknown plan)`)
  return plan
}

/**
 * The catalog the figures of a year are judged by: its plan's, with the baselines the plan
 * does not state (carried-over actuals, baselines evaluators record) and the yearly targets
 * derived from them (plan-baselines.ts; cached). The one place where catalogs for a year are
 * resolved, so those targets apply everywhere at once.
 */
export async function catalogForYear(deps: ResolveDeps, year: number): Promise<Catalog> {
  return resolvedCatalog(deps, planForYear(deps, year))
}

/** A plan's effective catalog (as catalogForYear resolves it). */
export async function catalogForPlan(deps: ResolveDeps, plan: Plan): Promise<Catalog> {
  return resolvedCatalog(deps, plan)
}
