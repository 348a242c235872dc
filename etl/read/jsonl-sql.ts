/**
 * The engine's side of JSON Lines: SQL that reads a .jsonl file line by line (`LineAsString`)
 * and turns each JSON object into text cells exactly as `cellText(v).trim()` did in
 * JavaScript. Keys are data: they travel as the `{keys:Array(String)}` parameter and the
 * generated column names are c0…cN; every pattern and message is a parameter too.
 */

/** JavaScript's `String.prototype.trim` set (WhiteSpace + LineTerminator), as an RE2 class body. */
const JS_WS = String.raw`\t\n\x0B\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}`
/** Escapes that decode to one of those characters (Python's ensure_ascii output escapes all non-ASCII). */
const WS_ESCAPES = String.raw`\\[tnrf]|\\u(000[9a-dA-D]|0020|00[aA]0|1680|200[0-9aA]|202[89fF]|205[fF]|3000|[fF][eE][fF][fF])`
/** JS_WS characters a JSON string may hold raw (control characters must be escaped). */
const RAW_WS = [
  0x20,
  0xa0,
  0x1680,
  ...Array.from({ length: 11 }, (_, i) => 0x2000 + i),
  0x2028,
  0x2029,
  0x202f,
  0x205f,
  0x3000,
  0xfeff,
]
/** The same as JSON escapes, plus the escapes of the control characters in JS_WS. */
const ESCAPED_WS = [
  't',
  'n',
  'r',
  'f',
  ...[0x09, 0x0a, 0x0b, 0x0c, 0x0d, ...RAW_WS].map((c) => `u${c.toString(16).padStart(4, '0')}`),
]
const regexLiteral = (text: string) => text.replace(/[\\^$.|?*+()[\]{}]/g, (c) => `\\${c}`)
/**
 * Text that a string value starting or ending with JS_WS must contain: the character raw or
 * escaped (hex digits in any case), right after or before a quote, as literal patterns for
 * `multiMatchAny`. Spaced-out JSON (`": "`) holds some too; that costs time, never a value.
 */
const quoted = (w: string) => [`"${w}`, `${w}"`]
export const EDGE_PATTERNS = [
  ...RAW_WS.flatMap((c) => quoted(regexLiteral(String.fromCodePoint(c)))),
  ...ESCAPED_WS.flatMap((e) => quoted(regexLiteral(`\\${e}`)).map((p) => `(?i)${p}`)),
]

/**
 * Top-level values JavaScript prints differently from their JSON text: objects/arrays, -0,
 * exponents, 16 or more digits, a fraction ending in 0 (1.0, 2.50), below 1e-6 (0.0000001).
 */
const ODD_VALUES = String.raw`:\s*([{\[]|-0|-?[0-9.]+[eE]|-?[0-9][0-9.]{15}|-?[0-9]+\.[0-9]*0([^0-9]|$)|0\.000000)`

export const JSONL_PARAMS = {
  bom: '\uFEFF',
  blank: `^[${JS_WS}]*$`,
  // A line that may hold a value needing more than the fast path: trimmed edges, a nested
  // value or a number JavaScript formats differently. False positives only cost time.
  special: `"[${JS_WS}]|[${JS_WS}]"|${WS_ESCAPES}|${ODD_VALUES}`,
  odd: ODD_VALUES,
  edge_patterns: EDGE_PATTERNS,
  ws_edge: `^[${JS_WS}]|[${JS_WS}]$`,
  ws_trim: `^[${JS_WS}]+|[${JS_WS}]+$`,
  invalid_a: '第',
  invalid_b: '行不是有效的JSON (not valid JSON)',
  not_object_b: '行不是JSON对象 (not a JSON object)',
}

/**
 * One row per physical line: `n` (1-based, blank lines counted), `l` (the line as UTF-8,
 * invalid bytes replaced as Node's decoder does, the first line's BOM and one trailing CR removed).
 */
export function linesSql(pathParam: string): string {
  return `(SELECT toUInt64(_row_number) + 1 AS n,
    if(isValidUTF8(line), line, toValidUTF8(line)) AS l0,
    if(n = 1 AND startsWith(l0, {bom:String}), substring(l0, 4), l0) AS l1,
    if(endsWith(l1, '\\r'), substring(l1, 1, length(l1) - 1), l1) AS l
  FROM file({${pathParam}:String}, 'LineAsString'))`
}

/**
 * Key sets in first-seen order: one row per distinct key list (`first` = its first line),
 * plus the number of lines with no keys at all (blank, broken, not an object, or `{}`).
 * A line starting with a BOM after the first is not JSON to JavaScript, so it has no keys here.
 */
