import { normalizeQuery, remapToQueryAdapterFormat } from '@cubejs-backend/api-gateway/dist/src/query'
import { badQuery } from './errors'

/** Periods are Asia/Shanghai calendar periods unless a query says otherwise. */
export const DEFAULT_TIMEZONE = 'Asia/Shanghai'

export type Granularity = 'year' | 'quarter' | 'month' | 'week' | 'day' | 'hour' | 'minute' | 'second'

export interface MemberFilter {
  member: string
  operator: string
  values?: (string | number | boolean)[]
}
export type QueryFilter = MemberFilter | { and: QueryFilter[] } | { or: QueryFilter[] }

export interface TimeDimension {
  dimension: string
  granularity?: Granularity
  /** ['2023-01-01', '2023-12-31'] (inclusive, local dates) or a relative range such as 'last year'. */
  dateRange?: string | [string, string]
}

/** A Cube REST-style query. Every member must be a view member: `<view>.<member>`. */
export interface CubeQuery {
  measures?: string[]
  dimensions?: string[]
  timeDimensions?: TimeDimension[]
  filters?: QueryFilter[]
  segments?: string[]
  order?: Record<string, 'asc' | 'desc'> | [string, 'asc' | 'desc'][]
  limit?: number
  offset?: number
  timezone?: string
  total?: boolean
  ungrouped?: boolean
}

/** The query after Cube's normalisation (validated, date ranges resolved, limit set). */
// biome-ignore lint/suspicious/noExplicitAny: Cube's NormalizedQuery is loosely typed.
export type NormalizedQuery = Record<string, any> & { timezone: string }

export function normalize(query: CubeQuery): NormalizedQuery {
  if (!query || typeof query !== 'object' || Array.isArray(query)) {
    throw badQuery('查询必须是一个对象', 'a query must be an object')
  }
  try {
    // normalizeQuery mutates nested parts (filter names); work on a copy.
    const copy = structuredClone({ ...query, timezone: query.timezone ?? DEFAULT_TIMEZONE })
    return remapToQueryAdapterFormat(normalizeQuery(copy as never, false)) as NormalizedQuery
  } catch (err) {
    throw badQuery('查询格式无效', err instanceof Error ? err.message : String(err), err)
  }
}

function filterMembers(filters: QueryFilter[] | undefined, out: string[]): void {
  for (const f of filters ?? []) {
    if ('and' in f) filterMembers(f.and, out)
    else if ('or' in f) filterMembers(f.or, out)
    else {
      // Cube also accepts the older `dimension` key.
      const legacy = (f as { dimension?: string }).dimension
      out.push(f.member ?? legacy)
    }
  }
}

/** The view (or cube) a member belongs to: `application_kpis` for `application_kpis.date.year`. */
export const viewOf = (member: string): string => member.split('.')[0]!

/** Every member a query names, as `<cube>.<member>` (granularity suffixes removed). */
export function referencedMembers(query: CubeQuery): string[] {
  const out: string[] = [...(query.measures ?? []), ...(query.dimensions ?? []), ...(query.segments ?? [])]
  for (const td of query.timeDimensions ?? []) out.push(td.dimension)
  filterMembers(query.filters, out)
  const order = query.order ?? {}
  out.push(...(Array.isArray(order) ? order.map(([id]) => id) : Object.keys(order)))
  return out.map((m) => (typeof m === 'string' ? m.split('.').slice(0, 2).join('.') : String(m)))
}

/** A stable text key for a JSON value: object keys sorted, so key order never matters. */
export function stableKey(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  )
}

/** One formatter per timezone: building an Intl.DateTimeFormat costs more than the query it serves. */
const dayFormats = new Map<string, Intl.DateTimeFormat>()

/** Today's date where the query lives: 'YYYY-MM-DD' in `timezone`. */
export function localToday(timezone: string, now = new Date()): string {
  let format = dayFormats.get(timezone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone: timezone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    })
    // Bounded: a timezone is a query's, so the set of them is not ours to trust.
    if (dayFormats.size < 32) dayFormats.set(timezone, format)
  }
  return format.format(now)
}

function lastDayOfMonth(date: string): string {
  const [y, m] = date.split('-').map(Number) as [number, number]
  const day = new Date(Date.UTC(y, m, 0)).getUTCDate()
  return `${date.slice(0, 8)}${String(day).padStart(2, '0')}`
}

/**
 * A date range that ends today or later (a scorecard "as of today") is read to the end of
 * that month. Nothing is dated after today, so the answer is the same, and a month-aligned
 * range is one the monthly rollups can answer; a range cut mid-month must read the
 * source tables. Ranges ending in the past are left exactly as asked.
 */
export function extendOpenEndedRanges(query: NormalizedQuery, today: string): NormalizedQuery {
  const timeDimensions = (query.timeDimensions ?? []) as { dateRange?: unknown }[]
  return {
    ...query,
    timeDimensions: timeDimensions.map((td) => {
      const range = td.dateRange
      if (!Array.isArray(range) || range.length !== 2 || typeof range[1] !== 'string') return td
      const end = range[1].slice(0, 10)
      const monthEnd = lastDayOfMonth(end)
      if (end < today || end === monthEnd) return td
      return { ...td, dateRange: [range[0], `${monthEnd}${range[1].length > 10 ? 'T23:59:59.999' : ''}`] }
    }),
  }
}
