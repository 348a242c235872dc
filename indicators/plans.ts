import path from 'node:path'
import { loadCatalog } from './catalog'
import type { Catalog } from './catalog.schema'
import { currentPlanOf, type PlanInfo } from './plan.schema'
import { DEFAULT_PLANS_DIR, PlanError, planDirs, readPlanInfo } from './plan-files'
import { loadSchemes } from './scoring/scheme'
import type { SchemeFile } from './scoring/scheme.schema'
import { shanghaiDate } from './shanghai-time'
import { loadTasks } from './tasks/load'
import type { PlanTasks } from './tasks/task.schema'

/** A plan: its identity and period (plan.yml), indicator catalog, task catalog and scoring schemes. */
export interface Plan extends PlanInfo {
  dir: string
  catalog: Catalog
  /** The milestones and tasks its documents state (tasks.yml; none without the file). */
  tasks: PlanTasks
  schemes: SchemeFile
}

/** The plans the app knows, side by side; their periods never overlap. */
export interface PlanSet {
  /** By period start. */
  readonly plans: readonly Plan[]
  /** The latest plan whose period has started (Asia/Shanghai), as of loading. */
  readonly current: Plan
  /** The first and last year any plan covers, each plan's baseline year included. */
  readonly years: { first: number; last: number }
  /** The plan with this id; undefined when there is none. */
  get(id: string): Plan | undefined
  /** The plan whose period contains `year`; undefined outside every plan. */
  forYear(year: number): Plan | undefined
}

/**
 * Loads every plan folder under the roots (default: the repository's plans folder) with its
 * catalog and schemes, checking each catalog's `carried_from` names an earlier plan that has
 * the same indicator. Throws PlanError / CatalogError / SchemeError naming every problem.
 */
export function loadPlans(roots: readonly string[] = [DEFAULT_PLANS_DIR], today = new Date()): PlanSet {
  const plans = planDirs(roots)
    .map((dir): Plan => {
      const info = readPlanInfo(dir)
      const catalog = loadCatalog(path.join(dir, 'catalog.yml'))
      return {
        ...info,
        dir,
        catalog,
        tasks: loadTasks(dir, info.period, catalog),
        schemes: loadSchemes(path.join(dir, 'schemes.yml'), catalog),
      }
    })
    .sort((a, b) => a.period.start - b.period.start)
  const label = roots.join(path.delimiter)
  if (plans.length === 0)
    throw new PlanError(label, [{ field: '', message: 'no plan folder (with a plan.yml) found' }])
  const problems: string[] = []
  const ids = new Set<string>()
  plans.forEach((p, i) => {
    if (ids.has(p.id)) problems.push(`plan ${p.id} is in two folders`)
    ids.add(p.id)
    const prev = plans[i - 1]
    if (prev && p.period.start <= prev.period.end) {
      problems.push(`plans ${prev.id} and ${p.id} overlap (${prev.period.end} ≥ ${p.period.start})`)
    }
    for (const ind of p.catalog.indicators) {
      if (!ind.carried_from) continue
      const from = plans.find((q) => q.id === ind.carried_from)
      if (!from || from.period.end >= p.period.start) {
        problems.push(
          `${p.id}: indicator ${ind.id} is carried from ${ind.carried_from}, which is not an earlier plan`,
        )
      } else if (
        !from.catalog.indicators.some((q) => q.id === ind.id && q.cube.measure === ind.cube.measure)
      ) {
        problems.push(
          `${p.id}: indicator ${ind.id} is carried from ${from.id}, which has no indicator ${ind.id} on the same measure`,
        )
      }
    }
  })
  if (problems.length > 0)
    throw new PlanError(
      label,
      problems.map((message) => ({ field: '', message })),
    )
  const current = currentPlanOf(plans, Number(shanghaiDate(today).slice(0, 4)))
  return {
    plans,
    current,
    years: { first: plans[0]!.period.start - 1, last: plans.at(-1)!.period.end },
    get: (id) => plans.find((p) => p.id === id),
    forYear: (year) => plans.find((p) => year >= p.period.start && year <= p.period.end),
  }
}

/** The plan's period is over (Asia/Shanghai): its final evaluation can be made. */
export function planClosed(plan: Pick<Plan, 'period'>, today = new Date()): boolean {
  return shanghaiDate(today) > `${plan.period.end}-12-31`
}

/** What the API tells about a plan (no file paths, no file format). */
export function planInfo(
  plan: Plan,
  set: PlanSet,
  today = new Date(),
): Omit<PlanInfo, 'format'> & { current: boolean; closed: boolean } {
  const { id, name_zh, name_en, issuer_zh, period } = plan
  return {
    id,
    name_zh,
    name_en,
    issuer_zh,
    period,
    current: plan.id === set.current.id,
    closed: planClosed(plan, today),
  }
}
