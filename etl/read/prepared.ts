export type FileFormat = 'csv' | 'xlsx' | 'jsonl'

/**
 * How far the engine's own JSON reader is trusted with JSON Lines whose every line is plain:
 * `sample` (keys of the first lines), `all-keys` (keys of every line, found first), `lines`
 * (not at all: every line read on its own). Each stage that stops hands the next to the load.
 */
export type JsonlRead = 'sample' | 'all-keys' | 'lines'

/** A file made ready for the engine: UTF-8 CSV whose data starts after `skipLines` lines. */
export interface PreparedInput {
  format: FileFormat
  encoding: string
  path: string
  headers: string[]
  skipLines: number
  /** True when column 0 holds the source row number (normalized files); else row = _row_number + rowOffset. */
  hasRowColumn: boolean
  rowOffset: number
  /** JSONEachRow file of rows rejected before the engine saw them (e.g. broken JSON lines). */
  rejectedFile: string | null
  /** Keys of JSON objects seen, for files without a header row. */
  seenColumns?: Set<string>
  /** A UTF-8 CSV whose head was checked but not the rest: the load checks it in the engine. */
  utf8Unverified?: boolean
  /**
   * A SELECT (with its parameters) the load reads instead of `path` as CSV: it yields
   * `__row` and the text columns c0…cN (JSON Lines, read by the engine itself). `retry`: the
   * engine's JSON reader may stop on a line the scan let through (a key written twice, a key
   * first seen past the sample); the file is then prepared again, reading it this way.
   */
  source?: { sql: string; params: Record<string, unknown>; retry?: JsonlRead }
  /** The file starts with a UTF-8 byte-order mark. */
  bom?: boolean
  cleanup(): void
}
