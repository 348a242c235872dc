import { z } from 'zod'
import { AppError } from '../../../errors/app-error'
import { shanghaiDate } from '../../../indicators/shanghai-time'
import { dataPeriod } from '../../../semantic-layer/queries/data-dates'
import { indicatorDetail } from '../../../semantic-layer/queries/indicator-detail'
import { indicatorValues, resolveAsOf } from '../../../semantic-layer/queries/scorecard'
import { ALL_ROLES, router, securityContextOf, signedIn } from '../trpc'
import { effectiveScope, ScopeInput } from './scope'

/** Today in Asia/Shanghai, 'YYYY-MM-DD'. */

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
  /** The years with data (from the data, up to today) and the latest: the pages' default year. */
  period: signedIn(ALL_ROLES).query(async ({ ctx }) => {
    const today = shanghaiDate()
    const { years, latest } = await dataPeriod(
      ctx.deps.semantic,
      ctx.deps.catalog,
      securityContextOf(ctx.user),
      today,
    )
    const latestYear = latest ?? Number(today.slice(0, 4))
    return { years: years.length > 0 ? years : [latestYear], latest_year: latestYear, today }
  }),

  /** Every catalog indicator for a period and scope, with targets, status and the data's date. */
  get: signedIn(ALL_ROLES)
    .input(ScopeInput)
    .query(async ({ ctx, input }) => {
      const { semantic, catalog } = ctx.deps
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
      return { scope, areas: catalog.areas, indicators }
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
      const ind = ctx.deps.catalog.indicators.find((i) => i.id === input.id)
      if (!ind) throw new AppError('NOT_FOUND', `未知指标 ${input.id} (unknown indicator)`)
      const scope = { ...standingScope(ctx.user, input), ...(input.drill ? { drill: input.drill } : {}) }
      const detail = await indicatorDetail(ctx.deps.semantic, ind, scope, securityContextOf(ctx.user))
      return {
        scope,
        indicator: ind,
        documents: DocumentTitles(ctx.deps.catalog.seeds),
        ...detail,
      }
    }),
})
