import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTempWarehouse } from '../../warehouse/testing'
import { type Cell, wallClock, writeCsv, writeJsonl, writeXlsx } from '../testing/files'
import { loadFile } from './load'
import { listQuarantine, listRuns } from './runs'

/**
 * The `calendar` dataset through the real loader: a load replaces the whole calendar years
 * its file covers (stale days of a corrected notice are gone, other years kept, a re-load
 * loads nothing twice), the working-day index follows every load, and bad rows go to
 * quarantine with their reasons.
 */

const ZH = ['日期', '是否工作日', '说明']
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'etl-calendar-'))
let t: Awaited<ReturnType<typeof openTempWarehouse>>

beforeAll(async () => {
  t = await openTempWarehouse('etl-calendar-')
})
afterAll(async () => {
  await t?.dispose()
  fs.rmSync(dir, { recursive: true, force: true })
})

let n = 0
function csv(rows: Cell[][], headers = ZH, encoding: 'utf-8' | 'gb18030' = 'utf-8'): string {
  const file = path.join(dir, `calendar-${++n}.csv`)
  writeCsv(file, headers, rows, encoding)
  return file
}

const load = (file: string) => loadFile(t.wh, { dataset: 'calendar', file })

/** Every visible calendar row, and every stored row version (a replaced year leaves none behind). */
async function calendar() {
  const visible = await t.wh.rows<{ date: string; is_workday: boolean; note: string | null }>(
    'SELECT toString(date) AS date, is_workday, note FROM calendar FINAL ORDER BY date',
  )
  const [stored] = await t.wh.rows<{ n: string | number }>('SELECT count() AS n FROM calendar')
  return { visible, stored: Number(stored!.n) }
}

/** workdays_between for Shanghai wall-clock pairs. */
async function workdays(...pairs: Array<[string, string]>): Promise<number[]> {
  const rows = await t.wh.rows<{ n: string | number }>(
    `SELECT workdays_between(toDateTime(p.1, 'Asia/Shanghai'), toDateTime(p.2, 'Asia/Shanghai')) AS n
     FROM (SELECT arrayJoin(arrayZip({a:Array(String)}, {b:Array(String)})) AS p)`,
    { a: pairs.map(([a]) => a), b: pairs.map(([, b]) => b) },
  )
  return rows.map((r) => Number(r.n))
}

/** Fri 2023-01-20 → Wed 02-01 (春节) and Thu 2023-09-28 → Mon 10-09 (中秋国庆). */
const SPRING: [string, string] = ['2023-01-20 10:00:00', '2023-02-01 10:00:00']
const AUTUMN: [string, string] = ['2023-09-28 09:00:00', '2023-10-09 09:00:00']
/** Fri 2024-02-09 → Mon 02-19 (春节 2024). */
const SPRING_2024: [string, string] = ['2024-02-09 09:00:00', '2024-02-19 09:00:00']

const NOTICE_2023: Cell[][] = [
  ['2023-01-02', '否', '元旦'],
  ...['23', '24', '25', '26', '27'].map((d) => [`2023-01-${d}`, '否', '春节']),
  ['2023-01-28', '是', '春节调休上班'],
  ['2023-01-29', '是', '春节调休上班'],
  ['2023-09-29', '否', '中秋节、国庆节'],
  ...['02', '03', '04', '05', '06'].map((d) => [`2023-10-${d}`, '否', '中秋节、国庆节']),
  ['2023-10-07', '是', '中秋节、国庆节调休上班'],
  ['2023-10-08', '是', '中秋节、国庆节调休上班'],
]

