export type FileFormat = 'csv' | 'xlsx' | 'jsonl'

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
  /** The file starts with a UTF-8 byte-order mark. */
  bom?: boolean
  cleanup(): void
}
