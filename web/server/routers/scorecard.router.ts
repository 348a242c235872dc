import { z } from 'zod'
import { AppError } from '../../../errors/app-error'
import { indicatorDetail } from '../../../semantic-layer/queries/indicator-detail'
import { indicatorView } from '../../../semantic-layer/queries/indicator-query'
import { indicatorValues } from '../../../semantic-layer/queries/scorecard'
import { ALL_ROLES, router, securityContextOf, signedIn } from '../trpc'
import { effectiveScope, ScopeInput } from './scope'

export const scorecardRouter = router({
  /** Every catalog indicator for a period and scope, with targets, status and freshness. */
  get: signedIn(ALL_ROLES)
    .input(ScopeInput)
    .query(async ({ ctx, input }) => {
      const { semantic, catalog } = ctx.deps
      const scope = effectiveScope(ctx.user, input)
      const [values, freshness, views] = await Promise.all([
        indicatorValues(semantic, scope, securityContextOf(ctx.user), catalog),
        ctx.deps.data.freshness(),
        // Every view (not the caller's surface): only the datasets they declare are read here.
        semantic.meta(),
      ])
      // A view's figures are as fresh as the dataset its measures count: the first it declares.
      const datasetOf = new Map(views.map((v) => [v.name, v.datasets[0] ?? '']))
      const indicators = catalog.indicators.map((ind, i) => {
        const v = values[i]!
        const dataset = datasetOf.get(indicatorView(ind)) ?? ''
        return {
          name_zh: ind.name_zh,
          name_en: ind.name_en,
          unit: ind.unit,
          direction: ind.direction,
          area: ind.area,
          binding: ind.binding,
          weight: ind.weight,
          dataset,
          data_as_of: freshness.get(dataset) ?? null,
          ...v,
        }
      })
      return { scope, areas: catalog.areas, indicators }
    }),

  detail: signedIn(ALL_ROLES)
    .input(ScopeInput.extend({ id: z.string().regex(/^[a-z0-9_]+$/) }))
    .query(async ({ ctx, input }) => {
      const ind = ctx.deps.catalog.indicators.find((i) => i.id === input.id)
      if (!ind) throw new AppError('NOT_FOUND', `未知指标 ${input.id} (unknown indicator)`)
      const scope = effectiveScope(ctx.user, input)
      const detail = await indicatorDetail(ctx.deps.semantic, ind, scope, securityContextOf(ctx.user))
      return { scope, indicator: ind, clauses: ctx.deps.catalog.clauses ?? {}, ...detail }
    }),
})
