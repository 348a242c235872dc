import type { HeaderMapping } from '../contract/headers'
import type { ColumnSpec, DatasetSpec, ValueType } from '../contract/types'

/**
 * Builds the one SELECT that turns raw CSV text into typed columns plus a reason per
 * row, so the engine does the parsing, casting and checking at its own speed.
 * Identifiers come from the contract (an allow-list) or are generated (c0…cN);
 * every value, header text and message travels as a query parameter.
 */

export const ENGINE_TZ = 'Asia/Shanghai'
/** Longest text value accepted (codes and names); longer is a broken export, not data. */
export const MAX_TEXT_CHARS = 1000
/** Longest cell kept in a quarantined row's raw JSON, so one bad cell cannot bloat quarantine. */
const MAX_RAW_CELL_CHARS = 2000
const SHAPES = {
  datetime: String.raw`^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?\s*(Z|[+-]\d{2}(:?\d{2})?)?$`,
  date: String.raw`^(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}( 00:00(:00)?)?|\d{8})$`,
}
const BOOL_TRUE = ['1', 'true', 'y', 'yes', 't', '是', '有']
const BOOL_FALSE = ['0', 'false', 'n', 'no', 'f', '否', '无']
const RATING_LABELS = ['非常不满意', '不满意', '基本满意', '满意', '非常满意']

const MESSAGES: Record<ValueType, string> = {
  string: '',
  datetime: '不是有效的日期时间 (is not a date/time between 1990 and 2099)',
  date: '不是有效的日期 (is not a date between 1990 and 2099)',
  bool: '不是有效的是/否值 (is not yes/no: 是/否, 1/0, true/false, Y/N, 有/无)',
  uint: '不是非负整数 (is not a whole number ≥ 0)',
  rating: '不是有效的评价等级 (is not a rating: 1–5 or 非常不满意…非常满意)',
  enum: '',
}

export const PARSED_TYPES: Record<ValueType, string> = {
  string: 'Nullable(String)',
  bool: 'Nullable(Bool)',
  datetime: `Nullable(DateTime('${ENGINE_TZ}'))`,
  date: 'Nullable(Date)',
  uint: 'Nullable(UInt64)',
  rating: 'Nullable(UInt8)',
  enum: 'Nullable(String)',
}

export interface ParseSql {
  /** Structure of the engine's file() read: positional text columns. */
  structure: string
  /** `WITH … SELECT …` (FROM file follows) producing the staging row. */
  select: string
  params: Record<string, unknown>
  /** Columns of the staging (Null) table, in SELECT order. */
  stagingColumns: Array<[name: string, type: string]>
  /** Skips rows whose every field is empty (blank lines, `,,,` lines): not data. */
  where: string
}

/** Standard `YYYY-MM-DD hh:mm:ss` (most exports): read directly, kept only if it reads back unchanged. */
const STANDARD_DATETIME = '%Y-%m-%d %H:%i:%S'

/**
 * Raw cells are non-NULL text ('' = missing): no NULL map to parse and no copy to make
 * for text columns. Every expression yields NULL for a missing cell.
 */
function parseExpr(c: ColumnSpec, raw: string): string {
  const low = `lower(${raw})`
  switch (c.type) {
    case 'string':
      return c.required ? raw : `nullIf(${raw}, '')`
    case 'bool':
      return `multiIf(empty(${raw}), NULL, has({bool_true:Array(String)}, ${low}), true, has({bool_false:Array(String)}, ${low}), false, NULL)`
    case 'datetime': {
      // The fast read accepts the standard form only when formatting its result gives the
      // text back (so 2023-02-30 or 25:00 take the general path exactly as before).
      const fast = `toDateTimeOrZero(${raw}, '${ENGINE_TZ}')`
      return `multiIf(length(${raw}) = 19 AND formatDateTime(${fast}, '${STANDARD_DATETIME}', '${ENGINE_TZ}') = ${raw}, ${fast}, match(${raw}, {shape_datetime:String}), parseDateTimeBestEffortOrNull(${raw}, '${ENGINE_TZ}'), NULL)`
    }
    case 'date':
      return `if(match(${raw}, {shape_date:String}), toDate(parseDateTimeBestEffortOrNull(${raw}, '${ENGINE_TZ}')), NULL)`
    case 'uint':
      // Same as ^\d{1,15}$: toUInt64OrNull takes digits only, except a leading '+'.
      return `if(length(${raw}) BETWEEN 1 AND 15 AND NOT startsWith(${raw}, '+'), toUInt64OrNull(${raw}), NULL)`
    case 'rating':
      return `nullIf(if(length(${raw}) = 1 AND ${raw} BETWEEN '1' AND '5', toUInt8OrZero(${raw}), indexOf({rating_labels:Array(String)}, ${raw})), 0)`
    case 'enum':
      return `nullIf(transform(${low}, {ef_${c.name}:Array(String)}, {et_${c.name}:Array(String)}, ''), '')`
  }
}

