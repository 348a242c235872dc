import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Warehouse } from '../../warehouse/client'
import { createSemanticLayer } from '../engine/engine'
import { HAND_CALENDAR, HAND_SQL, HAND_WORKDAYS } from '../testing/hand-sql'
import {
  type FixtureRow,
  LEADER,
  loadRows,
  openTestLayer,
  sameValue,
  type TestLayer,
  yearLabel,
} from '../testing/layer'
import { DEPARTMENTS, insertReferenceData, REGIONS } from '../testing/reference.fixtures'
import { seeded } from '../testing/seeded'

/**
 * The five procedural indicators that count working days, against SQL written straight
 * from shared/DATA-CONTRACT.md (testing/hand-sql.ts, which counts workdays day by day from
 * the calendar table), per year and per department, from the source tables and from the
 * rollups, to 1e-9 — on fixtures loaded through the ETL, the calendar included. Hand-made
 * rows hit the edges (a make-up day, a holiday across the year end, timestamps near
 * midnight, exactly 15 working days); loading a calendar changes values exactly as the
 * contract's rule says.
 */

const VIEWS = {
  evaluation_kpis: ['bad_review_ontime_rectification_rate'],
  completion_kpis: ['application_ontime_rate', 'evaluation_coverage_rate'],
  application_kpis: ['avg_visits'],
  sharing_kpis: ['sharing_response_workdays'],
} as const

type Row = FixtureRow

const day = (date: string, workday: boolean, note: string): Row => ({ date, is_workday: workday, note })

/** 2024 as the State Council's notice has it (the parts the fixtures reach), and New Year 2024. */
const CALENDAR_2024: Row[] = [
  day('2023-12-30', false, '元旦'),
  day('2023-12-31', false, '元旦'),
  day('2024-01-01', false, '元旦'),
  day('2024-02-04', true, '春节调休上班'),
  ...['10', '11', '12', '13', '14', '15', '16', '17'].map((d) => day(`2024-02-${d}`, false, '春节')),
  day('2024-02-18', true, '春节调休上班'),
  day('2024-06-10', false, '端午节'),
  ...['01', '02', '03', '04', '05', '06', '07'].map((d) => day(`2024-10-${d}`, false, '国庆节')),
  day('2024-09-29', true, '国庆节调休上班'),
  day('2024-10-12', true, '国庆节调休上班'),
]

/** A corrected 2024 notice without the 18 February make-up day (the years it covers are replaced whole). */
const CALENDAR_2024_CORRECTED = CALENDAR_2024.filter((r) => r.date !== '2024-02-18')

/** Spring Festival 2025: 28 January – 4 February off, 26 January and 8 February worked. */
const CALENDAR_2025: Row[] = [
  day('2025-01-26', true, '春节调休上班'),
  ...['2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-03', '2025-02-04'].map((d) =>
    day(d, false, '春节'),
  ),
  day('2025-02-08', true, '春节调休上班'),
]

const evaluation = (
  id: string,
  dept: string,
  rating: number,
  at: string,
  rectifiedAt: string | null,
  rectified = rectifiedAt !== null,
  applicationId: string | null = null,
): Row => ({
  evaluation_id: id,
  application_id: applicationId,
  dept_code: dept,
  rating,
  evaluated_at: at,
  rectified,
  rectified_at: rectifiedAt,
})

/** Bad reviews on the edges; the comment gives workdays_between with the 2024 calendar. */
const EDGE_EVALUATIONS: Row[] = [
  evaluation('E_same', 'D1', 1, '2024-03-05 10:00:00', '2024-03-05 18:00:00'), // 0
  evaluation('E_before', 'D1', 2, '2024-05-10 10:00:00', '2024-05-09 10:00:00'), // 0: b before a
  // 9 Feb, the make-up Sunday 18 Feb, 19–23, 26 Feb–1 Mar, 4–7 Mar: 16 (15 without the make-up day)
  evaluation('E_makeup', 'D1', 1, '2024-02-08 10:00:00', '2024-03-07 10:00:00'),
  // 2–5, 8–12, 15–19, 22 January; 30 Dec–1 Jan are off: exactly 15
  evaluation('E_yearend', 'D1', 2, '2023-12-29 16:00:00', '2024-01-22 10:00:00'),
  // Friday 23:59:30 to Monday 00:00:10 three weeks on: 16 in Shanghai (15 on UTC dates)
  evaluation('E_midnight', 'D4', 1, '2024-03-01 23:59:30', '2024-03-25 00:00:10'),
  evaluation('E_unrectified', 'D4', 2, '2024-03-01 10:00:00', null),
  evaluation('E_no_time', 'D4', 2, '2024-03-02 10:00:00', null, true), // rectified, no time: not on time
  evaluation('E_good', 'D4', 4, '2024-03-03 10:00:00', null),
  // 21–24 Jan, 27 Jan–7 Feb, 10–11 Feb: 16 by Monday–Friday, 12 with the 2025 notice
  evaluation('E_spring25', 'D2', 1, '2025-01-20 09:00:00', '2025-02-11 09:00:00'),
]

