import type { SheetLimits } from '../../../files/xlsx-cells'
import type { ZipLimits } from '../../../files/zip-guard'

/**
 * Bounds on a target-override upload: a small sheet (a few hundred rows in practice), so
 * far tighter than the ETL's limits for data files. The zip guard is the one every
 * XLSX passes (files/zip-guard.ts); errors quote a cell by at most QUOTE_CHARS characters and list
 * at most MAX_ERRORS problems, so a hostile file cannot make a huge answer.
 */
const MiB = 2 ** 20

export const OVERRIDE_ZIP_LIMITS: ZipLimits = {
  maxFileBytes: 2 * MiB,
  // 5,000 rows of a dozen columns are about 3 MiB of XML
  maxEntryBytes: 10 * MiB,
  maxTotalBytes: 10 * MiB,
  maxRatio: 200,
  ratioFloorBytes: 1 * MiB,
  maxEntries: 200,
}

export const MAX_OVERRIDE_ROWS = 5_000

export const OVERRIDE_SHEET_LIMITS: SheetLimits = {
  // data rows plus a title line or two and the header
  maxRows: MAX_OVERRIDE_ROWS + 10,
  maxColumns: 100,
  // codes, names and numbers: far shorter; longer text is cut (and then quoted clipped)
  maxCellChars: 10_000,
}

export const QUOTE_CHARS = 100
export const MAX_ERRORS = 50

/** At most `max` characters of `s`, with '…' when cut. */
export function clip(s: string, max = QUOTE_CHARS): string {
  const chars = Array.from(s.length > max * 2 + 2 ? s.slice(0, max * 2 + 2) : s)
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : s
}

interface RowError {
  row: number | null
  column: string | null
  message: string
}

/** The first MAX_ERRORS errors, then one line saying how many more there were. */
export function capErrors(errors: RowError[], more: (n: number) => RowError): RowError[] {
  if (errors.length <= MAX_ERRORS) return errors
  return [...errors.slice(0, MAX_ERRORS), more(errors.length - MAX_ERRORS)]
}
