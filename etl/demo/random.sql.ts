/**
 * SQL fragments for generating rows inside the engine. Randomness comes from
 * cityHash64 of the row number and a salt, so every run produces the same rows
 * without any state; each salt is one independent "die".
 */

/** Uniform [0, 1) for the row (or any key expression) and a salt. */
export const u = (salt: number, key = 'n'): string => `(cityHash64(${key}, ${salt}) / 18446744073709551616.)`

/** A Float64 array literal; values are generated constants, not user input. */
export const floats = (xs: readonly number[]): string =>
  `[${xs.map((x) => (Number.isInteger(x) ? x.toFixed(1) : String(Number(x.toFixed(6))))).join(', ')}]`

/** 1-based index drawn with the given relative weights. */
export function pickIndex(weights: readonly number[], uniform: string): string {
  const total = weights.reduce((s, w) => s + w, 0)
  let acc = 0
  const cumulative = weights.map((w) => (acc += w / total))
  // The last bound is above 1 so rounding can never leave a draw unassigned.
  cumulative[cumulative.length - 1] = 2
  return `arrayFirstIndex(c -> c > ${uniform}, ${floats(cumulative)})`
}

/** SQL `transform` from codes to labels, e.g. 'window' → '窗口'. */
export const label = (expr: string, pairs: ReadonlyArray<readonly [string, string]>): string =>
  `transform(${expr}, [${pairs.map(([c]) => `'${c}'`).join(', ')}], [${pairs.map(([, l]) => `'${l}'`).join(', ')}], '')`

/** `2023-05-06 14:03:00` (the DateTime's own zone, Asia/Shanghai). */
export const dateTime = (expr: string): string => `formatDateTime(${expr}, '%Y-%m-%d %H:%i:%S')`

/** `2023-05-06T14:03:00+08:00`. */
export const isoDateTime = (expr: string): string => `formatDateTime(${expr}, '%Y-%m-%dT%H:%i:%S+08:00')`

/** `2023/5/6 14:03`: no zero padding, no seconds, as some Chinese exports write it. */
export const slashDateTime = (expr: string): string =>
  `if(isNull(${expr}), NULL, concat(toString(toYear(${expr})), '/', toString(toMonth(${expr})), '/', toString(toDayOfMonth(${expr})), ' ', formatDateTime(${expr}, '%H:%i')))`

/** Shanghai wall-clock DateTime from a string parameter. */
export const shanghai = (param: string): string => `toDateTime({${param}:String}, 'Asia/Shanghai')`

/** Index into a per-year array (2021 = 1), clamped to the plan period. */
export const yearIndex = (expr: string): string => `least(greatest(toYear(${expr}) - 2020, 1), 5)`

/**
 * Weights given per enum code (one per plan year each) as pickIndexByYear's rows: one row
 * per year, codes in `codes` (contract) order, so a draw's index is the code's position.
 */
export function weightsByYear(
  codes: readonly string[],
  weights: Readonly<Record<string, readonly number[]>>,
): number[][] {
  const byCode = perCode(codes, weights)
  return Array.from({ length: byCode[0]!.length }, (_, y) => byCode.map((w) => w[y]!))
}

/** Values given per enum code, listed in `codes` (contract) order; every code needs one, no other. */
export function perCode<T>(codes: readonly string[], given: Readonly<Record<string, T>>): T[] {
  const keys = Object.keys(given)
  if (keys.length !== codes.length || !codes.every((c) => c in given))
    throw new Error(`values for ${keys.join(', ')} do not match the codes ${codes.join(', ')}`)
  return codes.map((c) => given[c]!)
}

/** Like pickIndex, with one set of weights per plan year; `yi` is a yearIndex expression. */
export function pickIndexByYear(
  weightsByYear: ReadonlyArray<readonly number[]>,
  uniform: string,
  yi: string,
): string {
  const rows = weightsByYear.map((weights) => {
    const total = weights.reduce((s, w) => s + w, 0)
    let acc = 0
    const cumulative = weights.map((w) => (acc += w / total))
    cumulative[cumulative.length - 1] = 2
    return floats(cumulative)
  })
  return `arrayFirstIndex(c -> c > ${uniform}, [${rows.join(', ')}][${yi}])`
}
