import { TRPCError } from '@trpc/server'
import { z } from 'zod'
import { datasetFreshness } from '../../../etl/load/status'
import { indicatorDetail } from '../../../semantic-layer/indicator-detail'
import { indicatorValues } from '../../../semantic-layer/scorecard'
import { ALL_ROLES, procedure, router, securityContextOf } from '../trpc'
import { effectiveScope, ScopeInput, VIEW_DATASETS } from './scope'

export const scorecardRouter = router({
  /** Every catalog indicator for a period and scope, with targets, status and freshness. */
  get: procedure
    .meta({ access: ALL_ROLES })
    .input(ScopeInput)
    .query(async ({ ctx, input }) => {
      const { semantic, catalog, wh } = ctx.deps
      const scope = effectiveScope(ctx.user!, input)
      const [values, freshness] = await Promise.all([
        indicatorValues(semantic, scope, securityContextOf(ctx.user!), catalog),
        datasetFreshness(wh),
      ])
      const indicators = catalog.indicators.map((ind, i) => {
        const v = values[i]!
        const dataset = VIEW_DATASETS[ind.cube.measure.split('.')[0]!] ?? ''
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

  detail: procedure
    .meta({ access: ALL_ROLES })
    .input(ScopeInput.extend({ id: z.string().regex(/^[a-z0-9_]+$/) }))
    .query(async ({ ctx, input }) => {
      const ind = ctx.deps.catalog.indicators.find((i) => i.id === input.id)
      if (!ind)
        throw new TRPCError({ code: 'NOT_FOUND', message: `未知指标 ${input.id} (unknown indicator)` })
      const scope = effectiveScope(ctx.user!, input)
      const detail = await indicatorDetail(ctx.deps.semantic, ind, scope, securityContextOf(ctx.user!))
      return { scope, indicator: ind, clauses: ctx.deps.catalog.clauses ?? {}, ...detail }
    }),
})
