import { TRPCError } from '@trpc/server'
import { z } from 'zod'
import { parseTargetOverridesXlsx } from '../../../indicators/scoring/target-overrides.xlsx'
import { targetFor } from '../../../indicators/targets'
import { indicatorValues } from '../../../semantic-layer/scorecard'
import { unitValues } from '../../../semantic-layer/unit-values'
import { audit } from '../auth/users.store'
import { briefingPdf, rankingPdf, rankingXlsx, reportCardPdf, reportCardXlsx } from '../reports'
import { type Period, PeriodInput, resolvePeriod } from '../scoring/period'
import { adjust, getRanking, setStatus } from '../scoring/ranking.service'
import { saveOverrides } from '../scoring/ranking.store'
import { toRankingReport } from '../scoring/report'
import { type AppDeps, EVALUATION_ROLES, procedure, router, securityContextOf } from '../trpc'

const Scope = z.object({ unitType: z.enum(['department', 'town']), period: PeriodInput })
const Code = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/)
const file = (name: string, body: Buffer) => ({ filename: name, base64: body.toString('base64') })

async function rankingReport(deps: AppDeps, unitType: 'department' | 'town', period: Period) {
  const units = new Map(deps.catalog.indicators.map((i) => [i.id, i.unit]))
  return toRankingReport(await getRanking(deps, unitType, period), units)
}

export const rankingRouter = router({
  get: procedure
    .meta({ access: EVALUATION_ROLES })
    .input(Scope)
    .query(({ ctx, input }) => getRanking(ctx.deps, input.unitType, resolvePeriod(input.period))),

  adjust: procedure
    .meta({ access: EVALUATION_ROLES })
    .input(
      Scope.extend({ unitCode: Code, points: z.number().min(-100).max(100), reason: z.string().max(500) }),
    )
    .mutation(async ({ ctx, input }) => {
      await adjust(ctx.deps, ctx.user!.username, { ...input, period: resolvePeriod(input.period) })
      return { ok: true as const }
    }),

  freeze: procedure
    .meta({ access: EVALUATION_ROLES })
    .input(Scope)
    .mutation(async ({ ctx, input }) => {
      await setStatus(ctx.deps, ctx.user!.username, input.unitType, resolvePeriod(input.period), 'frozen')
      return { ok: true as const, status: 'frozen' as const }
    }),

  unfreeze: procedure
    .meta({ access: EVALUATION_ROLES })
    .input(Scope)
    .mutation(async ({ ctx, input }) => {
      await setStatus(ctx.deps, ctx.user!.username, input.unitType, resolvePeriod(input.period), 'unfrozen')
      return { ok: true as const, status: 'live' as const }
    }),

  publish: procedure
    .meta({ access: EVALUATION_ROLES })
    .input(Scope)
    .mutation(async ({ ctx, input }) => {
      await setStatus(ctx.deps, ctx.user!.username, input.unitType, resolvePeriod(input.period), 'published')
      return { ok: true as const, status: 'published' as const }
    }),

  exportRanking: procedure
    .meta({ access: EVALUATION_ROLES })
    .input(Scope.extend({ format: z.enum(['xlsx', 'pdf']) }))
    .mutation(async ({ ctx, input }) => {
      const period = resolvePeriod(input.period)
      const report = await rankingReport(ctx.deps, input.unitType, period)
      const body = input.format === 'xlsx' ? await rankingXlsx(report) : await rankingPdf(report)
      return file(`考核排名_${period.key}_${input.unitType}.${input.format}`, body)
    }),

  exportUnit: procedure
    .meta({ access: EVALUATION_ROLES })
    .input(Scope.extend({ unitCode: Code, format: z.enum(['xlsx', 'pdf']) }))
    .mutation(async ({ ctx, input }) => {
      const period = resolvePeriod(input.period)
      const report = await rankingReport(ctx.deps, input.unitType, period)
      if (!report.rows.some((r) => r.unit_code === input.unitCode)) {
        throw new TRPCError({
          code: 'NOT_FOUND',
          message: `该期排名中没有单位 ${input.unitCode} (unit not in this ranking)`,
        })
      }
      const body =
        input.format === 'xlsx'
          ? await reportCardXlsx(report, input.unitCode)
          : await reportCardPdf(report, input.unitCode)
      return file(`考核成绩单_${period.key}_${input.unitCode}.${input.format}`, body)
    }),

  /** Unit-level targets from the XLSX the evaluators maintain; nothing is stored unless every row is valid. */
  uploadTargets: procedure
    .meta({ access: EVALUATION_ROLES })
    .input(z.object({ base64: z.string().max(14_000_000) }))
    .mutation(async ({ ctx, input }) => {
      const parsed = await parseTargetOverridesXlsx(Buffer.from(input.base64, 'base64'), ctx.deps.catalog)
      if (!parsed.ok) return { ok: false as const, stored: 0, errors: parsed.errors }
      await saveOverrides(ctx.deps.wh, parsed.rows, ctx.user!.username)
      await audit(ctx.deps.wh, ctx.user!.username, 'targets_uploaded', '', `${parsed.rows.length} rows`)
      return { ok: true as const, stored: parsed.rows.length, errors: [] }
    }),

  /** The leaders' briefing: the scorecard, off-track indicators and the departments behind most. */
  briefing: procedure
    .meta({ access: ['leader', 'evaluator', 'admin'] })
    .input(z.object({ year: z.number().int().min(2021).max(2030) }))
    .mutation(async ({ ctx, input }) => {
      const { catalog, semantic } = ctx.deps
      const asOf = `${input.year}-12-31`
      const values = await indicatorValues(
        semantic,
        { year: input.year, asOf },
        securityContextOf(ctx.user!),
        catalog,
      )
      const areaName = new Map(catalog.areas.map((a) => [a.code, a.name_zh]))
      const indicators = catalog.indicators.map((ind, i) => ({
        id: ind.id,
        name_zh: ind.name_zh,
        area_zh: areaName.get(ind.area) ?? ind.area,
        value: values[i]!.value,
        target: values[i]!.target,
        target_2025: values[i]!.target_2025,
        status: values[i]!.status,
        gap: values[i]!.gap,
        unit: ind.unit,
      }))
      const offTrack = indicators
        .filter((i) => i.status === 'behind' || i.status === 'at_risk')
        .sort((a, b) => (b.gap ?? 0) - (a.gap ?? 0))
      const depts = await unitValues(
        semantic,
        'department',
        { from: `${input.year}-01-01`, to: asOf },
        securityContextOf(ctx.user!),
        catalog,
      )
      const lagging = []
      for (const ind of catalog.indicators.filter((i) => offTrack.some((o) => o.id === i.id))) {
        const target = targetFor(ind, input.year)
        if (target === null) continue
        for (const [code, m] of depts.values) {
          const v = m.get(ind.id)
          if (v === null || v === undefined) continue
          const gap = ind.direction === 'higher' ? target - v : v - target
          if (gap > 0)
            lagging.push({
              unit_name: depts.names.get(code) ?? code,
              indicator_name: ind.name_zh,
              value: v,
              target,
              gap,
              unit: ind.unit,
            })
        }
      }
      lagging.sort((a, b) => b.gap - a.gap)
      const body = await briefingPdf({
        title: '数字政府"十四五"规划指标监测简报',
        period_label: `${input.year}年度`,
        as_of: asOf,
        indicators,
        off_track: offTrack,
        lagging_units: lagging.slice(0, 20),
        generated_at: new Date(),
      })
      return file(`领导简报_${input.year}.pdf`, body)
    }),
})
