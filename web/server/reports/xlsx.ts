import ExcelJS from 'exceljs'
import { neutralizeFormula } from '../export'
import { findRow, noDataNote, shanghaiMinute, stampOf, toInstant, UNIT_TYPE_LABEL } from './format'
import type { RankingReport, ScorePart } from './types'

/**
 * The ranking and the report card as workbooks evaluators can sort, filter and re-use.
 * Each sheet starts with a title row and a meta row (period, scheme, official status),
 * then the header row, which is frozen together with the rows above it. Numbers stay
 * numbers with number formats, so sums and sorting work in Excel/WPS; every piece of text
 * goes through neutralizeFormula, because unit names, reasons and titles are user input.
 */

const FMT = {
  score: '0.00',
  signedScore: '+0.00;-0.00;0.00',
  rankChange: '+0;-0;0',
  rate: '0.0%',
  users: '#,##0',
  tasks: '0"项"',
  times: '0.00"次"',
  workdays: '0.0"个工作日"',
} as const

/** Text is always written as a neutralized string, never as a formula. */
const text = (v: string | null | undefined) =>
  v === null || v === undefined ? null : String(neutralizeFormula(v))

interface Column {
  header: string
  width: number
  numFmt?: string
}

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF6' } }

/** Title row, meta row, header row (frozen), as every sheet of these workbooks starts. */
function sheet(wb: ExcelJS.Workbook, name: string, title: string, meta: string, columns: Column[]) {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 3 }] })
  ws.columns = columns.map((c) => ({ width: c.width, style: c.numFmt ? { numFmt: c.numFmt } : {} }))
  ws.mergeCells(1, 1, 1, columns.length)
  ws.mergeCells(2, 1, 2, columns.length)
  const t = ws.getCell(1, 1)
  t.value = text(title)
  t.font = { bold: true, size: 14 }
  ws.getRow(1).height = 24
  const m = ws.getCell(2, 1)
  m.value = text(meta)
  m.font = { color: { argb: 'FF555555' } }
  const header = ws.getRow(3)
  header.values = columns.map((c) => c.header)
  header.font = { bold: true }
  header.alignment = { vertical: 'middle', horizontal: 'center' }
  header.eachCell((cell) => {
    cell.fill = HEADER_FILL
    cell.border = { bottom: { style: 'thin', color: { argb: 'FF9AA5B1' } } }
  })
  return ws
}

function metaLine(report: RankingReport): string {
  const stamp = stampOf(report)
  return [
    report.period_label,
    `考核对象：${UNIT_TYPE_LABEL[report.unit_type]}`,
    `评分方案：${report.scheme_id}`,
    `${stamp.label}（${stamp.detail}）`,
    `生成时间：${shanghaiMinute(report.generated_at)}`,
  ].join('　')
}

function valueFmt(part: ScorePart): string {
  return part.unit === '%' ? FMT.rate : FMT[part.unit]
}

const share = (p: ScorePart) => (p.score === null || p.max <= 0 ? null : p.score / p.max)

function workbook(report: RankingReport): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook()
  wb.title = text(report.title) ?? ''
  wb.creator = 'Plan Scorecard'
  // A fixed date keeps the file a function of the report, not of the clock.
  const created = toInstant(report.generated_at)
  if (created) {
    wb.created = created
    wb.modified = created
  }
  return wb
}

/** 排名 (one row per unit, the columns evaluators publish) and 评分明细 (unit × indicator). */
export async function rankingXlsx(report: RankingReport): Promise<Buffer> {
  const wb = workbook(report)
  const meta = metaLine(report)
  const ranking = sheet(wb, '排名', report.title, meta, [
    { header: '名次', width: 7 },
    { header: '单位编码', width: 16 },
    { header: '单位名称', width: 28 },
    { header: '总分', width: 10, numFmt: FMT.score },
    { header: '基础分', width: 10, numFmt: FMT.score },
    { header: '加分', width: 10, numFmt: FMT.signedScore },
    { header: '调整分', width: 10, numFmt: FMT.signedScore },
    { header: '名次变化', width: 10, numFmt: FMT.rankChange },
    { header: '总分变化', width: 10, numFmt: FMT.signedScore },
  ])
  for (const r of report.rows) {
    ranking.addRow([
      r.rank,
      text(r.unit_code),
      text(r.unit_name),
      r.total,
      r.base,
      r.bonus,
      r.adjustments_points,
      r.rank_change,
      r.total_change,
    ])
  }
  ranking.autoFilter = { from: { row: 3, column: 1 }, to: { row: 3, column: 9 } }

  const detail = sheet(wb, '评分明细', `${report.title}（评分明细）`, meta, DETAIL_COLUMNS)
  for (const r of report.rows)
    for (const p of r.parts) addPartRow(detail, [r.rank, text(r.unit_code), text(r.unit_name)], p)
  detail.autoFilter = { from: { row: 3, column: 1 }, to: { row: 3, column: DETAIL_COLUMNS.length } }
  addNotes(ranking, report.notes)
  return Buffer.from(await wb.xlsx.writeBuffer())
}

