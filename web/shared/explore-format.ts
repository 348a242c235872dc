import type { Granularity } from './explore'

/**
 * How 自助分析 shows and exports a result column, from the model's metadata (Cube's
 * annotation: title, type, format). Pure functions, used by the client (table, chart) and
 * the server (CSV, XLSX), so a figure reads the same on screen and in a file.
 */
export type ColumnKind = 'text' | 'boolean' | 'number' | 'percent' | 'time'

export interface ExploreColumn {
  /** The result row key (`view.member`, or `view.date.month`). */
  key: string
  /** The model's Chinese short title. */
  title: string
  role: 'dimension' | 'time' | 'measure'
  kind: ColumnKind
  /** For a time column: the grain its values are truncated to. */
  granularity?: Granularity
}

/** What Cube's annotation (or meta) says about a member. */
export interface MemberInfo {
  title: string
  shortTitle?: string
  type: string
  format?: unknown
}

interface QueryShape {
  measures?: string[]
  dimensions?: string[]
  timeDimension?: { dimension: string; granularity?: Granularity | undefined } | undefined
}

interface AnnotationShape {
  measures?: Record<string, MemberInfo>
  dimensions?: Record<string, MemberInfo>
  timeDimensions?: Record<string, MemberInfo>
}

const kindOf = (info: MemberInfo | undefined, measure: boolean): ColumnKind => {
  if (info?.format === 'percent') return 'percent'
  if (info?.type === 'time') return 'time'
  if (info?.type === 'boolean') return 'boolean'
  if (measure || info?.type === 'number') return 'number'
  return 'text'
}

/**
 * The result's columns in display order (dimensions, the time dimension at its grain,
 * measures), titled by the model. A member the annotation does not know keeps its name as
 * the title (it cannot happen for a query the engine answered).
 */
export function exploreColumns(q: QueryShape, ann: AnnotationShape | undefined): ExploreColumn[] {
  const title = (info: MemberInfo | undefined, key: string) => info?.shortTitle ?? info?.title ?? key
  const td = q.timeDimension
  return [
    ...(q.dimensions ?? []).map((key): ExploreColumn => {
      const info = ann?.dimensions?.[key]
      return { key, title: title(info, key), role: 'dimension', kind: kindOf(info, false) }
    }),
    ...(td?.granularity
      ? [
          {
            key: `${td.dimension}.${td.granularity}`,
            title: title(ann?.timeDimensions?.[`${td.dimension}.${td.granularity}`], td.dimension),
            role: 'time' as const,
            kind: 'time' as const,
            granularity: td.granularity,
          },
        ]
      : []),
    ...(q.measures ?? []).map((key): ExploreColumn => {
      const info = ann?.measures?.[key]
      return { key, title: title(info, key), role: 'measure', kind: kindOf(info, true) }
    }),
  ]
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/

/**
 * A time value at its grain: 2025 (year), 2025 Q1, 2025-01 (month), 2025-01-06 (week,
 * its Monday; day). Without a grain, to the minute.
 */
export function timeText(v: unknown, granularity?: Granularity): string {
  const m = typeof v === 'string' ? TIMESTAMP.exec(v) : null
  if (!m) return v === null || v === undefined ? '' : String(v)
  const [, y, mo, d, h, mi] = m
  switch (granularity) {
    case 'year':
      return y!
    case 'quarter':
      return `${y} Q${Math.floor((Number(mo) - 1) / 3) + 1}`
    case 'month':
      return `${y}-${mo}`
    case 'week':
    case 'day':
      return `${y}-${mo}-${d}`
    default:
      return h === undefined ? `${y}-${mo}-${d}` : `${y}-${mo}-${d} ${h}:${mi}`
  }
}

/** A time value as a calendar date (UTC midnight, so a spreadsheet shows that day). */
export function timeDate(v: unknown): Date | null {
  const m = typeof v === 'string' ? TIMESTAMP.exec(v) : null
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null
}

/** A 0–1 fraction as a percentage: 0.6311 → 63.1%. */
export const percentText = (v: number, digits = 1) => `${(v * 100).toFixed(digits)}%`

const GROUPED = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 })

/** A count or amount with thousands separators and at most two decimals: 12,345 or 3.14. */
export const numberText = (v: number) => GROUPED.format(v)

export interface CellLabels {
  /** An empty dimension value (null or ''): （空）. */
  empty: string
  yes: string
  no: string
}

export const ZH_LABELS: CellLabels = { empty: '（空）', yes: '是', no: '否' }

/** A cell as people read it (the table, chart labels and tooltips). */
export function cellText(col: ExploreColumn, v: unknown, labels: CellLabels): string {
  if (v === null || v === undefined || v === '') return col.role === 'measure' ? '' : labels.empty
  switch (col.kind) {
    case 'percent':
      return typeof v === 'number' ? percentText(v) : String(v)
    case 'number':
      return typeof v === 'number' ? numberText(v) : String(v)
    case 'time':
      return timeText(v, col.granularity)
    case 'boolean':
      return v === true ? labels.yes : v === false ? labels.no : String(v)
    default:
      return String(v)
  }
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** Whether `s` is a real calendar date written YYYY-MM-DD (no 2025-02-30). */
export function isCalendarDate(s: string): boolean {
  const m = ISO_DATE.exec(s)
  if (!m) return false
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return d.toISOString().slice(0, 10) === s
}

export type DateRangeIssue = 'oneSided' | 'badFrom' | 'badTo' | 'reversed'

/** What is wrong with a date range (both ends real dates, start not after end), or null. */
export function dateRangeIssue(from: string, to: string): DateRangeIssue | null {
  if (!from && !to) return null
  if (!from || !to) return 'oneSided'
  if (!isCalendarDate(from)) return 'badFrom'
  if (!isCalendarDate(to)) return 'badTo'
  return from > to ? 'reversed' : null
}

/** The server's words for a date range it refuses (the builder says the same before asking). */
export function dateRangeProblem(from: string, to: string): string | null {
  switch (dateRangeIssue(from, to)) {
    case 'oneSided':
      return '请同时填写起始日期和结束日期，或都留空'
    case 'badFrom':
      return `起始日期“${from}”不是有效日期`
    case 'badTo':
      return `结束日期“${to}”不是有效日期`
    case 'reversed':
      return `起始日期（${from}）晚于结束日期（${to}），请调整日期范围`
    default:
      return null
  }
}
