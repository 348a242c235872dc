import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrate } from './migrate'
import { openTempWarehouse } from './testing'
import {
  missingCalendarMessage,
  missingCalendarYears,
  rebuildWorkdayIndex,
  WORKDAY_INDEX,
  workdaysFunctionSql,
} from './workdays'

/**
 * workdays_between() in the real engine against a plain reference written straight from
 * shared/DATA-CONTRACT.md ("Working days"), on a calendar written into the table directly
 * (loading it through the ETL is etl/load/calendar.test.ts).
 */

/** Listed days: the 2023 notice around the cases below, plus the 2022 元旦 and 2024 春节 days. */
const LISTED: Array<[date: string, workday: boolean]> = [
  ['2022-01-03', false],
  ['2023-01-02', false],
  ['2023-01-23', false],
  ['2023-01-24', false],
  ['2023-01-25', false],
  ['2023-01-26', false],
  ['2023-01-27', false],
  ['2023-01-28', true],
  ['2023-01-29', true],
  ['2023-04-05', false],
  ['2023-04-23', true],
  ['2023-05-01', false],
  ['2023-05-02', false],
  ['2023-05-03', false],
  ['2023-05-06', true],
  ['2023-09-29', false],
  ['2023-10-02', false],
  ['2023-10-03', false],
  ['2023-10-04', false],
  ['2023-10-05', false],
  ['2023-10-06', false],
  ['2023-10-07', true],
  ['2023-10-08', true],
  ['2024-02-04', true],
  ['2024-02-12', false],
  ['2024-02-13', false],
  ['2024-02-14', false],
  ['2024-02-15', false],
  ['2024-02-16', false],
  ['2024-02-18', true],
]

// ---- the reference: the contract's words, one day at a time ----

const DAY_MS = 86_400_000
const SHANGHAI_OFFSET_MS = 8 * 3_600_000 // Asia/Shanghai has no daylight saving

/** The Asia/Shanghai calendar date of an instant, as days since 1970-01-01. */
const shanghaiDay = (instant: Date) => Math.floor((instant.getTime() + SHANGHAI_OFFSET_MS) / DAY_MS)
const isoDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10)

/** "A listed date is a workday or a rest day as its row says; an unlisted date is a workday Monday–Friday." */
function isWorkday(day: number, listed: Map<string, boolean>): boolean {
  const row = listed.get(isoDay(day))
  if (row !== undefined) return row
  const weekday = new Date(day * DAY_MS).getUTCDay() // 0 = Sunday
  return weekday >= 1 && weekday <= 5
}

/** "The number of workdays d with date(a) < d ≤ date(b), dates taken in Asia/Shanghai." */
function referenceWorkdaysBetween(a: Date, b: Date, listed: Map<string, boolean>): number {
  let n = 0
  for (let d = shanghaiDay(a) + 1; d <= shanghaiDay(b); d++) if (isWorkday(d, listed)) n++
  return n
}

const LISTED_MAP = new Map(LISTED)
/** A wall-clock time in Asia/Shanghai. */
const sh = (s: string) => new Date(`${s.replace(' ', 'T')}+08:00`)
/** An instant written in UTC. */
const utc = (s: string) => new Date(`${s.replace(' ', 'T')}Z`)
const epochSeconds = (d: Date) => Math.floor(d.getTime() / 1000)

let t: Awaited<ReturnType<typeof openTempWarehouse>>

async function writeCalendar(rows: Array<[string, boolean]>) {
  await t.wh.command('TRUNCATE TABLE calendar')
  if (rows.length) {
    await t.wh.insert(
      'calendar',
      rows.map(([date, is_workday]) => ({ date, is_workday, _version: 1, _run_id: 'test' })),
    )
  }
  await rebuildWorkdayIndex(t.wh)
}

