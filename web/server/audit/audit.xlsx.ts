import { PassThrough } from 'node:stream'
import ExcelJS from 'exceljs'
import { formatChangeValue } from '../../shared/audit'
import { neutralizeFormula } from '../export'
import type { AuditEntry } from './view'
import { actionWords, changeWords, fieldWords } from './words'

/**
 * The audit log as a workbook: a title row, a row saying what was exported (the filter, when,
 * how many, and that it was cut when it was), then the header row (frozen) and one row per
 * entry, newest first. Written as it streams from the database, so a large export does not
 * hold every cell object in memory. Every text goes through neutralizeFormula (objects,
 * details and values are people's input).
 */

/** Excel's limit for one cell is 32,767 characters; stay under it. */
const CELL_MAX = 30_000

const COLUMNS = [
  { header: '时间（北京时间）', width: 20 },
  { header: '操作人', width: 14 },
  { header: '账号', width: 14 },
  { header: '操作', width: 16 },
  { header: '对象', width: 30 },
  { header: '详情', width: 40 },
  { header: '变更内容（变更前 → 变更后）', width: 50 },
] as const

export const AUDIT_XLSX_HEADERS = COLUMNS.map((c) => c.header)

const cell = (s: string) => String(neutralizeFormula(s.length > CELL_MAX ? `${s.slice(0, CELL_MAX)}…` : s))

/** 'YYYY-MM-DD HH:mm:ss' in Asia/Shanghai (UTC+8, no DST). */
export function shanghaiSecond(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ')
}

/** The changed fields, one line each: `角色：数据分析 → 部门` (only after: `角色：部门`). */
export function changeText(
  change: AuditEntry['change'],
  departments: ReadonlyMap<string, string> = new Map(),
): string {
  if (!change) return ''
  const words = changeWords(departments)
  const value = (field: string, v: unknown) => formatChangeValue(field, v, words)
  const lines = change.lines
    .filter((l) => l.changed)
    .map((l) => {
      const name = fieldWords(l.field)
      if (!l.inBefore) return `${name}：${value(l.field, l.after)}`
      if (!l.inAfter) return `${name}：${value(l.field, l.before)} → （无）`
      return `${name}：${value(l.field, l.before)} → ${value(l.field, l.after)}`
    })
  if (change.truncated) lines.push('（变更内容过长，部分未记录）')
  return lines.join('\n')
}

export interface AuditExportMeta {
  /** What the filter was, in words (empty: everything). */
  filter: string
  generatedAt: Date
  /** Most rows written; the file says so when there were more. */
  cap: number
  /** Entries the filter matched, counted up to cap + 1 (more than cap: the file is cut). */
  matched: number
  /** Department names by code, for changes that name a department. */
  departments?: ReadonlyMap<string, string>
}

/** The workbook's bytes and how many entries it holds. */
export async function auditXlsx(
  pages: AsyncIterable<AuditEntry[]>,
  meta: AuditExportMeta,
): Promise<{ body: Buffer; rows: number }> {
  const out = new PassThrough()
  const chunks: Buffer[] = []
  out.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<void>((resolve, reject) => {
    out.on('end', resolve)
    out.on('error', reject)
  })
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false })
  wb.creator = 'Plan Scorecard'
  const ws = wb.addWorksheet('审计日志', { views: [{ state: 'frozen', ySplit: 3 }] })
  ws.columns = COLUMNS.map((c) => ({ width: c.width }))
  const title = ws.addRow(['审计日志'])
  title.font = { bold: true, size: 14 }
  const cut = meta.matched > meta.cap
  const parts = [
    `筛选条件：${meta.filter || '全部'}`,
    `导出时间：${shanghaiSecond(meta.generatedAt.toISOString())}`,
    `共 ${Math.min(meta.matched, meta.cap)} 条`,
    ...(cut
      ? [`符合条件的记录超过 ${meta.cap} 条，仅导出最新的 ${meta.cap} 条，请缩小时间范围后分批导出`]
      : []),
  ]
  const metaRow = ws.addRow([cell(parts.join('　'))])
  metaRow.font = { color: { argb: 'FF555555' } }
  const header = ws.addRow([...AUDIT_XLSX_HEADERS])
  header.font = { bold: true }
  header.commit()
  let rows = 0
  for await (const page of pages) {
    for (const e of page) {
      if (rows >= meta.cap) break
      const row = ws.addRow([
        shanghaiSecond(e.at),
        cell(e.actor_name),
        e.system ? '' : cell(e.actor),
        actionWords(e.action),
        cell(e.target_label),
        cell(e.detail),
        cell(changeText(e.change, meta.departments)),
      ])
      row.alignment = { vertical: 'top', wrapText: true }
      row.commit()
      rows++
    }
    if (rows >= meta.cap) break
  }
  ws.commit()
  await wb.commit()
  await done
  return { body: Buffer.concat(chunks), rows }
}
