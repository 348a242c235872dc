import { badQuery } from './errors'
import type { ViewCatalog } from './meta'
import type { CubeQuery, QueryFilter } from './query'

/**
 * Filters checked against their member's type before Cube builds SQL: text in a number
 * filter or `contains` on a date would otherwise fail inside the engine as a 500, when it
 * is the caller's mistake and deserves a 400 saying which member and what it expects.
 */
type Kind = 'number' | 'time' | 'boolean' | 'string'

const ALWAYS = ['set', 'notSet']
const OPERATORS: Record<Kind, string[]> = {
  number: ['equals', 'notEquals', 'gt', 'gte', 'lt', 'lte', ...ALWAYS],
  time: [
    'equals',
    'notEquals',
    'inDateRange',
    'notInDateRange',
    'beforeDate',
    'beforeOrOnDate',
    'afterDate',
    'afterOrOnDate',
    ...ALWAYS,
  ],
  boolean: ['equals', 'notEquals', ...ALWAYS],
  string: [
    'equals',
    'notEquals',
    'contains',
    'notContains',
    'startsWith',
    'endsWith',
    'gt',
    'gte',
    'lt',
    'lte',
    ...ALWAYS,
  ],
}
const EXPECTS: Record<Kind, string> = {
  number: '数字 (a number)',
  time: '日期 YYYY-MM-DD (a date)',
  boolean: 'true/false',
  string: '文本 (text)',
}
const DATE = /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?)?$/

function isCalendarDate(d: string): boolean {
  const t = Date.parse(`${d}T00:00:00Z`)
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === d
}

function valueFits(kind: Kind, v: unknown): boolean {
  switch (kind) {
    case 'number':
      return (
        (typeof v === 'number' && Number.isFinite(v)) ||
        (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)))
      )
    case 'time':
      // Round-trip the date: Date.parse would roll 2024-02-30 over to March 1.
      return typeof v === 'string' && DATE.test(v) && isCalendarDate(v.slice(0, 10))
    case 'boolean':
      return v === true || v === false || ['true', 'false', '1', '0'].includes(String(v))
    case 'string':
      return ['string', 'number', 'boolean'].includes(typeof v)
  }
}

// Per catalog, built once: the check runs on every query.
const kindsByCatalog = new WeakMap<ViewCatalog, Map<string, Kind>>()

function kindsOf(catalog: ViewCatalog): Map<string, Kind> {
  const cached = kindsByCatalog.get(catalog)
  if (cached) return cached
  const kinds = new Map<string, Kind>()
  for (const view of catalog.views) {
    for (const m of view.measures) kinds.set(m.name, 'number')
    for (const d of view.dimensions) {
      kinds.set(d.name, d.type === 'number' || d.type === 'time' || d.type === 'boolean' ? d.type : 'string')
    }
  }
  kindsByCatalog.set(catalog, kinds)
  return kinds
}

function checkFilters(filters: QueryFilter[] | undefined, kinds: Map<string, Kind>): void {
  for (const f of filters ?? []) {
    if ('and' in f) checkFilters(f.and, kinds)
    else if ('or' in f) checkFilters(f.or, kinds)
    else {
      const kind = kinds.get(f.member)
      if (!kind) continue // unknown members are refused by assertViewMembers
      if (!OPERATORS[kind].includes(f.operator)) {
        throw badQuery(
          `筛选条件 ${f.member} 不支持运算符 ${f.operator}（可用：${OPERATORS[kind].join(', ')}）`,
          `operator ${f.operator} does not apply to ${f.member}, a ${kind} member`,
        )
      }
      const bad = (f.values ?? []).find((v) => !valueFits(kind, v))
      if (bad !== undefined && !['set', 'notSet'].includes(f.operator)) {
        throw badQuery(
          `筛选条件 ${f.member} 的值 '${String(bad).slice(0, 50)}' 无效，应为${EXPECTS[kind]}`,
          `filter value for ${f.member} must be ${kind}`,
        )
      }
    }
  }
}

export function assertFilterTypes(query: CubeQuery, catalog: ViewCatalog): void {
  const kinds = kindsOf(catalog)
  checkFilters(query.filters, kinds)
  for (const td of query.timeDimensions ?? []) {
    if (kinds.get(td.dimension) && kinds.get(td.dimension) !== 'time') {
      throw badQuery(`${td.dimension} 不是时间维度`, `${td.dimension} is not a time dimension`)
    }
    checkDateRange(td.dateRange)
  }
}

/** A range of two dates: both real calendar dates, the first not after the second. */
function checkDateRange(range: unknown): void {
  if (!Array.isArray(range)) return
  const [from, to] = range as unknown[]
  const bad = [from, to].find((v) => !valueFits('time', v))
  if (range.length !== 2 || bad !== undefined) {
    throw badQuery(
      `日期范围中的 '${String(bad ?? '').slice(0, 30)}' 不是有效日期，应为 YYYY-MM-DD`,
      'a date range is two real dates, YYYY-MM-DD',
    )
  }
  if (String(from).slice(0, 10) > String(to).slice(0, 10)) {
    throw badQuery(`日期范围的开始 ${from} 晚于结束 ${to}`, 'the date range starts after it ends')
  }
}
