import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTempWarehouse } from '../../warehouse/testing'
import { listRuns } from '../load/runs'
import {
  DEFAULT_CALENDAR_FILE,
  DEFAULT_CALENDAR_SOURCE,
  loadDefaultCalendarIfEmpty,
} from './default-calendar'

/** The shipped calendar file (cn-holidays.csv) through the real loader, and what it says. */

let t: Awaited<ReturnType<typeof openTempWarehouse>>
beforeAll(async () => {
  t = await openTempWarehouse('default-calendar-')
})
afterAll(async () => {
  await t?.dispose()
})

const rows = fs
  .readFileSync(DEFAULT_CALENDAR_FILE, 'utf8')
  .split('\n')
  .slice(1)
  .filter((l) => l !== '')
  .map((l) => {
    const [date, workday, note] = l.split(',')
    return { date: date!, workday: workday === '是', note: note! }
  })
const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay() // 0 = Sunday

describe('the shipped working-day calendar', () => {
  it('lists only exceptions: rest days on Monday–Friday, make-up workdays on weekends, each with its holiday', () => {
    expect(rows.length).toBeGreaterThan(100)
    for (const r of rows) {
      const weekend = [0, 6].includes(weekday(r.date))
      expect(weekend, `${r.date} ${r.note}`).toBe(r.workday)
      expect(r.note, r.date).toMatch(
        r.workday
          ? /^(元旦|春节|清明节|劳动节|端午节|中秋节|国庆节|中秋节、国庆节|国庆节、中秋节)调休上班$/
          : /^(元旦|春节|清明节|劳动节|端午节|中秋节|国庆节|中秋节、国庆节|国庆节、中秋节)$/,
      )
    }
    expect(new Set(rows.map((r) => r.date)).size).toBe(rows.length)
  })

  it('balances every year: weekday rest days − make-up workdays = the statutory holidays (11; 13 from 2025)', () => {
    const byYear = new Map<number, number>()
    for (const r of rows) {
      const y = Number(r.date.slice(0, 4))
      byYear.set(y, (byYear.get(y) ?? 0) + (r.workday ? -1 : 1))
    }
    // 2023's 元旦 (Sunday) moved to Monday 01-02; holidays on a weekend are made up the same way.
    expect([...byYear]).toEqual([
      [2021, 11],
      [2022, 11],
      [2023, 11],
      [2024, 11],
      [2025, 13],
      [2026, 13],
    ])
  })

  it('loads through the ETL with no rejected row into an empty calendar, once', async () => {
    const r = await loadDefaultCalendarIfEmpty(t.wh)
    expect(r).toMatchObject({ status: 'succeeded', accepted: rows.length, rejected: 0, ignoredColumns: [] })
    const [run] = await listRuns(t.wh, { dataset: 'calendar' })
    expect(run).toMatchObject({ source: DEFAULT_CALENDAR_SOURCE, status: 'succeeded', rejected: 0 })
    // A calendar with rows is never overwritten by the default.
    expect(await loadDefaultCalendarIfEmpty(t.wh)).toBeNull()
    expect(await listRuns(t.wh, { dataset: 'calendar' })).toHaveLength(1)
  })

  it('says 2023-01-28 (a Saturday) was a workday and 2023-10-02 (a Monday) was not', async () => {
    const days = await t.wh.rows<{ date: string; is_workday: boolean }>(
      `SELECT toString(date) AS date, is_workday FROM calendar FINAL
       WHERE calendar.date IN ('2023-01-28', '2023-10-02') ORDER BY date`,
    )
    expect(days).toEqual([
      { date: '2023-01-28', is_workday: true },
      { date: '2023-10-02', is_workday: false },
    ])
    const [r] = await t.wh.rows<Record<string, string | number>>(
      `SELECT
         workdays_between(toDate('2023-01-27'), toDate('2023-01-28')) AS makeup_saturday,
         workdays_between(toDate('2023-10-01'), toDate('2023-10-02')) AS holiday_monday,
         workdays_between(toDateTime('2023-09-28 09:00:00', 'Asia/Shanghai'), toDateTime('2023-10-09 09:00:00', 'Asia/Shanghai')) AS autumn,
         workdays_between(toDate('2023-12-31'), toDate('2024-12-31')) AS year_2024,
         workdays_between(toDate('2024-12-31'), toDate('2025-12-31')) AS year_2025,
         workdays_between(toDate('2025-12-31'), toDate('2026-12-31')) AS year_2026`,
    )
    // Working days a year: 262 weekdays − 11 in 2024, 261 − 13 in 2025 and in 2026.
    expect(Object.fromEntries(Object.entries(r!).map(([k, v]) => [k, Number(v)]))).toEqual({
      makeup_saturday: 1,
      holiday_monday: 0,
      autumn: 3,
      year_2024: 251,
      year_2025: 248,
      year_2026: 248,
    })
  })
})
