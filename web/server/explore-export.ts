import type { Annotation, Row } from '../../semantic-layer/engine/results'
import type { Granularity } from '../shared/explore'
import { type ExploreColumn, exploreColumns, percentText, timeDate, timeText } from '../shared/explore-format'
import { type Table, toCsv, toXlsx } from './export'

/** What the export needs of an explore query (the router's ExploreQuery fits). */
export interface ExportQuery {
  measures: string[]
  dimensions: string[]
  timeDimension?: { dimension: string; granularity?: Granularity | undefined } | undefined
}

const EMPTY = '（空）'

/** XLSX number formats by column: percents as 0.0%, counts grouped, dates at their grain. */
function numFmtOf(col: ExploreColumn, rows: Row[]): string | undefined {
  if (col.kind === 'percent') return '0.0%'
  if (col.kind === 'number') {
    const whole = rows.every((r) => {
      const v = r[col.key]
      return typeof v !== 'number' || Number.isInteger(v)
    })
    return whole ? '#,##0' : '#,##0.00'
  }
  if (col.kind === 'time') {
    if (col.granularity === 'year') return 'yyyy'
    if (col.granularity === 'month') return 'yyyy-mm'
    if (col.granularity === 'quarter') return undefined
    return 'yyyy-mm-dd'
  }
  return undefined
}

/** A CSV cell: text as people read it, numbers plain (no separators, so tools parse them). */
function csvValue(col: ExploreColumn, v: unknown): unknown {
  if (v === null || v === undefined || v === '') return col.role === 'measure' ? null : EMPTY
  if (col.kind === 'percent' && typeof v === 'number') return percentText(v, 2)
  if (col.kind === 'time') return timeText(v, col.granularity)
  if (col.kind === 'boolean') return v === true ? '是' : v === false ? '否' : v
  return v
}

/** An XLSX cell: numbers as numbers (formatted by the column), dates as date cells. */
function xlsxValue(col: ExploreColumn, v: unknown): unknown {
  if (v === null || v === undefined || v === '') return col.role === 'measure' ? null : EMPTY
  if (col.kind === 'time') {
    // A quarter has no date format of its own: written as text (2025 Q1).
    if (col.granularity === 'quarter') return timeText(v, col.granularity)
    return timeDate(v) ?? timeText(v, col.granularity)
  }
  if (col.kind === 'boolean') return v === true ? '是' : v === false ? '否' : v
  return v
}

/** The table an explore export writes: columns titled by the model, cells by their kind. */
export function exploreTable(
  q: ExportQuery,
  r: { data: Row[]; annotation: Annotation },
  format: 'csv' | 'xlsx',
): Table {
  const columns = exploreColumns(q, r.annotation).filter((c) => r.data.length === 0 || c.key in r.data[0]!)
  const value = format === 'csv' ? csvValue : xlsxValue
  return {
    columns: columns.map((c) => {
      const numFmt = format === 'xlsx' ? numFmtOf(c, r.data) : undefined
      return { key: c.key, title: c.title, ...(numFmt ? { numFmt } : {}) }
    }),
    rows: r.data.map((row) => Object.fromEntries(columns.map((c) => [c.key, value(c, row[c.key])]))),
  }
}

export function exploreExport(
  q: ExportQuery,
  r: { data: Row[]; annotation: Annotation },
  format: 'csv' | 'xlsx',
): Promise<Buffer> {
  const table = exploreTable(q, r, format)
  return format === 'csv' ? Promise.resolve(toCsv(table)) : toXlsx(table)
}
