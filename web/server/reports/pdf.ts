import type { Status } from '../../../indicators/progress'
import { briefingNotesSection } from './briefing-notes.pdf'
import { briefingTasksSection } from './briefing-tasks.pdf'
import {
  findRow,
  formatGap,
  formatRankChange,
  formatScore,
  formatSigned,
  formatValue,
  NONE,
  STATUS_LABEL,
  shanghaiMinute,
  stampOf,
  UNIT_TYPE_LABEL,
} from './format'
import { COLOR, type PdfColumn, ReportPdf, type ReportPdfOptions } from './pdf-layout'
import type { Briefing, BriefingIndicator, LaggingUnit, RankingReport, RankingRow, ScorePart } from './types'

/**
 * The three PDF documents of issue 6: the official ranking, one unit's report card and the
 * leaders' briefing. Each is A4 portrait with the Chinese font embedded, laid out by
 * ReportPdf (title block, stamp, paginated tables, "第 N 页 / 共 M 页" footer).
 */

const changeColor = (v: number | null) =>
  v === null || v === 0 ? COLOR.muted : v > 0 ? COLOR.good : COLOR.bad

const STATUS_COLOR: Record<Status, string> = {
  met: COLOR.good,
  missed: COLOR.bad,
  on_track: COLOR.accent,
  at_risk: COLOR.warn,
  behind: COLOR.bad,
  no_data: COLOR.muted,
  no_target: COLOR.muted,
}

function notes(pdf: ReportPdf, lines: string[] | undefined) {
  for (const n of lines ?? []) pdf.paragraph(`注：${n}`, { size: 8 })
}

export async function rankingPdf(report: RankingReport, options?: ReportPdfOptions): Promise<Buffer> {
  const pdf = new ReportPdf(report.title, report.period_label, report.generated_at, options)
  const kind = UNIT_TYPE_LABEL[report.unit_type]
  pdf.heading(
    [`考核对象：${kind}（共 ${report.rows.length} 个）　评分方案：${report.scheme_id}`],
    stampOf(report),
  )
  const totals = report.rows.map((r) => r.total)
  if (totals.length) {
    pdf.figures([
      { label: '最高分', value: formatScore(Math.max(...totals)) },
      { label: '平均分', value: formatScore(totals.reduce((a, b) => a + b, 0) / totals.length) },
      { label: '最低分', value: formatScore(Math.min(...totals)) },
      { label: `参评${kind}`, value: String(totals.length) },
    ])
  }
  // Total first, then what it is made of (base + bonus + adjustments), then the changes.
  const columns: PdfColumn<RankingRow>[] = [
    { header: '名次', width: 30, align: 'center', cell: (r) => ({ text: String(r.rank), bold: true }) },
    { header: '单位编码', width: 70, cell: (r) => r.unit_code },
    { header: '单位名称', width: 0, cell: (r) => r.unit_name },
    { header: '总分', width: 44, align: 'right', cell: (r) => ({ text: formatScore(r.total), bold: true }) },
    { header: '基础分', width: 42, align: 'right', cell: (r) => formatScore(r.base) },
    {
      header: '加分',
      width: 38,
      align: 'right',
      cell: (r) => (r.bonus === 0 ? NONE : formatSigned(r.bonus)),
    },
    {
      header: '调整分',
      width: 42,
      align: 'right',
      cell: (r) => (r.adjustments_points === 0 ? NONE : formatSigned(r.adjustments_points)),
    },
    {
      header: '名次变化',
      width: 48,
      align: 'center',
      cell: (r) => ({ text: formatRankChange(r.rank_change), color: changeColor(r.rank_change) }),
    },
    { header: '总分变化', width: 48, align: 'right', cell: (r) => formatSigned(r.total_change) },
  ]
  pdf.section('排名')
  pdf.table(columns, report.rows)
  notes(pdf, report.notes)
  return pdf.finish()
}

const partColumns: PdfColumn<ScorePart>[] = [
  { header: '指标', width: 0, cell: (p) => (p.note ? `${p.indicator_name}（${p.note}）` : p.indicator_name) },
  {
    header: '实际值',
    width: 62,
    align: 'right',
    cell: (p) => (p.no_data ? { text: '无数据', color: COLOR.muted } : formatValue(p.value, p.unit)),
  },
  { header: '目标值', width: 62, align: 'right', cell: (p) => formatValue(p.target, p.unit) },
  { header: '权重', width: 36, align: 'right', cell: (p) => (p.deduction ? NONE : formatScore(p.weight)) },
  {
    header: '满分(百分制)',
    width: 62,
    align: 'right',
    cell: (p) => (p.score === null || p.deduction ? NONE : formatScore(p.max)),
  },
  {
    header: '得分(百分制)',
    width: 92,
    align: 'right',
    cell: (p) =>
      p.score === null
        ? { text: '不计分', color: COLOR.muted }
        : { text: formatScore(p.score), bar: p.max > 0 ? p.score / p.max : null, bold: true },
  },
  { header: '加分', width: 40, align: 'right', cell: (p) => (p.bonus === 0 ? NONE : formatSigned(p.bonus)) },
]