const application = (
  id: string,
  dept: string,
  region: string,
  submitted: string,
  status: string,
  completed: string | null,
  promised: number | null,
  visits: number | null,
): Row => ({
  application_id: id,
  item_code: 'I1',
  dept_code: dept,
  region_code: region,
  channel: 'window',
  fully_online: false,
  visits,
  submitted_at: submitted,
  completed_at: completed,
  promised_days: promised,
  status,
})

const EDGE_APPLICATIONS: Row[] = [
  application('A_same', 'D2', 'T1', '2024-02-08 09:00:00', 'completed', '2024-02-08 17:00:00', 0, 1), // 0 ≤ 0
  // 9 Feb, make-up 18 Feb, 19 Feb: 3 > 2 (2 without the make-up day)
  application('A_holiday', 'D2', 'T1', '2024-02-08 09:00:00', 'completed', '2024-02-19 10:00:00', 2, 2),
  application(
    'A_no_limit',
    'D2',
    'V11',
    '2024-04-01 09:00:00',
    'completed',
    '2024-04-20 09:00:00',
    null,
    null,
  ),
  application('A_open', 'D3', 'T2', '2024-04-01 09:00:00', 'accepted', null, 5, 3),
  application('A_no_date', 'D3', 'T2', '2024-04-01 10:00:00', 'completed', null, 5, 2), // no completion time
  application('A_withdrawn', 'D3', 'T2', '2024-04-02 09:00:00', 'withdrawn', null, 5, 4),
  // Submitted in 2024, completed in 2025: 1–3 January, 3 ≤ 3 (1 January is not listed, so worked)
  application('A_across', 'D3', 'V21', '2024-12-31 16:00:00', 'completed', '2025-01-03 10:00:00', 3, 0),
  // Friday 23:59 to Tuesday 00:00:30 after the Dragon Boat Monday: 1 (0 on UTC dates)
  application('A_midnight', 'D3', 'T2', '2024-06-07 23:59:00', 'completed', '2024-06-11 00:00:30', 0, 1),
]

/** Ratings that name applications (主动评价) and one from a hall device without one. */
const LINKED_EVALUATIONS: Row[] = [
  evaluation('L1', 'D2', 5, '2024-02-09 10:00:00', null, false, 'A_same'),
  evaluation('L2', 'D2', 4, '2024-02-10 10:00:00', null, false, 'A_same'),
  evaluation('L3', 'D3', 5, '2025-01-04 10:00:00', null, false, 'A_across'),
  evaluation('L4', 'D3', 5, '2024-07-01 10:00:00', null, false, null),
]

const request = (id: string, requester: string, at: string, respondedAt: string | null): Row => ({
  request_id: id,
  requester_dept_code: requester,
  provider_dept_code: 'D2',
  resource_name: '人口基础信息',
  requested_at: at,
  responded_at: respondedAt,
  status: respondedAt ? 'satisfied' : 'pending',
})

const EDGE_REQUESTS: Row[] = [
  request('R_makeup', 'D1', '2024-02-08 10:00:00', '2024-02-19 10:00:00'), // 3
  request('R_midnight', 'D1', '2024-06-07 23:59:00', '2024-06-11 00:00:30'), // 1
  request('R_pending', 'D1', '2024-06-07 10:00:00', null),
  request('R_same', 'D4', '2024-10-12 09:00:00', '2024-10-12 17:00:00'), // 0
]

/** Seeded fixtures, so a failure reproduces. */
function random(seed: number) {
  const { next, pick } = seeded(seed)
  const local = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ')
  /** A Shanghai wall-clock time in 2021..2025 (as UTC fields) and one up to `days` later. */
  const span = (days: number): [string, string] => {
    const at = Date.UTC(2021, 0, 1) + next() * 1826 * 86_400_000
    return [local(at), local(at + next() * days * 86_400_000)]
  }
  return { next, pick, span }
}