/** Range check on parsed times: out-of-range values are errors, not silently clamped. */
function rangeGuard(c: ColumnSpec, parsed: string): string {
  if (c.type !== 'datetime' && c.type !== 'date') return parsed
  return `if(toYear(${parsed}) BETWEEN 1990 AND 2099, ${parsed}, NULL)`
}

export function buildParseSql(
  spec: DatasetSpec,
  mapping: HeaderMapping,
  fileHeaders: string[],
  hasRowColumn: boolean,
  rowOffset: number,
  /** Adds `_utf8` (0 when a cell is not valid UTF-8), for a file whose encoding is checked in the same pass. */
  checkUtf8 = false,
): ParseSql {
  const params: Record<string, unknown> = {
    bool_true: BOOL_TRUE,
    bool_false: BOOL_FALSE,
    shape_datetime: SHAPES.datetime,
    shape_date: SHAPES.date,
    rating_labels: RATING_LABELS,
    msg_required: '必填项为空 (required value is missing)',
    msg_too_long: `超过${MAX_TEXT_CHARS}个字符 (longer than ${MAX_TEXT_CHARS} characters)`,
    row_offset: rowOffset,
  }
  const textCols = fileHeaders.map((_, i) => `c${i}`)
  const structure = [...(hasRowColumn ? ['__row UInt64'] : []), ...textCols.map((c) => `${c} String`)].join(
    ', ',
  )
  const select: string[] = [
    hasRowColumn ? '__row AS _row' : `toUInt64(_row_number) + {row_offset:UInt64} AS _row`,
  ]
  const staging: Array<[string, string]> = [['_row', 'UInt64']]
  /** [condition, message expression] per check. */
  const errors: Array<[string, string]> = []
  const withs: string[] = []

  for (const c of spec.columns) {
    const idx = mapping.columns.get(c.name)
    const raw = `r_${c.name}`
    params[`h_${c.name}`] = mapping.labels.get(c.name)
    // The CSV parser already trims unquoted fields (input_format_csv_trim_whitespaces).
    withs.push(`${idx === undefined ? "''" : `c${idx}`} AS ${raw}`)
    if (c.values) {
      params[`ef_${c.name}`] = [
        ...c.values.map((v) => v.code.toLowerCase()),
        ...c.values.map((v) => v.label.toLowerCase()),
      ]
      params[`et_${c.name}`] = [...c.values.map((v) => v.code), ...c.values.map((v) => v.code)]
      params[`msg_${c.name}`] =
        `不是有效取值 (is not one of: ${c.values.map((v) => `${v.code}/${v.label}`).join(', ')})`
    }
    select.push(`${rangeGuard(c, parseExpr(c, raw))} AS ${c.name}`)
    staging.push([c.name, c.type === 'string' && c.required ? 'String' : PARSED_TYPES[c.type]])
    const label = `{h_${c.name}:String}`
    if (c.required) errors.push([`empty(${raw})`, `concat(${label}, ': ', {msg_required:String})`])
    if (c.type === 'string') {
      errors.push([
        `lengthUTF8(${raw}) > ${MAX_TEXT_CHARS}`,
        `concat(${label}, ': ''', substringUTF8(${raw}, 1, 50), '…'' ', {msg_too_long:String})`,
      ])
    }
    if (c.type !== 'string') {
      const msg = c.type === 'enum' ? `{msg_${c.name}:String}` : `{msg_${c.type}:String}`
      if (c.type !== 'enum') params[`msg_${c.type}`] = MESSAGES[c.type]
      errors.push([
        `notEmpty(${raw}) AND ${c.name} IS NULL`,
        `concat(${label}, ': ''', substringUTF8(${raw}, 1, 100), ''' ', ${msg})`,
      ])
    }
  }
  spec.rules.forEach((rule, i) => {
    params[`rule_${i}`] =
      rule.kind === 'not_before'
        ? `早于 ${mapping.labels.get(rule.reference)} (${rule.column} is before ${rule.reference})`
        : `为“是”时 ${mapping.labels.get(rule.requires)} 必须为“是” (${rule.column} requires ${rule.requires})`
    const cond =
      rule.kind === 'not_before'
        ? `${rule.column} IS NOT NULL AND ${rule.reference} IS NOT NULL AND ${rule.column} < ${rule.reference}`
        : `ifNull(${rule.column}, false) AND NOT ifNull(${rule.requires}, false)`
    errors.push([cond, `concat({h_${rule.column}:String}, ' ', {rule_${i}:String})`])
  })

  const version = spec.versionColumn
    ? `if(${spec.versionColumn} IS NULL, {loaded_ms:UInt64}, toUInt64(toUnixTimestamp(${spec.versionColumn})) * 1000)`
    : '{loaded_ms:UInt64}'
  select.push(`${version} AS _version`)
  staging.push(['_version', 'UInt64'])
  // Fragments are '' or 'message; ': a plain concat is cheaper per row than arrays and lambdas.
  const fragments = errors.map(([cond, msg]) => `if(${cond}, concat(${msg}, '; '), '')`)
  // Messages are only built for failing rows: `if` short-circuits, the conditions are cheap.
  withs.push(`(${errors.map(([cond]) => `(${cond})`).join(' OR ') || 'false'}) AS _failed`)
  withs.push(`if(_failed, concat(${fragments.join(', ')}), '') AS _reasons`)
  select.push(`if(empty(_reasons), '', substring(_reasons, 1, length(_reasons) - 2)) AS _reason`)
  staging.push(['_reason', 'String'])
  // Only quarantine needs the text cells: the raw row (header → text) is built in this pass
  // for rejected rows alone, so accepted rows carry no copy of their text.
  params.file_headers = fileHeaders.map((h, i) => h.trim() || `column ${i + 1}`)
  select.push(
    `if(_failed, ${rawRowExpr('{file_headers:Array(String)}', `[${textCols.join(',')}]`)}, '') AS _raw`,
  )
  staging.push(['_raw', 'String'])
  if (checkUtf8) {
    select.push(`${textCols.map((c) => `isValidUTF8(${c})`).join(' AND ') || '1'} AS _utf8`)
    staging.push(['_utf8', 'UInt8'])
  }
  return {
    structure,
    select: `WITH ${withs.join(',\n  ')}\nSELECT ${select.join(',\n  ')}`,
    params,
    stagingColumns: staging,
    // Empty CSV fields arrive as '' (input_format_csv_empty_as_default).
    where: textCols.length ? textCols.map((c) => `notEmpty(${c})`).join(' OR ') : 'true',
  }
}

/** Raw row as JSON (header → text, long cells cut) for quarantine. */
function rawRowExpr(headers: string, cells: string): string {
  return `toJSONString(mapFromArrays(${headers}, arrayMap(x -> if(lengthUTF8(x) > ${MAX_RAW_CELL_CHARS}, concat(substringUTF8(x, 1, ${MAX_RAW_CELL_CHARS}), '…'), x), ${cells})))`
}

/** SELECT list that the accepted-rows view writes into the target table. */
export function targetSelect(spec: DatasetSpec): { columns: string[]; exprs: string[] } {
  const columns: string[] = []
  const exprs: string[] = []
  for (const c of spec.columns) {
    columns.push(c.name)
    if (c.required) exprs.push(`assumeNotNull(${c.name})`)
    else if (c.default !== undefined)
      exprs.push(`ifNull(${c.name}, ${typeof c.default === 'boolean' ? c.default : `'${c.default}'`})`)
    else exprs.push(c.name)
  }
  columns.push('_version', '_run_id')
  exprs.push('_version', '_run_id')
  return { columns, exprs }
}
