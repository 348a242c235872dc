import ExcelJS from 'exceljs'
import { z } from 'zod'
import { Year } from '../../../indicators/plan.schema'
import { targetFor } from '../../../indicators/targets'
import { listDepartments } from '../departments'
import { download, neutralizeFormula } from '../export'
import { listBaselines, NOTE_MAX, setBaseline } from '../plan-baselines.service'
import { catalogForYear, planById } from '../plans'
import { UNIT_NAME } from '../reports/format'
import { restoreVersion } from '../scoring/target-versions.service'
import { DIFF_PAGE_MAX, versionDiff, versionList } from '../scoring/target-versions.view'
import { EVALUATION_ROLES, router, securityContextOf, signedIn } from '../trpc'

const HEADERS = ['单位类型', '单位编码', '单位名称', '指标编码', '指标名称', '年度', '目标值'] as const
const text = (v: string) => String(neutralizeFormula(v))

/**
 * The target-override template (`GET /files/targets.template`): the first sheet is the table
 * the upload (ranking.uploadTargets) reads, filled with the plan's targets for the first
 * department as examples, so it uploads as it is; the second sheet explains the columns and
 * lists the department codes and indicator codes to choose from.
 */
export const targetsFiles = router({
  template: signedIn(EVALUATION_ROLES)
    .input(z.object({ year: Year }))
    .query(async ({ ctx, input }) => {
      const { semantic } = ctx.deps
      const catalog = await catalogForYear(ctx.deps, input.year)
      const departments = await listDepartments(semantic, securityContextOf(ctx.user))
      const indicators = catalog.indicators.map((i) => ({ ...i, target: targetFor(i, input.year) }))
      const wb = new ExcelJS.Workbook()
      const ws = wb.addWorksheet('目标值', { views: [{ state: 'frozen', ySplit: 1 }] })
      ws.columns = HEADERS.map((h) => ({ header: h, width: h === '指标名称' || h === '单位名称' ? 28 : 14 }))
      ws.getRow(1).font = { bold: true }
      const first = departments[0]
      if (first) {
        for (const i of indicators.filter((x) => x.target !== null)) {
          ws.addRow(['部门', text(first.code), text(first.name), i.id, text(i.name_zh), input.year, i.target])
        }
      }
      const help = wb.addWorksheet('填写说明')
      help.columns = [{ width: 22 }, { width: 36 }, { width: 14 }, { width: 14 }]
      for (const line of [
        ['填写说明'],
        ['单位类型', '“部门”或“镇街”'],
        ['单位编码', '部门编码或镇街区划代码（见下表）'],
        ['指标编码', '见下表；也可填指标名称'],
        ['年度', `如 ${input.year}`],
        ['目标值', '比率填小数或百分比（0.95 或 95%），人数填整数，次数、工作日填数值（可带小数）'],
        ['单位名称、指标名称', '仅供阅读，上传时不读取'],
        ['规则', '任一行有误则整个文件不保存，请按提示修正后重新上传'],
        [],
        ['指标编码', '指标名称', '单位', `${input.year}年规划目标`],
        ...indicators.map((i) => [i.id, text(i.name_zh), UNIT_NAME[i.unit], i.target ?? '']),
        [],
        ['部门编码', '部门名称'],
        ...departments.map((d) => [text(d.code), text(d.name)]),
      ])
        help.addRow(line)
      help.getRow(1).font = { bold: true }
      const body = Buffer.from(await wb.xlsx.writeBuffer())
      return download(`目标值调整模板_${input.year}.xlsx`, `target-overrides_${input.year}.xlsx`, body)
    }),
})

const PlanRef = z.string().max(40)
const VersionId = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER)

/**
 * Baselines evaluators maintain where a plan gives only an end figure: the list (with each
 * change, who and when) and recording or clearing one, with its source note (来源说明); and
 * the versions of the unit-level targets (list, diff, restore).
 */
export const targetsRouter = router({
  baselines: signedIn(EVALUATION_ROLES)
    .input(z.object({ plan: PlanRef.optional() }).default({}))
    .query(({ ctx, input }) => listBaselines(ctx.deps, planById(ctx.deps, input.plan))),

  setBaseline: signedIn(EVALUATION_ROLES)
    .input(
      z.object({
        plan: PlanRef,
        indicatorId: z
          .string()
          .max(64)
          .regex(/^[a-z0-9_]+$/),
        /** A fraction for rates (80% is 0.8), a number of users for counts; null clears it. */
        value: z.number().finite().nullable(),
        note: z.string().max(NOTE_MAX * 2),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await setBaseline(ctx.deps, ctx.user.username, planById(ctx.deps, input.plan), input)
      return { ok: true as const }
    }),

  /** 目标值版本: a year's versions, newest first, the one in force marked. */
  versions: signedIn(EVALUATION_ROLES)
    .input(z.object({ year: Year }))
    .query(({ ctx, input }) => versionList(ctx.deps, input.year)),

  /** What a version changed against the one before it (or `against`, same year); one page of rows. */
  versionDiff: signedIn(EVALUATION_ROLES)
    .input(
      z.object({
        id: VersionId,
        against: VersionId.optional(),
        offset: z.number().int().min(0).max(1_000_000).default(0),
        limit: z.number().int().min(1).max(DIFF_PAGE_MAX).default(100),
      }),
    )
    .query(({ ctx, input }) => versionDiff(ctx.deps, securityContextOf(ctx.user), input)),

  /** Makes an earlier version's targets the ones in force again, as a new version (audited). */
  restoreVersion: signedIn(EVALUATION_ROLES)
    .input(z.object({ id: VersionId }))
    .mutation(({ ctx, input }) => restoreVersion(ctx.deps, ctx.user.username, input.id)),
})