/** The engine's answer for each pair of instants, passed as UTC epoch seconds. */
async function engine(pairs: Array<[Date, Date]>): Promise<number[]> {
  const rows = await t.wh.rows<{ n: number | string }>(
    `SELECT workdays_between(toDateTime(a, 'UTC'), toDateTime(b, 'UTC')) AS n
     FROM (SELECT arrayJoin(arrayZip({a:Array(UInt32)}, {b:Array(UInt32)})) AS p, p.1 AS a, p.2 AS b)`,
    { a: pairs.map(([a]) => epochSeconds(a)), b: pairs.map(([, b]) => epochSeconds(b)) },
  )
  return rows.map((r) => Number(r.n))
}

beforeAll(async () => {
  t = await openTempWarehouse('workdays-')
  await writeCalendar(LISTED)
})
afterAll(async () => {
  await t?.dispose()
})

describe('workdays_between(a, b) = workdays d with date(a) < d ≤ date(b), Asia/Shanghai', () => {
  const cases: Array<[label: string, a: Date, b: Date, expected: number]> = [
    ['same instant', sh('2023-03-01 09:00:00'), sh('2023-03-01 09:00:00'), 0],
    ['same day, morning to night', sh('2023-03-01 00:00:00'), sh('2023-03-01 23:59:59'), 0],
    ['b before a', sh('2023-03-10 09:00:00'), sh('2023-03-01 09:00:00'), 0],
    ['b on a weekday after a', sh('2023-03-01 18:00:00'), sh('2023-03-02 08:00:00'), 1],
    ['a plain week (Mon → next Mon)', sh('2023-03-06 09:00:00'), sh('2023-03-13 09:00:00'), 5],
    // Fri 01-20 → Wed 02-01: 01-21/22 weekend, 23–27 holiday, 28/29 make-up workdays, 30, 31, 02-01.
    [
      '春节 2023 with the make-up weekend, across a month end',
      sh('2023-01-20 10:00:00'),
      sh('2023-02-01 10:00:00'),
      5,
    ],
    ['the make-up Saturday 2023-01-28 counts', sh('2023-01-27 12:00:00'), sh('2023-01-28 12:00:00'), 1],
    ['the make-up Sunday 2023-01-29 counts', sh('2023-01-28 12:00:00'), sh('2023-01-29 12:00:00'), 1],
    ['an ordinary Saturday does not', sh('2023-03-03 12:00:00'), sh('2023-03-04 12:00:00'), 0],
    ['the holiday Monday 2023-10-02 does not count', sh('2023-10-01 09:00:00'), sh('2023-10-02 09:00:00'), 0],
    // Thu 09-28 → Mon 10-09: 09-29 holiday, 09-30/10-01 weekend, 10-02…06 holiday, 10-07/08 make-up, 10-09.
    ['中秋国庆 2023 across a month end', sh('2023-09-28 09:00:00'), sh('2023-10-09 09:00:00'), 3],
    // Fri 2022-12-30 → Tue 2023-01-03: 12-31/01-01 weekend, 01-02 holiday, 01-03.
    ['元旦 across a year end', sh('2022-12-30 17:00:00'), sh('2023-01-03 09:00:00'), 1],
    [
      '元旦 2022-12-31 … 2023-01-02 holds no workday',
      sh('2022-12-31 00:00:00'),
      sh('2023-01-02 23:59:59'),
      0,
    ],
    // 2023-01-27T16:30Z is 00:30 on Saturday 01-28 in Shanghai (the make-up workday).
    [
      'near midnight: UTC evening is the next Shanghai day',
      utc('2023-01-27 16:30:00'),
      utc('2023-01-28 15:59:59'),
      0,
    ],
    [
      'near midnight: crossing Shanghai midnight counts the day',
      utc('2023-01-27 15:30:00'),
      utc('2023-01-27 16:30:00'),
      1,
    ],
    ['near midnight: 23:59:59 → 00:00:00 Shanghai', sh('2023-03-01 23:59:59'), sh('2023-03-02 00:00:00'), 1],
    // 260 weekdays, 16 of them listed as rest days, 6 listed weekend workdays.
    ['a year', sh('2023-01-01 00:00:00'), sh('2023-12-31 12:00:00'), 250],
  ]

  it('the reference agrees with the hand-counted cases', () => {
    for (const [label, a, b, expected] of cases)
      expect(referenceWorkdaysBetween(a, b, LISTED_MAP), label).toBe(expected)
  })

  it('the engine agrees with the reference on each case', async () => {
    const got = await engine(cases.map(([, a, b]) => [a, b]))
    cases.forEach(([label, , , expected], i) => {
      expect(got[i], label).toBe(expected)
    })
  })

  it('agrees with the reference on 3,000 random pairs across five years', async () => {
    let seed = 20_230_128
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
      return seed / 2 ** 31
    }
    const from = sh('2021-06-01 00:00:00').getTime()
    const span = 5 * 365 * DAY_MS
    const pairs: Array<[Date, Date]> = Array.from({ length: 3000 }, () => {
      const a = new Date(from + Math.floor((random() * span) / 1000) * 1000)
      // Mostly forward within 60 days, sometimes backward or far apart.
      const step = random() < 0.8 ? random() * 60 * DAY_MS : (random() - 0.5) * 2 * 400 * DAY_MS
      return [a, new Date(a.getTime() + Math.floor(step / 1000) * 1000)]
    })
    const got = await engine(pairs)
    const expected = pairs.map(([a, b]) => referenceWorkdaysBetween(a, b, LISTED_MAP))
    const wrong = pairs.flatMap(([a, b], i) =>
      got[i] === expected[i] ? [] : [`${a.toISOString()} → ${b.toISOString()}: ${got[i]} ≠ ${expected[i]}`],
    )
    expect(wrong).toEqual([])
    expect(new Set(expected).size).toBeGreaterThan(30)
  })

  it('takes Date, DateTime in any zone, DateTime64 and Nullable; NULL in, NULL out', async () => {
    const [r] = await t.wh.rows<Record<string, unknown>>(
      `SELECT
         workdays_between(toDate('2023-01-27'), toDate('2023-01-30')) AS dates,
         workdays_between(toDateTime('2023-01-27 23:30:00', 'Asia/Shanghai'), toDateTime('2023-01-28 00:30:00', 'Asia/Shanghai')) AS shanghai,
         workdays_between(toDateTime('2023-01-27 15:30:00', 'UTC'), toDateTime('2023-01-27 16:30:00', 'UTC')) AS utc,
         workdays_between(toDateTime64('2023-01-27 15:30:00.250', 3, 'UTC'), toDateTime64('2023-01-27 16:30:00.750', 3, 'UTC')) AS dt64,
         workdays_between(toDateTime('2023-01-27 09:00:00', 'America/New_York'), toDateTime('2023-01-27 12:00:00', 'America/New_York')) AS new_york,
         workdays_between(CAST(NULL AS Nullable(DateTime('Asia/Shanghai'))), toDateTime('2023-01-30 10:00:00', 'Asia/Shanghai')) AS null_a,
         workdays_between(toDateTime('2023-01-27 10:00:00', 'Asia/Shanghai'), CAST(NULL AS Nullable(DateTime('Asia/Shanghai')))) AS null_b,
         workdays_between(CAST(toDateTime('2023-01-27 10:00:00', 'Asia/Shanghai') AS Nullable(DateTime('Asia/Shanghai'))),
                          CAST(toDateTime('2023-01-30 10:00:00', 'Asia/Shanghai') AS Nullable(DateTime('Asia/Shanghai')))) AS nullable`,
    )
    // New York 09:00 → 12:00 on 01-27 is 22:00 (01-27) → 01:00 (01-28, the make-up Saturday) in Shanghai.
    expect(r).toEqual({
      dates: 3,
      shanghai: 1,
      utc: 1,
      dt64: 1,
      new_york: 1,
      null_a: null,
      null_b: null,
      nullable: 3,
    })
  })

  it('returns NULL only for the rows with a missing end, inside a scan', async () => {
    const rows = await t.wh.rows<{ id: number; n: number | null }>(
      `SELECT number AS id, workdays_between(start, finish) AS n FROM (
         SELECT number, toDateTime('2023-01-20 10:00:00', 'Asia/Shanghai') AS start,
           if(number % 2 = 0, NULL, CAST(toDateTime('2023-02-01 10:00:00', 'Asia/Shanghai') AS Nullable(DateTime('Asia/Shanghai')))) AS finish
         FROM numbers(4)) ORDER BY id`,
    )
    expect(rows.map((r) => r.n)).toEqual([null, 5, null, 5])
  })

  it('covers every day a Date holds, 1970-01-01 … 2149-06-06', async () => {
    const [r] = await t.wh.rows<{ n: string | number; days: string | number }>(
      `SELECT workdays_between(toDate(0), toDate(65535)) AS n, (SELECT count() FROM ${WORKDAY_INDEX}) AS days`,
    )
    expect(Number(r!.days)).toBe(65_536)
    const first = new Date(0)
    const last = new Date(65_535 * DAY_MS)
    expect(Number(r!.n)).toBe(referenceWorkdaysBetween(first, last, LISTED_MAP))
  })
})

