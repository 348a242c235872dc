/**
 * Calendar years in Asia/Shanghai. China has kept UTC+8 without daylight saving since 1991,
 * so a fixed offset is exact for the plan years and needs no time-zone database.
 */
const OFFSET_MS = 8 * 3600 * 1000
const DAY_MS = 24 * 3600 * 1000

/** Where an instant falls in its Shanghai calendar year; fraction runs from 0 (1 Jan 00:00) to 1. */
export interface YearPosition {
  year: number
  fraction: number
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/
const LOCAL_DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/

/** The Shanghai calendar date (YYYY-MM-DD) of an instant. */
export function shanghaiDate(now: Date = new Date()): string {
  return new Date(now.getTime() + OFFSET_MS).toISOString().slice(0, 10)
}

/** Start of the Shanghai calendar year as a UTC epoch (ms). */
export function shanghaiYearStart(year: number): number {
  return Date.UTC(year, 0, 1) - OFFSET_MS
}

/**
 * Accepts a Date, an ISO datetime (a string without a zone is Shanghai time, as in the data
 * contract) or a date `YYYY-MM-DD`. A date means "as of the end of that day", so 2024-12-31
 * is the whole of 2024 (year 2024, fraction 1) and 2024-06-30 is 182/366 of 2024.
 */
export function shanghaiYearPosition(asOf: Date | string): YearPosition {
  if (typeof asOf === 'string') {
    const m = DATE_ONLY.exec(asOf.trim())
    if (m) {
      const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
      const utc = Date.UTC(year, month - 1, day)
      const check = new Date(utc)
      if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
        throw new RangeError(`not a calendar date: ${asOf}`)
      }
      const dayOfYear = (utc - Date.UTC(year, 0, 1)) / DAY_MS + 1
      return { year, fraction: dayOfYear / daysInYear(year) }
    }
  }
  const ms = toEpochMs(asOf)
  const year = new Date(ms + OFFSET_MS).getUTCFullYear()
  const start = shanghaiYearStart(year)
  return { year, fraction: (ms - start) / (shanghaiYearStart(year + 1) - start) }
}

function toEpochMs(asOf: Date | string): number {
  let ms: number
  if (asOf instanceof Date) {
    ms = asOf.getTime()
  } else {
    const s = asOf.trim()
    // Date.parse would read a zone-less datetime in the process's zone; pin it to Shanghai.
    ms = Date.parse(LOCAL_DATETIME.test(s) ? `${s.replace(' ', 'T')}+08:00` : s)
  }
  if (!Number.isFinite(ms)) throw new RangeError(`not a valid as-of date: ${String(asOf)}`)
  return ms
}

function daysInYear(year: number): number {
  return (Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1)) / DAY_MS
}
