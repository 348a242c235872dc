import { prepareAnnotation } from '@cubejs-backend/api-gateway/dist/src/helpers/prepare-annotation'
import type { NormalizedQuery } from './query'

export interface AnnotationEntry {
  title: string
  shortTitle?: string
  description?: string
  type: string
  /** Cube's display format (`percent`), when the model sets one. */
  format?: unknown
}

export interface Annotation {
  measures: Record<string, AnnotationEntry>
  dimensions: Record<string, AnnotationEntry>
  segments: Record<string, AnnotationEntry>
  timeDimensions: Record<string, AnnotationEntry>
}

export type Row = Record<string, string | number | boolean | null>

export function annotate(metaConfig: unknown, query: NormalizedQuery): Annotation {
  return prepareAnnotation(metaConfig as never, query as never) as unknown as Annotation
}

// Cube measure types whose values are numbers (everything but string/time/boolean).
const NON_NUMERIC = new Set(['string', 'time', 'boolean'])

function convert(value: unknown, type: string | undefined): string | number | boolean | null {
  if (value === null || value === undefined) return null
  if (type === 'boolean') return value === true || value === 1 || value === '1' || value === 'true'
  if (type !== undefined && !NON_NUMERIC.has(type)) {
    const n = typeof value === 'number' ? value : Number(value)
    return Number.isNaN(n) ? null : n
  }
  return typeof value === 'string' || typeof value === 'number' ? value : String(value)
}

/**
 * Turns driver rows keyed by SQL alias (`application_kpis__date_year`) into rows keyed
 * by member name (`application_kpis.date.year`), the way Cube's REST API does (a time
 * dimension with a granularity also appears under its plain name), with measures and
 * numeric dimensions as numbers. This replaces Cube's result transformation, which
 * lives in @cubejs-backend/native.
 */
export function toMemberRows(
  rows: Record<string, unknown>[],
  aliasToMember: Record<string, string>,
  annotation: Annotation,
  query: NormalizedQuery,
): Row[] {
  const typeOf = (member: string) =>
    annotation.measures[member]?.type ??
    annotation.dimensions[member]?.type ??
    annotation.timeDimensions[member]?.type ??
    (member.split('.').length === 3 ? 'time' : undefined)
  const plainTimeNames = new Map<string, string>()
  for (const td of (query.timeDimensions ?? []) as { dimension: string; granularity?: string }[]) {
    if (td.granularity && !plainTimeNames.has(td.dimension)) {
      plainTimeNames.set(`${td.dimension}.${td.granularity}`, td.dimension)
    }
  }
  const columns = Object.keys(rows[0] ?? {}).map((alias) => {
    const member = aliasToMember[alias] ?? alias
    return { alias, member, type: typeOf(member), plain: plainTimeNames.get(member) }
  })
  return rows.map((raw) => {
    const row: Row = {}
    for (const c of columns) {
      const value = convert(raw[c.alias], c.type)
      row[c.member] = value
      if (c.plain) row[c.plain] = value
    }
    return row
  })
}

/**
 * Rough heap size of result rows, for the cache's byte bound: V8 stores a string of n
 * Latin-1/UTF-16 characters in about 16 + n to 16 + 2n bytes and each property slot in 8.
 * Walks every cell once, which costs far less than the query that produced them.
 */
export function estimateRowBytes(rows: readonly Row[]): number {
  let bytes = 0
  for (const row of rows) {
    bytes += 32
    for (const key in row) {
      const v = row[key]
      bytes += 8 + (typeof v === 'string' ? 16 + 2 * v.length : typeof v === 'number' ? 8 : 0)
    }
  }
  return bytes
}