describe('calendar loads replace whole years', () => {
  it('starts from Monday–Friday alone', async () => {
    expect(await workdays(SPRING, AUTUMN, SPRING_2024)).toEqual([8, 7, 6])
  })

  it('loads a notice, records the run and the working-day index follows it', async () => {
    const before = await listRuns(t.wh, { dataset: 'calendar' })
    const r = await load(csv(NOTICE_2023))
    expect(r).toMatchObject({ status: 'succeeded', accepted: NOTICE_2023.length, rejected: 0 })
    expect(await workdays(SPRING, AUTUMN)).toEqual([5, 3])
    const runs = await listRuns(t.wh, { dataset: 'calendar' })
    expect(runs).toHaveLength(before.length + 1)
    // Rollups' refresh keys read max(finished_at) of succeeded runs: this load moves it.
    expect(runs[0]).toMatchObject({ run_id: r.runId, status: 'succeeded', accepted: NOTICE_2023.length })
    expect(runs[0]!.finished_at).not.toBeNull()
    const { visible, stored } = await calendar()
    expect(visible).toHaveLength(NOTICE_2023.length)
    expect(visible.find((x) => x.date === '2023-01-28')).toEqual({
      date: '2023-01-28',
      is_workday: true,
      note: '春节调休上班',
    })
    expect(stored).toBe(NOTICE_2023.length)
  })

  it('re-loading the same file loads nothing twice', async () => {
    const again = await load(csv(NOTICE_2023))
    expect(again).toMatchObject({ status: 'succeeded', accepted: NOTICE_2023.length })
    const { visible, stored } = await calendar()
    expect(visible).toHaveLength(NOTICE_2023.length)
    expect(stored).toBe(NOTICE_2023.length)
    expect(await workdays(SPRING, AUTUMN)).toEqual([5, 3])
  })

  it('a file with two years replaces both and keeps the year it does not carry', async () => {
    const r = await load(
      csv([
        ['2022-01-03', '否', '元旦'],
        ['2024-02-04', '是', '春节调休上班'],
        ...['12', '13', '14', '15', '16'].map((d) => [`2024-02-${d}`, '否', '春节']),
        ['2024-02-18', '是', '春节调休上班'],
      ]),
    )
    expect(r).toMatchObject({ status: 'succeeded', accepted: 8 })
    // Fri 02-09 → Mon 02-19: 10/11 weekend, 12–16 holiday, 17 Saturday, 18 make-up Sunday, 19.
    expect(await workdays(SPRING_2024, SPRING, AUTUMN)).toEqual([2, 5, 3])
    const years = await t.wh.rows<{ y: number; n: string | number }>(
      'SELECT toYear(date) AS y, count() AS n FROM calendar FINAL GROUP BY y ORDER BY y',
    )
    expect(years.map((x) => [x.y, Number(x.n)])).toEqual([
      [2022, 1],
      [2023, NOTICE_2023.length],
      [2024, 7],
    ])
  })

  it('a corrected notice for a past year removes its stale days and changes the results', async () => {
    // 2023 again, without the 中秋国庆 arrangement and with 01-29 a rest day after all.
    const corrected = NOTICE_2023.filter((r) => !String(r[2]).startsWith('中秋节')).map((r) =>
      r[0] === '2023-01-29' ? ['2023-01-29', '否', '更正'] : r,
    )
    const r = await load(csv(corrected))
    expect(r).toMatchObject({ status: 'succeeded', accepted: corrected.length })
    const { visible, stored } = await calendar()
    const in2023 = visible.filter((x) => x.date.startsWith('2023-'))
    expect(in2023.map((x) => x.date)).toEqual(corrected.map((x) => x[0]))
    expect(visible.some((x) => x.date === '2023-10-02')).toBe(false)
    expect(visible.find((x) => x.date === '2023-01-29')?.is_workday).toBe(false)
    // Only the rows you see are stored: the stale versions are gone, not hidden.
    expect(stored).toBe(visible.length)
    // 2022 and 2024 untouched.
    expect(visible.filter((x) => !x.date.startsWith('2023-'))).toHaveLength(8)
    // 春节: 28 still a make-up day, 29 no longer; 中秋国庆 back to Monday–Friday.
    expect(await workdays(SPRING, AUTUMN, SPRING_2024)).toEqual([4, 7, 2])
  })

  it('reads Chinese aliases from GBK, XLSX date cells and JSON Lines', async () => {
    const gbk = await load(
      csv(
        [
          ['2025-01-01', '否', '元旦'],
          ['2025-01-26', '是', '春节调休上班'],
        ],
        ['日期', '工作日', '备注'],
        'gb18030',
      ),
    )
    expect(gbk).toMatchObject({ status: 'succeeded', accepted: 2, rejected: 0 })
    const xlsx = path.join(dir, 'calendar.xlsx')
    await writeXlsx(xlsx, ZH, [
      [wallClock('2026-01-01 00:00:00'), '否', '元旦'],
      [wallClock('2026-01-04 00:00:00'), '是', '元旦调休上班'],
    ])
    expect(await load(xlsx)).toMatchObject({ status: 'succeeded', accepted: 2, rejected: 0 })
    const jsonl = path.join(dir, 'calendar.jsonl')
    writeJsonl(jsonl, ['date', 'is_workday', 'note'], [['2021-01-01', 'N', '元旦']])
    expect(await load(jsonl)).toMatchObject({ status: 'succeeded', accepted: 1, rejected: 0 })
    const rows = await t.wh.rows<{ date: string; is_workday: boolean; note: string }>(
      `SELECT toString(date) AS date, is_workday, note FROM calendar FINAL
       WHERE toYear(calendar.date) IN (2021, 2025, 2026) ORDER BY date`,
    )
    expect(rows).toEqual([
      { date: '2021-01-01', is_workday: false, note: '元旦' },
      { date: '2025-01-01', is_workday: false, note: '元旦' },
      { date: '2025-01-26', is_workday: true, note: '春节调休上班' },
      { date: '2026-01-01', is_workday: false, note: '元旦' },
      { date: '2026-01-04', is_workday: true, note: '元旦调休上班' },
    ])
    // Sat 2025-01-25 → Sun 01-26, the make-up Sunday.
    expect(await workdays(['2025-01-25 12:00:00', '2025-01-26 12:00:00'])).toEqual([1])
  })

  it('sends bad rows to quarantine with reasons; the good rows of their year still replace it', async () => {
    const r = await load(
      csv([
        ['2024-02-30', '否', '不存在的日期'],
        ['2024-05-01', '也许', '劳动节'],
        ['', '否', '没有日期'],
        ['2024-05-02', '否', '劳动节'],
      ]),
    )
    expect(r).toMatchObject({ status: 'succeeded', accepted: 1, rejected: 3 })
    const q = await listQuarantine(t.wh, { runId: r.runId })
    const reasons = q.map((x) => x.reason).sort()
    expect(reasons).toEqual(
      [
        "日期: '2024-02-30' 不是有效的日期 (is not a date between 1990 and 2099)",
        '日期: 必填项为空 (required value is missing)',
        "是否工作日: '也许' 不是有效的是/否值 (is not yes/no: 是/否, 1/0, true/false, Y/N, 有/无)",
      ].sort(),
    )
    expect(q.find((x) => x.reason.startsWith('是否工作日'))!.raw_row).toContain('2024-05-01')
    const rows2024 = await t.wh.rows<{ date: string }>(
      'SELECT toString(date) AS date FROM calendar FINAL WHERE toYear(calendar.date) = 2024 ORDER BY date',
    )
    expect(rows2024).toEqual([{ date: '2024-05-02' }])
    expect(await workdays(SPRING_2024)).toEqual([6])
  })

  it('a file whose every row is rejected replaces nothing', async () => {
    const r = await load(csv([['2023-13-01', '是', '']]))
    expect(r).toMatchObject({ status: 'succeeded', accepted: 0, rejected: 1 })
    const { visible } = await calendar()
    expect(visible.filter((x) => x.date.startsWith('2023-')).length).toBeGreaterThan(0)
  })

  it('leaves no staging or index tables behind', async () => {
    const left = await t.wh.rows<{ name: string }>(
      `SELECT name FROM system.tables WHERE database = currentDatabase()
       AND (startsWith(name, '_') OR name LIKE '%workday%') ORDER BY name`,
    )
    expect(left.map((x) => x.name)).toEqual(['workday_index'])
  })
})
