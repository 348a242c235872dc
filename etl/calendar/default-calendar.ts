import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import type { Warehouse } from '../../warehouse/client'
import { ch, defineQuery } from '../../warehouse/query'
import { CALENDAR_TABLE } from '../../warehouse/workdays'
import { type LoadResult, loadFile } from '../load/load'

/**
 * The working-day calendar the app ships (`cn-holidays.csv`, contract dataset `calendar`):
 * every rest day on a Monday–Friday and every make-up workday (调休上班) on a weekend of the
 * years whose 国务院办公厅 holiday notice it carries (README.md beside it lists them).
 */
export const DEFAULT_CALENDAR_FILE = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  'cn-holidays.csv',
)

/** Source name its load runs carry. */
export const DEFAULT_CALENDAR_SOURCE = 'default-calendar'

const CALENDAR_ROWS = defineQuery({
  name: 'calendar.rows',
  sql: `SELECT count() AS n FROM ${CALENDAR_TABLE} FINAL`,
  row: z.object({ n: ch.int64() }),
})

/**
 * Loads the shipped calendar, through the loader like any export, into a warehouse whose
 * calendar has no rows; null when it had some (a loaded calendar is never overwritten).
 */
export async function loadDefaultCalendarIfEmpty(wh: Warehouse): Promise<LoadResult | null> {
  const [r] = await wh.query(CALENDAR_ROWS)
  if ((r?.n ?? 0) > 0) return null
  const result = await loadFile(wh, {
    dataset: CALENDAR_TABLE,
    file: DEFAULT_CALENDAR_FILE,
    source: DEFAULT_CALENDAR_SOURCE,
  })
  if (result.status === 'failed') throw new Error(`默认工作日历加载失败 (default calendar): ${result.error}`)
  return result
}

/** Writes the shipped calendar to `file` (the demo district's copy); returns its data rows. */
export function copyDefaultCalendar(file: string): number {
  fs.copyFileSync(DEFAULT_CALENDAR_FILE, file)
  return (
    fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '').length - 1
  )
}
