import { z } from 'zod'
import { viewOf } from '../../../semantic-layer/engine/query'
import { FILTER_OPERATORS, GRANULARITIES } from '../../shared/explore'
import { dateRangeProblem } from '../../shared/explore-format'
import { exploreExport } from '../explore-export'
import { download } from '../export'
import { ALL_ROLES, router, securityContextOf, signedIn } from '../trpc'

// `view.member`, or a time dimension at a grain (`view.date.month`); nothing else reaches Cube.
const Member = z
  .string()
  .regex(
    new RegExp(`^[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*(\\.(${GRANULARITIES.join('|')}))?$`),
    '字段名格式不正确，应为“视图.字段”',
  )
const Filter = z.object({
  member: Member,
  operator: z.enum([...FILTER_OPERATORS, 'inDateRange'], {
    error: '不支持的筛选运算符',
  }),
  values: z
    .array(z.union([z.string().max(200, '筛选值最长200字符'), z.number()]))
    .max(500, '筛选值最多500个')
    .optional(),
})

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')

/** Every member a query names (only the view part is used). */
const membersOf = (q: {
  measures: string[]
  dimensions: string[]
  filters: Array<{ member: string }>
  timeDimension?: { dimension: string } | undefined
  order: Array<[string, string]>
}) => [
  ...q.measures,
  ...q.dimensions,
  ...q.filters.map((f) => f.member),
  ...(q.timeDimension ? [q.timeDimension.dimension] : []),
  ...q.order.map(([m]) => m),
]

/** The ad-hoc query an analyst builds: members of views only (the engine enforces it too). */
export const ExploreQuery = z
  .object({
    measures: z.array(Member).max(20).default([]),
    dimensions: z.array(Member).max(10).default([]),
    filters: z.array(Filter).max(20).default([]),
    timeDimension: z
      .object({
        dimension: Member,
        granularity: z.enum(GRANULARITIES).optional(),
        dateRange: z.tuple([IsoDate, IsoDate]).optional(),
      })
      .optional(),
    order: z
      .array(z.tuple([Member, z.enum(['asc', 'desc'], { error: '排序方向只能是升序（asc）或降序（desc）' })]))
      .max(5)
      .default([]),
    limit: z
      .number()
      .int('行数上限应为整数')
      .min(1, '行数上限至少为1')
      .max(50_000, '行数上限最多为50000')
      .default(1000),
  })
  // Views are not joined to each other: a query naming two views cannot be answered (and
  // Cube would fail with a 500 rather than say why).
  .refine((q) => new Set(membersOf(q).map(viewOf)).size <= 1, {
    message: '一次查询只能使用同一个数据视图的字段',
  })
  // A reversed or impossible date range would quietly answer nothing: refused with why.
  .superRefine((q, ctx) => {
    const ranges = [
      ...(q.timeDimension?.dateRange ? [q.timeDimension.dateRange] : []),
      ...q.filters
        .filter((f) => f.operator === 'inDateRange' && f.values?.length === 2)
        .map((f) => f.values!.map(String) as [string, string]),
    ]
    for (const [from, to] of ranges) {
      const problem = dateRangeProblem(from, to)
      if (problem) ctx.addIssue({ code: 'custom', message: problem })
    }
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
  meta: signedIn(ALL_ROLES).query(({ ctx }) => ctx.deps.semantic.meta(securityContextOf(ctx.user))),

  run: signedIn(ALL_ROLES)
    .input(ExploreQuery)
    .query(async ({ ctx, input }) => {
      const r = await ctx.deps.semantic.load(toCubeQuery(input), securityContextOf(ctx.user))
      return { data: r.data, annotation: r.annotation, usedPreAggregations: r.usedPreAggregations }
    }),

  sql: signedIn(ALL_ROLES)
    .input(ExploreQuery)
    .query(({ ctx, input }) => ctx.deps.semantic.sql(toCubeQuery(input), securityContextOf(ctx.user))),
})

/** Files: `GET /files/explore.export` (web/server/file-routes.ts), never through /trpc. */
export const exploreFiles = router({
  export: signedIn(ALL_ROLES)
    .input(z.object({ query: ExploreQuery, format: z.enum(['csv', 'xlsx']) }))
    .query(async ({ ctx, input }) => {
      const r = await ctx.deps.semantic.load(toCubeQuery(input.query), securityContextOf(ctx.user))
      const stamp = new Date().toISOString().slice(0, 10)
      const body = await exploreExport(input.query, r, input.format)
      return download(`自助分析_${stamp}.${input.format}`, `explore_${stamp}.${input.format}`, body, {
        rows: r.data.length,
      })
    }),
})
