import { z } from 'zod'
import type { QueryOptions, Warehouse } from './client'
import { ch, defineQuery } from './query'

/**
 * Working days inside ClickHouse, as shared/DATA-CONTRACT.md defines them:
 *
 *   workdays_between(a, b) = the number of workdays d with date(a) < d ≤ date(b),
 *   dates taken in Asia/Shanghai; 0 when b falls on a's day or earlier; NULL when a or b is.
 *
 * A day is a workday as the `calendar` table lists it, else Monday–Friday. From the calendar
 * this module derives `workday_index`: for every day a ClickHouse `Date` can hold (the 65,536
 * days from its first), `cum` = the workdays up to and including that day. It is a
 * Join-engine table (held in memory, kept on disk), so `joinGet` finds a day by hash, and the
 * SQL function is the difference of two lookups:
 *
 *   workdays_between(a, b) = max(0, cum(date(b)) − cum(date(a)))
 *
 * a, b: Date, DateTime or DateTime64 (any zone; converted to the Asia/Shanghai date), also
 * Nullable. Cube measures call it like any function: `workdays_between({CUBE}.evaluated_at,
 * {CUBE}.rectified_at) <= 15` (YAML model). The index is rebuilt after every calendar load
 * (etl/load/load.ts, swapped in with the calendar) and at every migrate, which also heals an
 * index a crash left behind its calendar. This file is the one place of the index's and the
 * function's SQL.
 */

export const CALENDAR_TABLE = 'calendar'
export const WORKDAY_INDEX = 'workday_index'
export const WORKDAYS_FUNCTION = 'workdays_between'
/** Zone of the dates the contract counts in. */
const TZ = 'Asia/Shanghai'
/** Every day a `Date` holds: day numbers 0…65535. */
const DATE_DAYS = 65_536
/** Where a rebuild at migrate time builds the next index before swapping it in. */
const NEXT_INDEX = '_workday_index_next'

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/
function identifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`not a table name: ${JSON.stringify(name)}`)
  return name
}

const onCluster = (wh: Warehouse) => (wh.config.cluster ? ` ON CLUSTER ${wh.config.cluster}` : '')

const INDEX_ENGINE = 'ENGINE = Join(ANY, LEFT, day)'

/** `cum` per day: a running count of workdays, a listed date as its row says, else Monday–Friday. */
export function workdayIndexSelect(calendar: string): string {
  return `SELECT day, toUInt32(sum(workday) OVER (ORDER BY day ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)) AS cum
FROM (
  SELECT toDate(n.number) AS day, ifNull(c.is_workday, toDayOfWeek(day) <= 5) AS workday
  FROM numbers(${DATE_DAYS}) AS n
  LEFT JOIN (SELECT date, is_workday FROM ${identifier(calendar)} FINAL) AS c ON c.date = toDate(n.number)
  SETTINGS join_use_nulls = 1
)`
}

const cum = (x: string) => `toInt64(joinGet('${WORKDAY_INDEX}', 'cum', toDate(assumeNotNull(${x}), '${TZ}')))`

/** The function's DDL (`CREATE OR REPLACE`: a changed definition replaces the old one). */
export function workdaysFunctionSql(cluster?: string): string {
  const on = cluster ? ` ON CLUSTER ${cluster}` : ''
  return `CREATE OR REPLACE FUNCTION ${WORKDAYS_FUNCTION}${on} AS (a, b) ->
  if(isNull(a) OR isNull(b), NULL, toUInt32(greatest(0, ${cum('b')} - ${cum('a')})))`
}

const TABLE_EXISTS = defineQuery({
  name: 'workdays.table_exists',
  sql: 'SELECT count() AS n FROM system.tables WHERE database = currentDatabase() AND name = {name:String}',
  params: z.object({ name: z.string() }),
  row: z.object({ n: ch.int64() }),
})