describe('the index follows the calendar', () => {
  it('a rebuilt index answers for the new calendar, and without one weekdays alone count', async () => {
    const span: [Date, Date] = [sh('2023-01-20 10:00:00'), sh('2023-02-01 10:00:00')]
    expect(await engine([span])).toEqual([5])
    await writeCalendar([])
    expect(await engine([span])).toEqual([referenceWorkdaysBetween(...span, new Map())])
    expect(await engine([span])).toEqual([8])
    await writeCalendar(LISTED)
    expect(await engine([span])).toEqual([5])
  })

  it('migrating again keeps the function and rebuilds the index from the calendar', async () => {
    await t.wh.command(`TRUNCATE TABLE ${WORKDAY_INDEX}`)
    expect(await engine([[sh('2023-01-20 10:00:00'), sh('2023-02-01 10:00:00')]])).toEqual([0])
    await migrate(t.wh)
    expect(await engine([[sh('2023-01-20 10:00:00'), sh('2023-02-01 10:00:00')]])).toEqual([5])
    const leftovers = await t.wh.rows<{ name: string }>(
      "SELECT name FROM system.tables WHERE database = currentDatabase() AND name LIKE '%workday_index%'",
    )
    expect(leftovers.map((x) => x.name)).toEqual([WORKDAY_INDEX])
  })

  it('renders the function and the index ON CLUSTER in cluster mode', () => {
    expect(workdaysFunctionSql('c1')).toMatch(
      /^CREATE OR REPLACE FUNCTION workdays_between ON CLUSTER c1 AS \(a, b\) ->/,
    )
    expect(workdaysFunctionSql()).not.toContain('ON CLUSTER')
  })
})

describe('calendar coverage of the previous and the current year (Asia/Shanghai)', () => {
  it('names the years without calendar rows, by the Shanghai year of now', async () => {
    // LISTED has rows in 2022, 2023 and 2024.
    expect(await missingCalendarYears(t.wh, sh('2024-06-01 12:00:00'))).toEqual([])
    expect(await missingCalendarYears(t.wh, sh('2025-06-01 12:00:00'))).toEqual([2025])
    expect(await missingCalendarYears(t.wh, sh('2027-01-01 00:30:00'))).toEqual([2026, 2027])
    // 2024-12-31T16:30Z is already 2025 in Shanghai; 15:30Z is still 2024.
    expect(await missingCalendarYears(t.wh, utc('2024-12-31 16:30:00'))).toEqual([2025])
    expect(await missingCalendarYears(t.wh, utc('2024-12-31 15:30:00'))).toEqual([])
    expect(missingCalendarMessage([2026, 2027])).toMatch(
      /^工作日历缺少 2026、2027 年：按周一至周五计算工作日，节假日与调休不准确。请导入国务院办公厅公布的放假安排。/,
    )
  })
})