const r = random(20_240_218)
const DEPTS = DEPARTMENTS.map((d) => d.dept_code)
const PLACES = REGIONS.map((x) => x.region_code)
const RANDOM_APPLICATIONS: Row[] = Array.from({ length: 300 }, (_, i) => {
  const [at, done] = r.span(30)
  const status = r.pick(['completed', 'completed', 'completed', 'accepted', 'withdrawn'])
  return application(
    `RA${i}`,
    r.pick(DEPTS),
    r.pick(PLACES),
    at,
    status,
    status === 'completed' ? done : null,
    r.next() < 0.85 ? r.pick([0, 1, 3, 5, 10, 15]) : null,
    r.next() < 0.9 ? r.pick([0, 0, 1, 1, 2, 3]) : null,
  )
})
const RANDOM_EVALUATIONS: Row[] = Array.from({ length: 300 }, (_, i) => {
  const [at, fixed] = r.span(35)
  const rated = r.pick(RANDOM_APPLICATIONS)
  return evaluation(
    `RE${i}`,
    r.pick(DEPTS),
    r.pick([1, 2, 2, 3, 5]),
    at,
    r.next() < 0.8 ? fixed : null,
    undefined,
    r.next() < 0.6 && rated.status === 'completed' ? String(rated.application_id) : null,
  )
})
const RANDOM_REQUESTS: Row[] = Array.from({ length: 200 }, (_, i) => {
  const [at, answered] = r.span(20)
  return request(`RR${i}`, r.pick(DEPTS), at, r.next() < 0.85 ? answered : null)
})

type HandRow = Record<string, unknown> & { y: number; d: string }

/** Every value of the five by year × department: hand SQL against the engine, source tables and rollups. */
async function expectHandSql(t: TestLayer): Promise<Map<string, HandRow[]>> {
  const hands = new Map<string, HandRow[]>()
  for (const [view, ids] of Object.entries(VIEWS)) {
    const hand = (await t.wh.rows<HandRow>(HAND_SQL[view]!)).map((h): HandRow => ({ ...h, y: Number(h.y) }))
    hands.set(view, hand)
    const query = {
      measures: ids.map((id) => `${view}.${id}`),
      dimensions: [`${view}.dept_code`],
      timeDimensions: [
        {
          dimension: `${view}.date`,
          granularity: 'year' as const,
          dateRange: ['2021-01-01', '2025-12-31'] as [string, string],
        },
      ],
      limit: 10_000,
    }
    for (const usePreAggregations of [false, true]) {
      const res = await t.sl.load(query, LEADER, { usePreAggregations })
      expect(res.usedPreAggregations.length > 0, view).toBe(usePreAggregations)
      const problems: string[] = []
      const key = (y: unknown, d: unknown) => `${y}|${d}`
      const got = new Map(res.data.map((x) => [key(x[`${view}.date.year`], x[`${view}.dept_code`]), x]))
      for (const h of hand) {
        const row = got.get(key(yearLabel(h.y), h.d))
        got.delete(key(yearLabel(h.y), h.d))
        for (const id of ids) {
          const want = h[id] === null ? null : Number(h[id])
          const value = row?.[`${view}.${id}`] ?? null
          if (!sameValue(value, want)) problems.push(`${h.y} ${h.d} ${id}: got ${value}, expected ${want}`)
        }
      }
      // A group the contract's base does not have (withdrawn applications only) has no value.
      for (const [k, row] of got)
        for (const id of ids)
          if (row[`${view}.${id}`] !== null)
            problems.push(`${k} ${id}: ${row[`${view}.${id}`]}, not in the base`)
      expect(problems, `${view} ${usePreAggregations ? 'rollups' : 'source tables'}`).toEqual([])
    }
  }
  return hands
}

const handValue = (hands: Map<string, HandRow[]>, view: string, id: string, y: number, d: string) => {
  const v = hands.get(view)!.find((h) => h.y === y && h.d === d)?.[id]
  return v === null || v === undefined ? null : Number(v)
}

/** On-time and all bad reviews among the given ratings (from the source table: the rollups have no ids). */
async function ontimeBadReviews(t: TestLayer, ids: string[]): Promise<{ ontime: number; bad: number }> {
  const { data } = await t.sl.load(
    {
      measures: ['evaluation_kpis.ontime_rectified_bad_reviews', 'evaluation_kpis.bad_reviews'],
      filters: [{ member: 'evaluation_kpis.evaluation_id', operator: 'equals', values: ids }],
    },
    LEADER,
  )
  return {
    ontime: Number(data[0]?.['evaluation_kpis.ontime_rectified_bad_reviews'] ?? 0),
    bad: Number(data[0]?.['evaluation_kpis.bad_reviews'] ?? 0),
  }
}

/** Loads a calendar file through the ETL, and refreshes as the app does after a load. */
async function loadCalendar(t: TestLayer, rows: Row[]): Promise<void> {
  await loadRows(t.wh, 'calendar', rows)
  t.sl.invalidate()
  await t.sl.refreshPreAggregations()
}

