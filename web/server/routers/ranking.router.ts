import { z } from 'zod'
import { AppError } from '../../../errors/app-error'
import { Year } from '../../../indicators/plan.schema'
import { PUBLICITY_DAYS_MAX } from '../../shared/appeals'
import { briefingReport } from '../briefing'
import { download } from '../export'
import { catalogForYear } from '../plans'
import { rankingPdf, rankingXlsx, reportCardPdf, reportCardXlsx } from '../reports'
import { publishAfterPublicity } from '../scoring/appeals.service'
import { openWindow } from '../scoring/appeals.store'
import { latestClosedYear } from '../scoring/latest-year'
import { type Period, PeriodInput, resolvePeriod } from '../scoring/period'
import { approveWithdraw, publicationHistory, requestWithdraw } from '../scoring/publication.service'
import { adjust, getRanking, setStatus } from '../scoring/ranking.service'
import { toRankingReport } from '../scoring/report'
import { parseTargetOverridesXlsx } from '../scoring/target-overrides.xlsx'
import { saveUpload } from '../scoring/target-versions.service'
import { type AppDeps, EVALUATION_ROLES, router, signedIn } from '../trpc'

export const Scope = z.object({ unitType: z.enum(['department', 'town']), period: PeriodInput })
export const Code = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/)

/** The ranking as the documents print it; `view` when the caller already has it (e.g. a published one). */
export async function rankingReport(
  deps: AppDeps,
  unitType: 'department' | 'town',
  period: Period,
  view?: Awaited<ReturnType<typeof getRanking>>,
) {
  const catalog = await catalogForYear(deps, period.year)
  const units = new Map(catalog.indicators.map((i) => [i.id, i.unit]))
  return toRankingReport(view ?? (await getRanking(deps, unitType, period)), units)
}

