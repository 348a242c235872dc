import { z } from 'zod'
import { AppError } from '../../../errors/app-error'
import type { PublicUser } from '../auth/users.store'
import { download } from '../export'
import { rankingPdf, rankingXlsx, reportCardPdf, reportCardXlsx } from '../reports'
import { type Period, resolvePeriod } from '../scoring/period'
import { getPublished, publicationHistory } from '../scoring/publication.service'
import { router, signedIn } from '../trpc'
import { Code, rankingReport, Scope } from './ranking.router'

/**
 * 考核结果: published rankings for their audience, read-only. Leaders (and evaluators,
 * admins) see whole rankings and their history; a department account sees its own report
 * card and rank only, and only for published department rankings — enforced here, whatever
 * the client asks for. Anything not published is a 404.
 */

const READERS = ['leader', 'evaluator', 'admin'] as const
const AUDIENCE = ['leader', 'evaluator', 'admin', 'department'] as const

/** The unit a caller may see: a department account its own department, nobody else's. */
function ownUnit(user: PublicUser, unitType: 'department' | 'town', asked: string | undefined): string {
  if (user.role !== 'department') {
    if (!asked) throw new AppError('BAD_REQUEST', '请指定单位 (unit code required)')
    return asked
  }
  if (!user.dept_code)
    throw new AppError('FORBIDDEN', '部门账号未绑定部门 (department account has no department)')
  if (unitType !== 'department' || (asked !== undefined && asked !== user.dept_code)) {
    throw new AppError(
      'FORBIDDEN',
      '部门账号只能查看本部门的考核结果 (a department sees its own results only)',
    )
  }
  return user.dept_code
}

const UnitInput = Scope.extend({ unitCode: Code.optional() })

async function unitResult(
  deps: Parameters<typeof getPublished>[0],
  unitType: 'department' | 'town',
  period: Period,
  code: string,
) {
  const view = await getPublished(deps, unitType, period)
  const unit = view.result.units.find((u) => u.unit_code === code)
  if (!unit) throw new AppError('NOT_FOUND', `该期排名中没有单位 ${code} (unit not in this ranking)`)
  return { view, unit }
}

export const resultsRouter = router({
  /** The published rankings (current publications), newest first; a department sees department ones. */
  list: signedIn(AUDIENCE).query(async ({ ctx }) => {
    const rows = await publicationHistory(ctx.deps, {
      current: true,
      ...(ctx.user.role === 'department' ? { unitType: 'department' as const } : {}),
    })
    return rows.map((r) => ({
      period_key: r.period_key,
      period_label: r.period_label,
      unit_type: r.unit_type,
      published_at: r.published_at,
      published_by: r.published_by,
      people: r.people,
    }))
  }),

  /** One published ranking, whole (leaders, evaluators, admins). */
  get: signedIn(READERS)
    .input(Scope)
    .query(({ ctx, input }) => getPublished(ctx.deps, input.unitType, resolvePeriod(input.period))),

  /** One unit's published report card and rank; a department account gets its own only. */
  unit: signedIn(AUDIENCE)
    .input(UnitInput)
    .query(async ({ ctx, input }) => {
      const code = ownUnit(ctx.user, input.unitType, input.unitCode)
      const period = resolvePeriod(input.period)
      const { view, unit } = await unitResult(ctx.deps, input.unitType, period, code)
      return {
        period_label: view.period_label,
        status: view.status,
        published_at: view.publication?.published_at ?? view.changed_at,
        ranked: view.result.units.filter((u) => u.rank !== null).length,
        unit,
        change: view.changes.find((c) => c.unit_code === code) ?? null,
        indicator_names: view.indicator_names,
        no_data: view.result.no_data,
        people: Object.fromEntries(
          unit.adjustments.flatMap((a) =>
            view.people[a.author] ? [[a.author, view.people[a.author]!]] : [],
          ),
        ),
      }
    }),

  /** Every publication, withdrawn ones too, with who and when (leaders, evaluators, admins). */
  history: signedIn(READERS)
    .input(z.object({ unitType: z.enum(['department', 'town']).optional() }))
    .query(({ ctx, input }) =>
      publicationHistory(ctx.deps, input.unitType ? { unitType: input.unitType } : {}),
    ),
})

/** Files of published results (served by web/server/file-routes.ts as `GET /files/results.<name>`). */
export const resultsFiles = router({
  exportRanking: signedIn(READERS)
    .input(Scope.extend({ format: z.enum(['xlsx', 'pdf']) }))
    .query(async ({ ctx, input }) => {
      const period = resolvePeriod(input.period)
      const view = await getPublished(ctx.deps, input.unitType, period)
      const report = await rankingReport(ctx.deps, input.unitType, period, view)
      const body = input.format === 'xlsx' ? await rankingXlsx(report) : await rankingPdf(report)
      return download(
        `考核结果_${period.key}_${input.unitType}.${input.format}`,
        `results_${period.key}_${input.unitType}.${input.format}`,
        body,
      )
    }),

  exportUnit: signedIn(AUDIENCE)
    .input(UnitInput.extend({ format: z.enum(['xlsx', 'pdf']) }))
    .query(async ({ ctx, input }) => {
      const code = ownUnit(ctx.user, input.unitType, input.unitCode)
      const period = resolvePeriod(input.period)
      const { view } = await unitResult(ctx.deps, input.unitType, period, code)
      const report = await rankingReport(ctx.deps, input.unitType, period, view)
      const body =
        input.format === 'xlsx' ? await reportCardXlsx(report, code) : await reportCardPdf(report, code)
      return download(
        `考核成绩单_${period.key}_${code}.${input.format}`,
        `report-card_${period.key}_${code}.${input.format}`,
        body,
      )
    }),
})