/** A built index waiting to replace the live one. */
export interface PreparedWorkdayIndex {
  /** Swaps it in (one EXCHANGE TABLES) and drops the old one. */
  activate(): Promise<void>
  discard(): Promise<void>
}

/**
 * Builds the index of the calendar in `from` (the calendar table, or a load's shadow of it
 * before its swap) into the table `next`, for `activate()` to swap in.
 */
export async function prepareWorkdayIndex(
  wh: Warehouse,
  from: string,
  next: string,
): Promise<PreparedWorkdayIndex> {
  const on = onCluster(wh)
  const table = identifier(next)
  const drop = () => wh.command(`DROP TABLE IF EXISTS ${table}${on} SYNC`)
  await drop()
  // CREATE … AS SELECT: on a cluster every node fills its own copy (ON CLUSTER), reading
  // the calendar through its Distributed table.
  await wh.command(`CREATE TABLE ${table}${on} ${INDEX_ENGINE} AS ${workdayIndexSelect(from)}`)
  return {
    activate: async () => {
      await wh.command(`EXCHANGE TABLES ${WORKDAY_INDEX} AND ${table}${on}`)
      await drop()
    },
    discard: drop,
  }
}

/** Rebuilds the index from the calendar table, swapping it in atomically. */
export async function rebuildWorkdayIndex(wh: Warehouse): Promise<void> {
  await (await prepareWorkdayIndex(wh, CALENDAR_TABLE, NEXT_INDEX)).activate()
}

/**
 * The index table and the function, then the index built from the calendar (run by
 * `migrate()` after the migrations; idempotent). Before migration 0009 has made the
 * calendar there is nothing to build from and the index stays empty.
 */
export async function ensureWorkdays(wh: Warehouse): Promise<void> {
  const on = onCluster(wh)
  await wh.command(`CREATE TABLE IF NOT EXISTS ${WORKDAY_INDEX}${on} (day Date, cum UInt32) ${INDEX_ENGINE}`)
  await wh.command(workdaysFunctionSql(wh.config.cluster))
  const [calendar] = await wh.query(TABLE_EXISTS, { name: CALENDAR_TABLE })
  if ((calendar?.n ?? 0) > 0) await rebuildWorkdayIndex(wh)
}

const CALENDAR_YEARS = defineQuery({
  name: 'calendar.years_present',
  sql: `SELECT DISTINCT toYear(date) AS year FROM ${CALENDAR_TABLE} FINAL
    WHERE toYear(date) IN {years:Array(UInt16)}`,
  params: z.object({ years: z.array(z.number().int().min(0).max(65_535)) }),
  row: z.object({ year: ch.int64() }),
})

const YEAR_FORMAT = new Intl.DateTimeFormat('en', { timeZone: TZ, year: 'numeric' })

/** The year of `now` in Asia/Shanghai. */
export function shanghaiYear(now: Date): number {
  return Number(YEAR_FORMAT.format(now))
}

/**
 * The previous and the current year (Asia/Shanghai) when the calendar has no row for them:
 * working days there follow Monday–Friday alone, holidays and make-up days unknown.
 */
export async function missingCalendarYears(
  wh: Warehouse,
  now = new Date(),
  options: QueryOptions = {},
): Promise<number[]> {
  const current = shanghaiYear(now)
  const years = [current - 1, current]
  const present = new Set((await wh.query(CALENDAR_YEARS, { years }, options)).map((r) => r.year))
  return years.filter((y) => !present.has(y))
}

/** What a missing calendar year means, for operators (Chinese first, English in parentheses). */
export function missingCalendarMessage(years: readonly number[]): string {
  const list = years.join('、')
  return `工作日历缺少 ${list} 年：按周一至周五计算工作日，节假日与调休不准确。请导入国务院办公厅公布的放假安排。 (the working-day calendar has no rows for ${years.join(', ')}: working days count Monday–Friday only; load the State Council's holiday notice)`
}