export const rankingRouter = router({
  get: signedIn(EVALUATION_ROLES)
    .input(Scope)
    .query(({ ctx, input }) => getRanking(ctx.deps, input.unitType, resolvePeriod(input.period))),

  adjust: signedIn(EVALUATION_ROLES)
    .input(
      Scope.extend({ unitCode: Code, points: z.number().min(-100).max(100), reason: z.string().max(500) }),
    )
    .mutation(async ({ ctx, input }) => {
      await adjust(ctx.deps, ctx.user.username, { ...input, period: resolvePeriod(input.period) })
      return { ok: true as const }
    }),

  /** Freezes the ranking; with `publicityDays`, opens a publicity window (公示) in which departments may appeal. */
  freeze: signedIn(EVALUATION_ROLES)
    .input(
      Scope.extend({
        publicityDays: z.number().int().min(1).max(PUBLICITY_DAYS_MAX).optional(),
        remindDays: z.number().int().min(0).max(PUBLICITY_DAYS_MAX).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      if (input.publicityDays !== undefined && input.unitType !== 'department') {
        throw new AppError('BAD_REQUEST', '公示与申诉只用于部门考核 (publicity is for department rankings)')
      }
      if (input.remindDays !== undefined && input.remindDays > (input.publicityDays ?? 0)) {
        throw new AppError('BAD_REQUEST', '截止前提醒天数不能超过公示天数 (remind within the publicity days)')
      }
      await setStatus(
        ctx.deps,
        ctx.user.username,
        input.unitType,
        resolvePeriod(input.period),
        'frozen',
        input.publicityDays === undefined
          ? undefined
          : {
              days: input.publicityDays,
              dayMs: ctx.deps.config.publicityDayMs,
              ...(input.remindDays === undefined ? {} : { remindDays: input.remindDays }),
            },
      )
      return { ok: true as const, status: 'frozen' as const }
    }),

  /** A frozen draft only; a published ranking is withdrawn through requestWithdraw + approveWithdraw. */
  unfreeze: signedIn(EVALUATION_ROLES)
    .input(Scope)
    .mutation(async ({ ctx, input }) => {
      await setStatus(ctx.deps, ctx.user.username, input.unitType, resolvePeriod(input.period), 'unfrozen')
      return { ok: true as const, status: 'live' as const }
    }),

  /** Asks to withdraw a publication, with the reason; someone else must approve. */
  requestWithdraw: signedIn(EVALUATION_ROLES)
    .input(Scope.extend({ reason: z.string().max(500) }))
    .mutation(async ({ ctx, input }) => {
      await requestWithdraw(
        ctx.deps,
        ctx.user.username,
        input.unitType,
        resolvePeriod(input.period),
        input.reason,
      )
      return { ok: true as const }
    }),

  /** Another evaluator or an admin approves a pending request: withdrawn, and the period unfrozen. */
  approveWithdraw: signedIn(EVALUATION_ROLES)
    .input(Scope)
    .mutation(async ({ ctx, input }) => {
      await approveWithdraw(ctx.deps, ctx.user.username, input.unitType, resolvePeriod(input.period))
      return { ok: true as const, status: 'live' as const }
    }),

  /** Every publication of the period (current and withdrawn), newest first. */
  history: signedIn(EVALUATION_ROLES)
    .input(Scope)
    .query(({ ctx, input }) =>
      publicationHistory(ctx.deps, { unitType: input.unitType, periodKey: resolvePeriod(input.period).key }),
    ),

  /** What 考核排名 opens on: the latest closed year with data. */
  defaults: signedIn(EVALUATION_ROLES).query(async ({ ctx }) => ({ year: await latestClosedYear(ctx.deps) })),

  /**
   * Publishes a frozen ranking. After a publicity window: the first call asks (status
   * 'requested'), another evaluator's or an admin's call publishes.
   */
  publish: signedIn(EVALUATION_ROLES)
    .input(Scope)
    .mutation(async ({ ctx, input }) => {
      const period = resolvePeriod(input.period)
      if (await openWindow(ctx.deps.meta, period.key, input.unitType)) {
        const status = await publishAfterPublicity(ctx.deps, ctx.user.username, input.unitType, period)
        return { ok: true as const, status }
      }
      await setStatus(ctx.deps, ctx.user.username, input.unitType, period, 'published')
      return { ok: true as const, status: 'published' as const }
    }),
})

/**
 * Files: served as plain HTTP by web/server/file-routes.ts (`GET`/`POST /files/ranking.<name>`),
 * never through /trpc. Downloads are queries (no state change); the upload is a mutation.
 */
export const rankingFiles = router({
  exportRanking: signedIn(EVALUATION_ROLES)
    .input(Scope.extend({ format: z.enum(['xlsx', 'pdf']) }))
    .query(async ({ ctx, input }) => {
      const period = resolvePeriod(input.period)
      const report = await rankingReport(ctx.deps, input.unitType, period)
      const body = input.format === 'xlsx' ? await rankingXlsx(report) : await rankingPdf(report)
      return download(
        `考核排名_${period.key}_${input.unitType}.${input.format}`,
        `ranking_${period.key}_${input.unitType}.${input.format}`,
        body,
      )
    }),

  exportUnit: signedIn(EVALUATION_ROLES)
    .input(Scope.extend({ unitCode: Code, format: z.enum(['xlsx', 'pdf']) }))
    .query(async ({ ctx, input }) => {
      const period = resolvePeriod(input.period)
      const report = await rankingReport(ctx.deps, input.unitType, period)
      if (!report.rows.some((r) => r.unit_code === input.unitCode)) {
        throw new AppError('NOT_FOUND', `该期排名中没有单位 ${input.unitCode} (unit not in this ranking)`)
      }
      const body =
        input.format === 'xlsx'
          ? await reportCardXlsx(report, input.unitCode)
          : await reportCardPdf(report, input.unitCode)
      return download(
        `考核成绩单_${period.key}_${input.unitCode}.${input.format}`,
        `report-card_${period.key}_${input.unitCode}.${input.format}`,
        body,
      )
    }),

  /**
   * Unit-level targets from the XLSX the evaluators maintain; nothing is stored unless every row
   * is valid. Each year the file names gets a new target version (target-versions.service.ts).
   */
  uploadTargets: signedIn(EVALUATION_ROLES)
    // The body, read only once the access rule and CSRF check have passed (file-routes.ts).
    .input(z.object({ file: z.instanceof(Buffer), name: z.string().max(200).default('') }))
    .mutation(async ({ ctx, input }) => {
      const parsed = await parseTargetOverridesXlsx(input.file, ctx.deps.plans)
      if (!parsed.ok) return { ok: false as const, stored: 0, errors: parsed.errors, versions: [] }
      const versions = await saveUpload(ctx.deps, ctx.user.username, input.name, parsed.rows)
      return { ok: true as const, stored: parsed.rows.length, errors: [], versions }
    }),

  /** The leaders' briefing: the scorecard, off-track indicators, the departments behind most and the plan's tasks. */
  briefing: signedIn(['leader', 'evaluator', 'admin'])
    .input(z.object({ year: Year }))
    .query(async ({ ctx, input }) => {
      const { body } = await briefingReport(ctx.deps, ctx.user, input.year)
      return download(`领导简报_${input.year}.pdf`, `briefing_${input.year}.pdf`, body)
    }),
})
