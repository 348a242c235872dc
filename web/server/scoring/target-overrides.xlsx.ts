import { FileRejectedError } from '../../../files/rejected'
import { readFirstSheet, type SheetLine, SheetTooLongError } from '../../../files/xlsx-cells'
import { unzipXlsxBytes } from '../../../files/zip-guard-bytes'
import type { Catalog } from '../../../indicators/catalog.schema'
import { YEAR_MAX, YEAR_MIN } from '../../../indicators/plan.schema'
import type { UnitType } from '../../../indicators/scoring/scheme.schema'
import type { TargetOverride } from '../../../indicators/scoring/target-overrides'
import {
  capErrors,
  clip,
  MAX_OVERRIDE_ROWS,
  OVERRIDE_SHEET_LIMITS,
  OVERRIDE_ZIP_LIMITS,
} from './target-overrides.limits'

/**
 * Reads the evaluators' target-override workbook: first sheet, first non-empty row is the
 * header (Chinese or English names, any order, extra columns such as 单位名称 ignored),
 * one override per row, blank rows skipped. All or nothing: any bad row fails the file,
 * and every bad row is reported with its sheet row number. Pure: bytes in, rows out.
 * The file passes the zip guard (files/) with this upload's tighter limits, then only the
 * first sheet's cells are read (files/xlsx-cells.ts), so a hostile file costs bounded time and memory.
 */

export interface OverrideRowError {
  /** sheet row number as Excel shows it; null for a problem with the whole file */
  row: number | null
  /** the header of the offending column, as written in the file */
  column: string | null
  message: string
}

export type OverridesParse = { ok: true; rows: TargetOverride[] } | { ok: false; errors: OverrideRowError[] }

type Field = keyof TargetOverride

const HEADERS: Record<Field, readonly string[]> = {
  unit_type: ['单位类型', 'unit_type'],
  unit_code: ['单位编码', 'unit_code'],
  indicator_id: ['指标编码', 'indicator_id'],
  year: ['年度', 'year'],
  target: ['目标值', 'target'],
}
const FIELDS = Object.keys(HEADERS) as Field[]

const UNIT_TYPES: Record<string, UnitType> = {
  部门: 'department',
  department: 'department',
  dept: 'department',
  镇街: 'town',
  镇: 'town',
  街道: 'town',
  town: 'town',
}

const norm = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_')
const fieldOf = (c: unknown) =>
  typeof c === 'string' ? FIELDS.find((f) => HEADERS[f].some((h) => norm(h) === norm(c))) : undefined

/** The plans a row's year must fall in, each year's catalog naming the indicators it may set. */
export interface OverridePlans {
  forYear(year: number): { catalog: Catalog } | undefined
  years: { first: number; last: number }
}

/**
 * With `plans`, each row's year must be a plan year, its indicator id (or name_zh) must be in
 * that year's catalog and rates must be ≤ 1; a catalog alone checks every year against it.
 */
export async function parseTargetOverridesXlsx(
  buffer: Buffer | ArrayBuffer | Uint8Array,
  plans?: OverridePlans | Catalog,
): Promise<OverridesParse> {
  const catalogOf = (year: number) =>
    plans === undefined ? undefined : 'forYear' in plans ? (plans.forYear(year)?.catalog ?? null) : plans
  const bounds =
    plans && 'years' in plans
      ? { min: plans.years.first + 1, max: plans.years.last }
      : { min: YEAR_MIN, max: YEAR_MAX }
  const fileError = (message: string): OverridesParse => ({
    ok: false,
    errors: [{ row: null, column: null, message }],
  })
  let lines: SheetLine[] | null
  try {
    const bytes = buffer instanceof ArrayBuffer ? new Uint8Array(buffer) : buffer
    lines = await readFirstSheet(unzipXlsxBytes(bytes, OVERRIDE_ZIP_LIMITS), OVERRIDE_SHEET_LIMITS)
  } catch (err) {
    if (err instanceof SheetTooLongError) {
      return fileError(
        `行数过多，每个文件最多 ${MAX_OVERRIDE_ROWS} 行目标值，请拆分后分别上传 (more than ${MAX_OVERRIDE_ROWS} rows; split the file)`,
      )
    }
    const why =
      err instanceof FileRejectedError
        ? err.message
        : `文件内容损坏 (not a readable XLSX file: ${clip(String((err as Error).message))})`
    return fileError(`无法读取 XLSX 文件：${why}`)
  }
  if (!lines) return fileError('工作簿中没有工作表 (the workbook has no sheet)')

  // A title line above the table is common: the header is the first row naming at least
  // three of the columns (else the first non-empty row, so missing columns get reported).
  const headerAt = Math.max(
    0,
    lines.slice(0, 10).findIndex((l) => l.cells.filter((c) => fieldOf(c) !== undefined).length >= 3),
  )
  const header = lines[headerAt]
  if (!header) return fileError('文件为空，缺少表头 (the sheet is empty: no header row)')
  lines.splice(0, headerAt + 1)
  if (lines.length > MAX_OVERRIDE_ROWS) {
    return fileError(
      `行数过多（${lines.length} 行），每个文件最多 ${MAX_OVERRIDE_ROWS} 行目标值，请拆分后分别上传 (more than ${MAX_OVERRIDE_ROWS} rows; split the file)`,
    )
  }

  const columns = new Map<Field, { index: number; label: string }>()
  header.cells.forEach((c, index) => {
    const field = fieldOf(c)
    if (field && !columns.has(field)) columns.set(field, { index, label: String(c).trim() })
  })
  const missing = FIELDS.filter((f) => !columns.has(f))
  if (missing.length > 0) {
    return {
      ok: false,
      errors: missing.map((f) => ({
        row: header.row,
        column: HEADERS[f][0]!,
        message: `缺少列“${HEADERS[f][0]}” (missing column ${f}; expected headers: ${FIELDS.map((x) => HEADERS[x].join('/')).join(', ')})`,
      })),
    }
  }

  const rows: TargetOverride[] = []
  const errors: OverrideRowError[] = []
  const seen = new Map<string, number>()
  for (const line of lines) {
    const parsed = parseRow(line, columns, catalogOf, bounds)
    if ('errors' in parsed) {
      errors.push(...parsed.errors)
      continue
    }
    const o = parsed.override
    const key = [o.unit_type, o.unit_code, o.indicator_id, o.year].join('|')
    const first = seen.get(key)
    if (first !== undefined) {
      const message = `与第 ${first} 行重复（同一单位、指标和年度） (duplicates row ${first})`
      errors.push({ row: line.row, column: null, message })
      continue
    }
    seen.set(key, line.row)
    rows.push(o)
  }
  if (errors.length === 0) return { ok: true, rows }
  const more = (n: number): OverrideRowError => ({
    row: null,
    column: null,
    message: `还有 ${n} 条错误未列出，请先修正以上错误 (${n} more errors not listed)`,
  })
  return { ok: false, errors: capErrors(errors, more) }
}