export function keySetsSql(): string {
  return `SELECT sumIf(lines, notEmpty(keys)) AS with_keys, sumIf(lines, empty(keys)) AS without_keys,
    arraySlice(arraySort(g -> g.1, groupArrayIf((first, keys), notEmpty(keys))), 1, {max_groups:UInt32}) AS groups
  FROM (SELECT min(n) AS first, argMin(ks, n) AS keys, count() AS lines
        FROM (SELECT n, if(startsWith(l, {bom:String}), [], JSONExtractKeys(l)) AS ks FROM ${linesSql('jsonl')})
        GROUP BY sipHash128(ks))`
}

/** Lines that are not blank and not a JSON object, with the reason, as the quarantine spill expects. */
export function rejectedSql(withSpill: boolean): string {
  const own = `SELECT n AS row_number, substringUTF8(l, 1, 2000) AS raw_row,
      concat({invalid_a:String}, toString(n), if(valid, {not_object_b:String}, {invalid_b:String})) AS reason
    FROM (SELECT n, l, NOT startsWith(l, {bom:String}) AND isValidJSON(l) AS valid FROM ${linesSql('jsonl')})
    WHERE NOT match(l, {blank:String}) AND NOT (valid AND startsWith(trimLeft(l, ' \\t\\r\\n'), '{'))`
  const spill = `SELECT row_number, raw_row, reason FROM file({spill:String}, 'JSONEachRow', 'row_number UInt64, raw_row String, reason String')`
  return `INSERT INTO FUNCTION file({rejected:String}, 'JSONEachRow', 'row_number UInt64, raw_row String, reason String')
    ${withSpill ? `SELECT * FROM (${own} UNION ALL ${spill}) ORDER BY row_number` : own}
    SETTINGS engine_file_truncate_on_insert = 1`
}

/** JavaScript's `String(number)`: the engine's shortest form, with `e+` and no negative zero. */
const jsNumber = (r: string) =>
  `if(toFloat64OrZero(${r}) = 0, '0', replaceRegexpOne(toString(toFloat64OrZero(${r})), 'e([0-9])', 'e+\\\\1'))`
/** `cellText` of a raw JSON value that is not an object with a cell shape: `str` is its decoded string form. */
const scalar = (r: string, str: string) =>
  `multiIf(startsWith(${r}, '"'), ${str}, ${r} = 'null' OR ${r} = '', '', ${r} IN ('true', 'false') OR startsWith(${r}, '[') OR startsWith(${r}, '{'), ${r}, ${jsNumber(r)})`
/** `cellText` of an object: a spreadsheet cell's shape (result, richText, text, error), else its JSON. */
const object = (r: string) => `multiIf(
    JSONHas(${r}, 'result'), ${scalar(`JSONExtractRaw(${r}, 'result')`, `JSONExtractString(${r}, 'result')`)},
    JSONType(${r}, 'richText') = 'Array', arrayStringConcat(arrayMap(e -> if(JSONType(e) = 'Object', ${scalar(`JSONExtractRaw(e, 'text')`, `JSONExtractString(e, 'text')`)}, ''), JSONExtractArrayRaw(${r}, 'richText'))),
    JSONHas(${r}, 'text'), ${scalar(`JSONExtractRaw(${r}, 'text')`, `JSONExtractString(${r}, 'text')`)},
    JSONHas(${r}, 'error'), multiIf(JSONType(${r}, 'error') = 'Null', 'null', JSONType(${r}, 'error') = 'Object', '[object Object]', ${scalar(`JSONExtractRaw(${r}, 'error')`, `JSONExtractString(${r}, 'error')`)}),
    ${r})`

/**
 * The rows for the load: `__row` (the line number) and one text column per key (c0…).
 * Most lines take the fast path (values as the engine's text, looked up by key, the last of
 * duplicate keys winning as in JSON.parse); a line the `special` pattern flags goes through
 * the full conversion (types checked on the raw value, numbers as JavaScript prints them,
 * cell-shaped objects unwrapped, JavaScript's trim).
 */