export async function reportCardPdf(
  report: RankingReport,
  unitCode: string,
  options?: ReportPdfOptions,
): Promise<Buffer> {
  const row = findRow(report, unitCode)
  const pdf = new ReportPdf(`${row.unit_name} 考核成绩单`, report.period_label, report.generated_at, options)
  pdf.heading([report.title, `单位编码：${row.unit_code}　评分方案：${report.scheme_id}`], stampOf(report))
  pdf.figures([
    { label: '总分', value: formatScore(row.total), color: COLOR.accent },
    { label: '名次', value: `${row.rank} / ${report.rows.length}` },
    { label: '名次变化', value: formatRankChange(row.rank_change), color: changeColor(row.rank_change) },
    { label: '总分变化', value: formatSigned(row.total_change), color: changeColor(row.total_change) },
  ])
  pdf.section('各指标得分')
  pdf.table(partColumns, row.parts)
  pdf.section('得分汇总', 50)
  pdf.table(
    [
      { header: '项目', width: 0, cell: (r: [string, string]) => r[0] },
      {
        header: '分值',
        width: 92,
        align: 'right',
        cell: (r: [string, string]) => ({ text: r[1], bold: true }),
      },
    ],
    [
      ['基础分（各指标得分之和）', formatScore(row.base)],
      ['加分', formatSigned(row.bonus)],
      ['调整分', formatSigned(row.adjustments_points)],
      ['总分', formatScore(row.total)],
    ],
  )
  if (row.adjustments?.length) {
    pdf.section('调整记录')
    pdf.table(
      [
        { header: '调整分', width: 52, align: 'right', cell: (a) => formatSigned(a.points) },
        { header: '原因', width: 0, cell: (a) => a.reason },
        { header: '操作人', width: 70, cell: (a) => a.author },
        { header: '时间', width: 92, cell: (a) => shanghaiMinute(a.at) },
      ],
      row.adjustments,
    )
  }
  notes(pdf, report.notes)
  return pdf.finish()
}

const indicatorColumns: PdfColumn<BriefingIndicator>[] = [
  { header: '指标', width: 0, cell: (i) => i.name_zh },
  { header: '当前值', width: 56, align: 'right', cell: (i) => formatValue(i.value, i.unit) },
  { header: '年度目标', width: 56, align: 'right', cell: (i) => formatValue(i.target, i.unit) },
  { header: '规划期末目标', width: 62, align: 'right', cell: (i) => formatValue(i.goal, i.unit) },
  { header: '差距', width: 92, align: 'right', cell: (i) => formatGap(i.gap, i.unit, i.direction) },
  {
    header: '状态',
    width: 74,
    align: 'center',
    cell: (i) => ({ text: STATUS_LABEL[i.status], color: STATUS_COLOR[i.status], bold: true }),
  },
]

const laggingColumns: PdfColumn<LaggingUnit>[] = [
  { header: '单位', width: 0, cell: (u) => u.unit_name },
  { header: '指标', width: 0, cell: (u) => u.indicator_name },
  { header: '当前值', width: 56, align: 'right', cell: (u) => formatValue(u.value, u.unit) },
  { header: '目标', width: 56, align: 'right', cell: (u) => formatValue(u.target, u.unit) },
  {
    header: '差距',
    width: 92,
    align: 'right',
    cell: (u) => ({ text: formatGap(u.gap, u.unit, u.direction), color: COLOR.bad }),
  },
]

export async function briefingPdf(briefing: Briefing, options?: ReportPdfOptions): Promise<Buffer> {
  const pdf = new ReportPdf(briefing.title, briefing.period_label, briefing.generated_at, options)
  pdf.heading([`数据截至 ${briefing.as_of}　共 ${briefing.indicators.length} 项指标`])
  const count = (s: Status[]) => String(briefing.indicators.filter((i) => s.includes(i.status)).length)
  pdf.figures([
    { label: STATUS_LABEL.met, value: count(['met']), color: COLOR.good },
    { label: STATUS_LABEL.on_track, value: count(['on_track']), color: COLOR.accent },
    { label: STATUS_LABEL.at_risk, value: count(['at_risk']), color: COLOR.warn },
    { label: STATUS_LABEL.behind, value: count(['behind']), color: COLOR.bad },
    { label: STATUS_LABEL.missed, value: count(['missed']), color: COLOR.bad },
    { label: '无数据 / 无目标', value: count(['no_data', 'no_target']), color: COLOR.muted },
  ])
  pdf.section('需关注的指标（有风险、落后、未达标）')
  if (briefing.off_track.length) pdf.table(indicatorColumns, briefing.off_track)
  else pdf.paragraph('全部指标均已达标或符合序时进度。', { size: 10 })
  pdf.space(6)
  pdf.section('落后单位（按差距占目标的比例排序）')
  if (briefing.lagging_units.length) pdf.table(laggingColumns, briefing.lagging_units)
  else pdf.paragraph('没有落后的部门或镇（街道）。', { size: 10 })
  pdf.space(6)
  briefingNotesSection(pdf, briefing.notes)
  briefingTasksSection(pdf, briefing.tasks)
  // The full scorecard grouped by area, areas in the order they first appear.
  const areas = [...new Set(briefing.indicators.map((i) => i.area_zh))]
  const byArea = areas.flatMap((a) => briefing.indicators.filter((i) => i.area_zh === a))
  pdf.section('全部指标')
  pdf.table(indicatorColumns, byArea, { groupBy: (i) => i.area_zh })
  return pdf.finish()
}