/** One data row: the override, or every problem in it (one per bad cell). */
function parseRow(
  line: { row: number; cells: unknown[] },
  columns: ReadonlyMap<Field, { index: number; label: string }>,
  catalogOf: (year: number) => Catalog | null | undefined,
  bounds: { min: number; max: number },
): { override: TargetOverride } | { errors: OverrideRowError[] } {
  const errors: OverrideRowError[] = []
  const cell = (f: Field) => line.cells[columns.get(f)!.index] ?? null
  const fail = (f: Field, message: string) =>
    errors.push({ row: line.row, column: columns.get(f)!.label, message })
  const unitType = parseUnitType(cell('unit_type'))
  if (!unitType) {
    fail(
      'unit_type',
      `单位类型应为“部门”或“镇街” (unit_type must be department or town): ${show(cell('unit_type'))}`,
    )
  }
  const unitCode = parseCode(cell('unit_code'))
  if (!unitCode) {
    fail(
      'unit_code',
      `单位编码不能为空或含空格 (unit_code is required, without spaces): ${show(cell('unit_code'))}`,
    )
  }
  const year = parseYear(cell('year'), bounds)
  if (year === null)
    fail(
      'year',
      `年度应为规划期内的年份 ${bounds.min}–${bounds.max} (year must be a plan year): ${show(cell('year'))}`,
    )
  const catalog = year === null ? undefined : catalogOf(year)
  const ind = parseIndicator(cell('indicator_id'), catalog)
  if (typeof ind === 'string') fail('indicator_id', ind)
  const target = parseTarget(cell('target'), typeof ind === 'object' ? ind.unit : undefined)
  if (typeof target === 'string') fail('target', target)
  if (!unitType || !unitCode || typeof ind !== 'object' || year === null || typeof target !== 'number') {
    return { errors }
  }
  return { override: { unit_type: unitType, unit_code: unitCode, indicator_id: ind.id, year, target } }
}

/** A cell as quoted in a message: at most QUOTE_CHARS characters of it. */
const show = (c: unknown) =>
  c === null || c === '' ? '（空）' : `'${clip(c instanceof Date ? c.toISOString() : String(c))}'`

function parseUnitType(c: unknown): UnitType | null {
  return typeof c === 'string' ? (UNIT_TYPES[norm(c)] ?? UNIT_TYPES[c.trim()] ?? null) : null
}

// Excel stores codes typed without a leading apostrophe as numbers: write them back whole.
function parseCode(c: unknown): string | null {
  if (typeof c === 'number' && Number.isSafeInteger(c) && c >= 0) return String(c)
  return typeof c === 'string' && /^\S+$/.test(c) ? c : null
}

function parseIndicator(c: unknown, catalog: Catalog | null | undefined) {
  const id = typeof c === 'string' ? c : ''
  if (!id) return `指标编码不能为空 (indicator_id is required): ${show(c)}`
  if (catalog === null) return `该年度不在任何规划期内 (the year is in no plan): ${show(c)}`
  if (!catalog) return { id, unit: undefined }
  const ind = catalog.indicators.find((i) => i.id === id || i.name_zh === id)
  return ind ?? `未知指标编码 (unknown indicator_id): ${show(c)}`
}

function parseYear(c: unknown, bounds: { min: number; max: number }): number | null {
  const n = typeof c === 'number' ? c : typeof c === 'string' ? Number(c.replace(/年$/, '')) : Number.NaN
  return Number.isInteger(n) && n >= bounds.min && n <= bounds.max ? n : null
}

/** A target as stored: rates as fractions; "95%" text becomes 0.95. Else an error message. */
function parseTarget(c: unknown, unit: string | undefined): number | string {
  let n = Number.NaN
  if (typeof c === 'number') n = c
  else if (typeof c === 'string' && c !== '') {
    const pct = c.match(/^([0-9.]+)\s*%$/)
    // A percentage means a rate: for users, 次 or 工作日 it would silently read 95% as 0.95.
    if (pct && unit !== undefined && unit !== '%')
      return `只有比率指标的目标可填百分比，此指标请填数值 (only rate targets take a percentage): ${show(c)}`
    n = pct ? Number(pct[1]) / 100 : Number(c)
  }
  if (!Number.isFinite(n) || n < 0) return `目标值应为非负数字 (target must be a number ≥ 0): ${show(c)}`
  if (unit === '%' && n > 1) {
    return `比率目标应填小数或百分比，如 0.95 或 95% (rate targets are fractions): ${show(c)}`
  }
  return Math.round(n * 1e10) / 1e10
}