/** The rollups' refresh key (the newest succeeded load run, as every refresh_key reads it). */
const refreshKey = async (wh: Warehouse) =>
  (
    await wh.rows<{ k: string }>(
      "SELECT ifNull(toString(max(finished_at)), '') AS k FROM load_runs FINAL WHERE status = 'succeeded'",
    )
  )[0]!.k

describe('working-day indicators', () => {
  let t: TestLayer
  beforeAll(async () => {
    t = await openTestLayer()
    await insertReferenceData(t.wh)
    await loadRows(t.wh, 'calendar', CALENDAR_2024)
    await loadRows(t.wh, 'service_applications', [...EDGE_APPLICATIONS, ...RANDOM_APPLICATIONS])
    await loadRows(t.wh, 'evaluations', [...EDGE_EVALUATIONS, ...LINKED_EVALUATIONS, ...RANDOM_EVALUATIONS])
    await loadRows(t.wh, 'sharing_requests', [...EDGE_REQUESTS, ...RANDOM_REQUESTS])
    await t.sl.refreshPreAggregations()
  }, 180_000)
  afterAll(() => t.dispose())

  it('equal the contract per year and department, at the edges, from source tables and rollups', async () => {
    await expectHandSql(t)
    // The hand-made rows, counted by hand: E_same, E_before (0) and E_yearend (exactly 15) are
    // on time; E_makeup (16), E_midnight (16 in Shanghai), E_unrectified and E_no_time are not.
    expect(await ontimeBadReviews(t, ['E_same', 'E_before', 'E_yearend'])).toEqual({ ontime: 3, bad: 3 })
    expect(
      await ontimeBadReviews(t, ['E_makeup', 'E_midnight', 'E_unrectified', 'E_no_time', 'E_good']),
    ).toEqual({ ontime: 0, bad: 4 })
    // Applications: A_same (0 ≤ 0) on time, A_holiday (3 > 2) late, A_midnight (1 > 0) late.
    const apps = await t.sl.load(
      {
        measures: [
          'completion_kpis.ontime_completions',
          'completion_kpis.completions_with_promise',
          'completion_kpis.evaluated_completions',
          'completion_kpis.completions',
        ],
        filters: [
          {
            member: 'completion_kpis.application_id',
            operator: 'equals',
            values: ['A_same', 'A_holiday', 'A_midnight', 'A_no_limit', 'A_across', 'A_open', 'A_no_date'],
          },
        ],
      },
      LEADER,
    )
    // A_open is not completed, A_no_date has no completion time (neither in any period);
    // A_no_limit has no promised limit; A_same (two ratings) and A_across are rated.
    expect(apps.data[0]).toMatchObject({
      'completion_kpis.ontime_completions': 2,
      'completion_kpis.completions_with_promise': 4,
      'completion_kpis.evaluated_completions': 2,
      'completion_kpis.completions': 5,
    })
    // Sharing: R_makeup 3, R_midnight 1 → D1's mean over its answered 2024 edge requests.
    const wd = await t.wh.rows<{ w: number }>(
      `SELECT workdays_between(requested_at, responded_at) AS w FROM sharing_requests FINAL
       WHERE request_id IN ('R_makeup', 'R_midnight', 'R_same') ORDER BY request_id`,
    )
    expect(wd.map((x) => Number(x.w))).toEqual([3, 1, 0])
  }, 180_000)

  it('a calendar load changes the values exactly as the working-day rule says, rollups included', async () => {
    const key = await refreshKey(t.wh)
    const workdays = async (id: string) =>
      Number(
        (
          await t.wh.rows<{ w: number }>(
            `${HAND_CALENDAR} SELECT ${HAND_WORKDAYS('evaluated_at', 'rectified_at')} AS w
             FROM evaluations FINAL WHERE evaluation_id = {id:String}`,
            { id },
          )
        )[0]!.w,
      )
    expect(await workdays('E_spring25')).toBe(16)
    expect(await ontimeBadReviews(t, ['E_spring25'])).toEqual({ ontime: 0, bad: 1 })

    // The 2025 notice: E_spring25 takes 12 working days, on time now.
    await loadCalendar(t, CALENDAR_2025)
    const runs = await t.wh.rows<{ n: string }>(
      "SELECT count() AS n FROM load_runs FINAL WHERE dataset = 'calendar' AND status = 'succeeded'",
    )
    expect(Number(runs[0]!.n)).toBe(2)
    // A calendar load is a succeeded load run: every rollup's refresh key moves with it.
    expect(await refreshKey(t.wh)).not.toBe(key)
    expect(await workdays('E_spring25')).toBe(12)
    expect(await ontimeBadReviews(t, ['E_spring25'])).toEqual({ ontime: 1, bad: 1 })
    const after2025 = await expectHandSql(t)
    const rate = (h: Map<string, HandRow[]>, y: number, d: string) =>
      handValue(h, 'evaluation_kpis', 'bad_review_ontime_rectification_rate', y, d)

    // A corrected 2024 notice without the 18 February make-up day replaces 2024 whole:
    // E_makeup (16 → 15) and A_holiday (3 → 2) are on time now.
    await loadCalendar(t, CALENDAR_2024_CORRECTED)
    const corrected = await expectHandSql(t)
    expect(await ontimeBadReviews(t, ['E_makeup'])).toEqual({ ontime: 1, bad: 1 })
    // Only make-up days went: values can only rise, and these two rows make them.
    const d2 = (h: Map<string, HandRow[]>) =>
      handValue(h, 'completion_kpis', 'application_ontime_rate', 2024, 'D2')
    expect(d2(corrected)).toBeGreaterThan(d2(after2025)!)
    expect(rate(corrected, 2024, 'D1')).toBeGreaterThan(rate(after2025, 2024, 'D1')!)
  }, 240_000)

  it("counts to the plan's rule: another limit compiles another model and builds other rollups", async () => {
    const limit = 14
    const other = createSemanticLayer({
      warehouse: t.wh.config,
      planRules: { bad_review_rectification_workdays: limit },
    })
    try {
      const hand = await t.wh.rows<{ y: number; d: string; v: number | null }>(
        `${HAND_CALENDAR}
         SELECT toYear(evaluated_at) AS y, toString(dept_code) AS d,
           countIf(rating <= 2 AND rectified AND rectified_at IS NOT NULL
             AND ${HAND_WORKDAYS('evaluated_at', 'rectified_at')} <= ${limit}) / nullIf(countIf(rating <= 2), 0) AS v
         FROM evaluations FINAL GROUP BY y, d`,
      )
      const query = {
        measures: ['evaluation_kpis.bad_review_ontime_rectification_rate'],
        dimensions: ['evaluation_kpis.dept_code'],
        timeDimensions: [
          {
            dimension: 'evaluation_kpis.date',
            granularity: 'year' as const,
            dateRange: ['2021-01-01', '2025-12-31'] as [string, string],
          },
        ],
      }
      const fifteen = await t.sl.load(query, LEADER)
      for (const usePreAggregations of [false, true]) {
        const res = await other.load(query, LEADER, { usePreAggregations })
        expect(res.usedPreAggregations.length > 0).toBe(usePreAggregations)
        // Cube names a rollup's table by its SQL: the 15-day rollups are not read for 14.
        const d1 = (x: typeof res) =>
          x.data.find(
            (row) =>
              row['evaluation_kpis.date.year'] === yearLabel(2023) &&
              row['evaluation_kpis.dept_code'] === 'D1',
          )?.['evaluation_kpis.bad_review_ontime_rectification_rate']
        expect(d1(res)).not.toBe(d1(fifteen))
        for (const h of hand) {
          const row = res.data.find(
            (x) =>
              x['evaluation_kpis.date.year'] === yearLabel(Number(h.y)) &&
              x['evaluation_kpis.dept_code'] === h.d,
          )
          const want = h.v === null ? null : Number(h.v)
          expect(
            sameValue(row?.['evaluation_kpis.bad_review_ontime_rectification_rate'] ?? null, want),
            `${h.y} ${h.d}`,
          ).toBe(true)
        }
      }
      // E_yearend (exactly 15 working days) is on time at 15 and late at 14.
      const yearend = {
        measures: ['evaluation_kpis.ontime_rectified_bad_reviews'],
        filters: [
          { member: 'evaluation_kpis.evaluation_id', operator: 'equals' as const, values: ['E_yearend'] },
        ],
      }
      expect(
        (await t.sl.load(yearend, LEADER)).data[0]!['evaluation_kpis.ontime_rectified_bad_reviews'],
      ).toBe(1)
      expect(
        (await other.load(yearend, LEADER)).data[0]!['evaluation_kpis.ontime_rectified_bad_reviews'],
      ).toBe(0)
      const meta = await other.meta()
      const measure = meta
        .find((v) => v.name === 'evaluation_kpis')!
        .measures.find((m) => m.name === 'evaluation_kpis.bad_review_ontime_rectification_rate')!
      expect(JSON.stringify(measure)).toContain(`${limit} 个工作日`)
    } finally {
      await other.close()
    }
  }, 180_000)
})
