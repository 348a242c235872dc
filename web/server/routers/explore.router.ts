import { z } from 'zod'
import { toCsv, toXlsx } from '../export'
import { ALL_ROLES, procedure, router, securityContextOf } from '../trpc'

const Member = z.string().regex(/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*(\.[a-z]+)?$/, '成员名格式应为 view.member')
const Filter = z.object({
  member: Member,
  operator: z.enum([
    'equals',
    'notEquals',
    'contains',
    'notContains',
    'gt',
    'gte',
    'lt',
    'lte',
    'set',
    'notSet',
    'inDateRange',
  ]),
  values: z
    .array(z.union([z.string().max(200), z.number()]))
    .max(500)
    .optional(),
})

/** The ad-hoc query an analyst builds: members of views only (the engine enforces it too). */
export const ExploreQuery = z.object({
  measures: z.array(Member).max(20).default([]),
  dimensions: z.array(Member).max(10).default([]),
  filters: z.array(Filter).max(20).default([]),
  timeDimension: z
    .object({
      dimension: Member,
      granularity: z.enum(['year', 'quarter', 'month', 'week', 'day']).optional(),
      dateRange: z
        .tuple([z.string().regex(/^\d{4}-\d{2}-\d{2}$/), z.string().regex(/^\d{4}-\d{2}-\d{2}$/)])
        .optional(),
    })
    .optional(),
  order: z
    .array(z.tuple([Member, z.enum(['asc', 'desc'])]))
    .max(5)
    .default([]),
  limit: z.number().int().min(1).max(50_000).default(1000),
})
export type ExploreQuery = z.infer<typeof ExploreQuery>

const toCubeQuery = (q: ExploreQuery) => ({
  measures: q.measures,
  dimensions: q.dimensions,
  filters: q.filters,
  ...(q.timeDimension ? { timeDimensions: [q.timeDimension] } : {}),
  ...(q.order.length ? { order: q.order } : {}),
  limit: q.limit,
})

export const exploreRouter = router({
  meta: procedure
    .meta({ access: ALL_ROLES })
    .query(({ ctx }) => ctx.deps.semantic.meta(securityContextOf(ctx.user!))),

  run: procedure
    .meta({ access: ALL_ROLES })
    .input(ExploreQuery)
    .query(async ({ ctx, input }) => {
      const r = await ctx.deps.semantic.load(toCubeQuery(input), securityContextOf(ctx.user!))
      return { data: r.data, annotation: r.annotation, usedPreAggregations: r.usedPreAggregations }
    }),

  sql: procedure
    .meta({ access: ALL_ROLES })
    .input(ExploreQuery)
    .query(({ ctx, input }) => ctx.deps.semantic.sql(toCubeQuery(input), securityContextOf(ctx.user!))),

  export: procedure
    .meta({ access: ALL_ROLES })
    .input(z.object({ query: ExploreQuery, format: z.enum(['csv', 'xlsx']) }))
    .mutation(async ({ ctx, input }) => {
      const r = await ctx.deps.semantic.load(toCubeQuery(input.query), securityContextOf(ctx.user!))
      const members = [
        ...input.query.dimensions,
        ...(input.query.timeDimension
          ? [
              `${input.query.timeDimension.dimension}${input.query.timeDimension.granularity ? `.${input.query.timeDimension.granularity}` : ''}`,
            ]
          : []),
        ...input.query.measures,
      ]
      const titles: Record<string, { title?: string; shortTitle?: string }> = {
        ...(r.annotation.measures ?? {}),
        ...(r.annotation.dimensions ?? {}),
        ...(r.annotation.timeDimensions ?? {}),
      }
      const table = {
        columns: members
          .filter((m) => r.data.length === 0 || m in r.data[0]!)
          .map((m) => ({ key: m, title: titles[m]?.title ?? m })),
        rows: r.data.map((row) =>
          Object.fromEntries(
            Object.entries(row).map(([k, v]) => [
              k,
              typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v,
            ]),
          ),
        ),
      }
      const stamp = new Date().toISOString().slice(0, 10)
      const body = input.format === 'csv' ? toCsv(table) : await toXlsx(table)
      return {
        filename: `自助分析_${stamp}.${input.format}`,
        base64: body.toString('base64'),
        rows: r.data.length,
      }
    }),
})
