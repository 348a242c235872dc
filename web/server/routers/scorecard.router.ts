import { z } from 'zod'
import { AppError } from '../../../errors/app-error'
import { planInfo } from '../../../indicators/plans'
import { shanghaiDate } from '../../../indicators/shanghai-time'
import { dataPeriod } from '../../../semantic-layer/queries/data-dates'
import { indicatorDetail } from '../../../semantic-layer/queries/indicator-detail'
import { indicatorValues, resolveAsOf } from '../../../semantic-layer/queries/scorecard'
import { trajectoryPlans } from '../plan-baselines'
import { catalogForYear, planById, planForYear } from '../plans'
import { ALL_ROLES, router, securityContextOf, signedIn } from '../trpc'
import { effectiveScope, ScopeInput } from './scope'

/**
 * The scope the figures stand at. Without an as-of date: the year's last day, or today while
 * the year runs; an as-of date never lies after today (there is no data from the future, and
 * a running year is not over yet).
 */
function standingScope(user: Parameters<typeof effectiveScope>[0], input: ScopeInput) {
  const today = shanghaiDate()
  const asOf = input.asOf ?? resolveAsOf({ year: input.year })
  const earlier = [asOf, today].sort()[0]!
  const scope = effectiveScope(user, { ...input, asOf: earlier })
  return scope.asOf.startsWith(String(scope.year)) ? scope : { ...scope, asOf: `${scope.year}-12-31` }
}

/** A plan document's title by its seed file, for citing clauses as 《title》. */
const DocumentTitles = (seeds: Record<string, { title: string }> | undefined) =>
  Object.fromEntries(Object.entries(seeds ?? {}).map(([file, s]) => [file, s.title]))

export const scorecardRouter = router({
  /**
   * A plan (default: the current one), its years with data (up to today) and the latest of
   * them: the pages' default year. Without data, the plan year today falls in (or its last).
   */
  period: signedIn(ALL_ROLES)
    .input(z.object({ plan: z.string().max(40).optional() }).default({}))
    .query(async ({ ctx, input }) => {
      const today = shanghaiDate()
      const plan = planById(ctx.deps, input.plan)
      const { years, latest } = await dataPeriod(
        ctx.deps.semantic,
        plan.catalog,
        securityContextOf(ctx.user),
        today,
        plan.period,
      )
      const thisYear = Math.min(plan.period.end, Math.max(plan.period.start, Number(today.slice(0, 4))))
      const latestYear = latest ?? thisYear
      return {
        plan: planInfo(plan, ctx.deps.plans),
        years: years.length > 0 ? years : [latestYear],
        latest_year: latestYear,
        today,
      }
    }),

  /** Every catalog indicator for a period and scope, with targets, status and the data's date. */
  get: signedIn(ALL_ROLES)
    .input(ScopeInput)
    .query(async ({ ctx, input }) => {
      const { semantic } = ctx.deps
      const plan = planForYear(ctx.deps, input.year)
      const catalog = await catalogForYear(ctx.deps, input.year)
      const scope = standingScope(ctx.user, input)
      const values = await indicatorValues(semantic, scope, securityContextOf(ctx.user), catalog)
      const indicators = catalog.indicators.map((ind, i) => ({
        name_zh: ind.name_zh,
        name_en: ind.name_en,
        unit: ind.unit,
        direction: ind.direction,
        area: ind.area,
        binding: ind.binding,
        weight: ind.weight,
        ...values[i]!,
      }))
      return { scope, plan: planInfo(plan, ctx.deps.plans), areas: catalog.areas, indicators }
    }),

  detail: signedIn(ALL_ROLES)
    .input(
      ScopeInput.extend({
        id: z
          .string()
          .max(64)
          .regex(/^[a-z0-9_]+$/),
        /** The region level to break down by (see indicatorDetail): a 400 if the data lacks it. */
        drill: z.enum(['town', 'village']).optional(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const plan = planForYear(ctx.deps, input.year)
      const catalog = await catalogForYear(ctx.deps, input.year)
      const ind = catalog.indicators.find((i) => i.id === input.id)
      if (!ind) throw new AppError('NOT_FOUND', `未知指标 ${input.id} (unknown indicator)`)
      const scope = { ...standingScope(ctx.user, input), ...(input.drill ? { drill: input.drill } : {}) }
      const plans = await trajectoryPlans(ctx.deps, plan, ind)
      const detail = await indicatorDetail(ctx.deps.semantic, ind, scope, securityContextOf(ctx.user), plans)
      return {
        scope,
        plan: planInfo(plan, ctx.deps.plans),
        indicator: ind,
        documents: DocumentTitles(catalog.seeds),
        ...detail,
      }
    }),
})