export function sourceSql(keyCount: number): string {
  const idx = `arrayMap(k -> if(indexOf(rk, k) = 0, 0, length(vs) + 1 - indexOf(rk, k)), {keys:Array(String)})`
  const raw = 'JSONExtractKeysAndValuesRaw(l)[i].2'
  const full = `arrayMap(x -> if(match(x, {ws_edge:String}), replaceRegexpAll(x, {ws_trim:String}, ''), x),
      arrayMap((v, i) -> if(i = 0 OR v = '', v, multiIf(startsWith(${raw}, '"'), v, startsWith(${raw}, '{'), ${object(raw)}, ${scalar(raw, 'v')})),
        arrayMap(i -> if(i = 0, '', ifNull(vs[i], '')), ${idx}), ${idx}))`
  const cols = Array.from(
    { length: keyCount },
    (_, i) => `if(special, vals[${i + 1}], ifNull(m[{keys:Array(String)}[${i + 1}]], '')) AS c${i}`,
  )
  return `SELECT n AS __row${cols.map((c) => `, ${c}`).join('')}
  FROM (SELECT n, l, JSONExtractKeysAndValues(l, 'Nullable(String)') AS kv,
          mapFromArrays(arrayReverse(kv.1), arrayReverse(kv.2)) AS m,
          match(l, {special:String}) AS special,
          arrayReverse(kv.1) AS rk, kv.2 AS vs,
          if(special, ${full}, []) AS vals
        FROM ${linesSql('jsonl')}
        WHERE notEmpty(kv) AND NOT startsWith(l, {bom:String}))`
}

/**
 * Whether every line can go through the engine's own JSON reader (`nativeSourceSql`): one
 * object per line, valid UTF-8 (simdjson's isValidJSON checks it), no value JavaScript
 * prints differently from its JSON text. The first line (it may start with a BOM) is checked
 * by the caller. `lines` counts every line, `odd` the others, `edges`
 * those that may hold a value with whitespace at an edge. Smaller blocks stay in cache (~8% faster).
 */
export function plainLinesSql(): string {
  return `SELECT count() AS lines, countIf(NOT ((startsWith(line, '{') AND isValidJSON(line) OR _row_number = 0)
      AND NOT match(line, {odd:String}))) AS odd,
      countIf(multiMatchAny(line, {edge_patterns:Array(String)})) AS edges
    FROM file({jsonl:String}, 'LineAsString')
    SETTINGS max_block_size = 8192, allow_simdjson = 1`
}

/** Key lists of the first `{sample:UInt32}` lines, as `keySetsSql` gives them for the whole file. */
export function sampleKeysSql(): string {
  return `SELECT groupArray((first, keys)) AS groups FROM (
    SELECT min(n) AS first, argMin(ks, n) AS keys FROM (
      SELECT n, JSONExtractKeys(l) AS ks FROM (SELECT * FROM ${linesSql('jsonl')} LIMIT {sample:UInt32}))
    WHERE notEmpty(ks) GROUP BY sipHash128(ks))`
}

/** A column name for the engine's JSON reader: the key in backquotes, `\\` and backquote escaped. */
const quoteKey = (k: string) => `\`${k.replace(/[\\`]/g, (c) => `\\${c}`)}\``

/**
 * The rows for the load through the engine's own JSON reader (every line checked plain by
 * `plainLinesSql`): one String column per key, values as their JSON text (null and a missing
 * key as ''), read in parallel. Columns are taken by position from `tuple(*)`, so keys never
 * enter the SQL text; only JavaScript's trim is left to do. A key outside `keys` (when fewer
 * than the maximum were found) or a key written twice in one line stops the read with an
 * error: the file is then prepared again (`PreparedInput.source.retry`).
 */
export function nativeSourceSql(
  keys: string[],
  skipUnknown: boolean,
  /** Some line may hold a value with whitespace at an edge (`EDGE_PATTERNS`): trim each value. */
  trim: boolean,
): { sql: string; params: Record<string, unknown> } {
  const cols = keys.map((_, i) => {
    const v = `t.${i + 1}`
    return trim
      ? `if(match(${v}, {ws_edge:String}), replaceRegexpAll(${v}, {ws_trim:String}, ''), ${v}) AS c${i}`
      : `${v} AS c${i}`
  })
  const structure = keys.map((k) => `${quoteKey(k)} String`).join(', ')
  return {
    sql: `SELECT toUInt64(n) + 1 AS __row, ${cols.join(', ')}
  FROM (SELECT _row_number AS n, tuple(*) AS t FROM file({jsonl:String}, 'JSONEachRow', {jsonl_structure:String})
        SETTINGS input_format_json_read_numbers_as_strings = 1, input_format_json_read_bools_as_strings = 1,
          input_format_json_read_objects_as_strings = 1, input_format_json_read_arrays_as_strings = 1,
          input_format_null_as_default = 1, input_format_skip_unknown_fields = ${skipUnknown ? 1 : 0})`,
    params: { jsonl_structure: structure },
  }
}
