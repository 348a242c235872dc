import type { Direction, Unit } from '../../../indicators/catalog.schema'
import type { Status } from '../../../indicators/progress'
import type { RankingReport, RankingRow, UnitType } from './types'

/**
 * Text formatting shared by the PDF and XLSX builders. Mirrors the web client's
 * lib/format.ts (rates to one decimal, users in 万, means in 次 / 个工作日, gaps as 差/超, or 高于/低于目标 where lower is better) so a printed report reads
 * like the screen it came from; duplicated because the server does not import client code.
 */

export const NONE = '—'

const finite = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v)

export function formatScore(v: number | null | undefined): string {
  return finite(v) ? v.toFixed(2) : NONE
}

/** What a unit measures, in words (templates, definitions). */
export const UNIT_NAME: Record<Unit, string> = {
  '%': '比率',
  users: '人数',
  times: '次数（次）',
  workdays: '工作日（个）',
}

/** Means read in their unit: 跑动次数 to two decimals in 次, working days to one in 个工作日. */
const MEANS = { times: { digits: 2, word: '次' }, workdays: { digits: 1, word: '个工作日' } } as const

export function formatValue(v: number | null | undefined, unit: Unit | 'tasks'): string {
  if (!finite(v)) return NONE
  if (unit === '%') return `${(v * 100).toFixed(1)}%`
  if (unit === 'tasks') return `${Math.round(v)}项`
  if (unit === 'users') return `${(v / 10_000).toFixed(1)}万`
  return `${v.toFixed(MEANS[unit].digits)} ${MEANS[unit].word}`
}

/** A difference in the indicator's unit: percentage points for rates, 万 for users, 次 / 个工作日 for means. */
export function formatDelta(v: number | null | undefined, unit: Unit, signed = true): string {
  if (!finite(v)) return NONE
  const sign = signed && v > 0 ? '+' : ''
  if (unit === '%') return `${sign}${(v * 100).toFixed(1)}个百分点`
  if (unit === 'users') return `${sign}${(v / 10_000).toFixed(1)}万`
  return `${sign}${v.toFixed(MEANS[unit].digits)} ${MEANS[unit].word}`
}

/**
 * Gap to target: positive = shortfall. Higher-is-better reads 差/超; lower-is-better says
 * which side of the target the value is on (高于/低于目标), since 超 0.02 次 would read as a breach.
 */
export function formatGap(gap: number | null | undefined, unit: Unit, direction: Direction): string {
  if (!finite(gap)) return NONE
  if (Math.abs(gap) < 1e-9) return '持平'
  const v = formatDelta(Math.abs(gap), unit, false)
  if (direction === 'lower') return gap > 0 ? `高于目标 ${v}` : `低于目标 ${v}`
  return gap > 0 ? `差 ${v}` : `超 ${v}`
}

/** Positive = moved up the ranking. */
export function formatRankChange(v: number | null | undefined): string {
  if (!finite(v)) return NONE
  if (v === 0) return '持平'
  return v > 0 ? `↑${v}` : `↓${-v}`
}

export function formatSigned(v: number | null | undefined): string {
  if (!finite(v)) return NONE
  if (Math.abs(v) < 0.005) return '0.00'
  return `${v > 0 ? '+' : ''}${v.toFixed(2)}`
}

export const STATUS_LABEL: Record<Status, string> = {
  met: '已达标',
  missed: '未达标',
  on_track: '符合序时进度',
  at_risk: '有风险',
  behind: '落后',
  no_data: '无数据',
  no_target: '无目标',
}

export const UNIT_TYPE_LABEL: Record<UnitType, string> = { department: '部门', town: '镇（街道）' }

const OFFSET_MS = 8 * 3600_000
const LOCAL = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}))?(?::\d{2}(?:\.\d+)?)?$/

/** The instant a report timestamp names (zone-less = Shanghai local), or null if unreadable. */
export function toInstant(ts: string | Date): Date | null {
  if (ts instanceof Date) return Number.isNaN(ts.getTime()) ? null : ts
  const s = ts.trim()
  const ms = LOCAL.test(s) ? Date.parse(`${s.slice(0, 10)}T${s.slice(11) || '00:00'}+08:00`) : Date.parse(s)
  return Number.isNaN(ms) ? null : new Date(ms)
}

/** 'YYYY-MM-DD HH:mm' in Asia/Shanghai (UTC+8, no DST since 1991); zone-less strings are local. */
export function shanghaiMinute(ts: string | Date): string {
  if (typeof ts === 'string') {
    const m = LOCAL.exec(ts.trim())
    if (m) return m[2] ? `${m[1]} ${m[2]}` : m[1]!
    const ms = Date.parse(ts)
    if (Number.isNaN(ms)) return ts
    ts = new Date(ms)
  }
  return new Date(ts.getTime() + OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ')
}

export type StampKind = 'published' | 'frozen' | 'provisional'

/** The official status of a ranking, as printed in the stamp and the XLSX meta line. */
export function stampOf(report: Pick<RankingReport, 'frozen_at' | 'published_at'>): {
  kind: StampKind
  label: string
  detail: string
} {
  if (report.published_at)
    return { kind: 'published', label: '已发布', detail: `发布于 ${shanghaiMinute(report.published_at)}` }
  if (report.frozen_at)
    return { kind: 'frozen', label: '已冻结', detail: `冻结于 ${shanghaiMinute(report.frozen_at)}` }
  return { kind: 'provisional', label: '未冻结', detail: '临时结果，数据更新后可能变化' }
}

/** "No data" as the scheme treated it: excluded (score null) or scored zero. */
export function noDataNote(part: { no_data: boolean; score: number | null }): string {
  if (!part.no_data) return ''
  return part.score === null ? '无数据，不计分（权重重新分配）' : '无数据，按零分计'
}

/** The row of one unit; an unknown code is a caller error worth a clear message. */
export function findRow(report: RankingReport, unitCode: string): RankingRow {
  const row = report.rows.find((r) => r.unit_code === unitCode)
  if (!row)
    throw new Error(`unit ${unitCode} is not in the ranking "${report.title}" (${report.period_label})`)
  return row
}