/** The indicator columns of the detail sheet and the report card: the screen's score card has the same. */
const PART_COLUMNS: Column[] = [
  { header: '实际值', width: 11 },
  { header: '目标值', width: 11 },
  { header: '权重', width: 8, numFmt: FMT.score },
  { header: '满分（百分制）', width: 14, numFmt: FMT.score },
  { header: '得分（百分制）', width: 14, numFmt: FMT.score },
  { header: '得分率', width: 9, numFmt: FMT.rate },
  { header: '加分', width: 9, numFmt: FMT.signedScore },
  { header: '说明', width: 30 },
]

const DETAIL_COLUMNS: Column[] = [
  { header: '名次', width: 7 },
  { header: '单位编码', width: 16 },
  { header: '单位名称', width: 24 },
  { header: '指标编码', width: 22 },
  { header: '指标名称', width: 26 },
  ...PART_COLUMNS,
]

/** One indicator's cells (code … note); the value and target cells take the part's own unit format. */
function addPartRow(ws: ExcelJS.Worksheet, lead: ExcelJS.CellValue[], p: ScorePart) {
  const row = ws.addRow([
    ...lead,
    text(p.indicator_id),
    text(p.indicator_name),
    p.value,
    p.target,
    // A deduction line has no weight or full marks of its own: only its (negative) score.
    // A line that does not count has no 满分 either (the screen and the PDF show none).
    p.deduction ? null : p.weight,
    p.deduction || p.score === null ? null : p.max,
    p.score,
    share(p),
    p.bonus,
    text([noDataNote(p), p.note ?? ''].filter(Boolean).join('；')) || null,
  ])
  // The value columns mix rates and counts: the format follows each row's unit.
  row.getCell(lead.length + 3).numFmt = valueFmt(p)
  row.getCell(lead.length + 4).numFmt = valueFmt(p)
}

function addNotes(ws: ExcelJS.Worksheet, notes: string[] | undefined) {
  if (!notes?.length) return
  ws.addRow([])
  for (const n of notes) ws.addRow([text(`注：${n}`)]).font = { color: { argb: 'FF555555' } }
}

/** One unit's card: its indicator scores with the subtotal, adjustments and total under them. */
export async function reportCardXlsx(report: RankingReport, unitCode: string): Promise<Buffer> {
  const row = findRow(report, unitCode)
  const wb = workbook(report)
  const title = `${row.unit_name} 考核成绩单`
  const meta = `${metaLine(report)}　名次：${row.rank} / ${report.rows.length}`
  const ws = sheet(wb, '成绩单', title, meta, [
    { header: '指标编码', width: 22 },
    { header: '指标名称', width: 28 },
    ...PART_COLUMNS,
  ])
  for (const p of row.parts) addPartRow(ws, [], p)
  const summary: Array<[string, number | null, string]> = [
    ['基础分（各指标得分之和）', row.base, FMT.score],
    ['加分', row.bonus, FMT.signedScore],
    ['调整分', row.adjustments_points, FMT.signedScore],
    ['总分', row.total, FMT.score],
    ['名次', row.rank, '0'],
    ['名次变化', row.rank_change, FMT.rankChange],
    ['总分变化', row.total_change, FMT.signedScore],
  ]
  ws.addRow([])
  for (const [label, value, fmt] of summary) {
    const r = ws.addRow([null, label, null, null, null, null, value])
    r.getCell(7).numFmt = fmt
    r.font = { bold: label === '总分' }
  }
  if (row.adjustments?.length) {
    const adj = wb.addWorksheet('调整记录', { views: [{ state: 'frozen', ySplit: 1 }] })
    adj.columns = [
      { header: '调整分', width: 10, style: { numFmt: FMT.signedScore } },
      { header: '原因', width: 48 },
      { header: '操作人', width: 14 },
      { header: '时间', width: 18 },
    ]
    adj.getRow(1).font = { bold: true }
    for (const a of row.adjustments)
      adj.addRow([a.points, text(a.reason), text(a.author), text(shanghaiMinute(a.at))])
  }
  addNotes(ws, report.notes)
  return Buffer.from(await wb.xlsx.writeBuffer())
}
