import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  insertRows,
  LEADER,
  loadBothWays,
  openTestLayer,
  rate,
  sameValue,
  type TestLayer,
  yearLabel,
} from '../testing/layer'
import { insertReferenceData, regionOfDept, townOf } from '../testing/reference.fixtures'

type Item = {
  item_code: string
  item_name: string
  dept_code: string
  online_available: boolean
  fully_online: boolean
  max_one_visit: boolean
  online_booking: boolean
  mobile_available: boolean
  hall_item: boolean
  snapshot_date: string
}

/** flags: o online, f fully online, v max one visit, m mobile, h hall item, b online booking. */
const item = (code: string, dept: string, date: string, flags: string): Item => ({
  item_code: code,
  item_name: `事项${code}`,
  dept_code: dept,
  online_available: flags.includes('o'),
  fully_online: flags.includes('f'),
  max_one_visit: flags.includes('v'),
  mobile_available: flags.includes('m'),
  hall_item: flags.includes('h'),
  online_booking: flags.includes('b'),
  snapshot_date: date,
})

const SNAPSHOTS: Item[] = [
  // D1: two snapshots in June 2022 (the later one wins), I2 abolished by the 2023-12-31 snapshot.
  item('I1', 'D1', '2021-03-01', 'h'),
  item('I2', 'D1', '2021-03-01', 'ovhb'),
  item('I1', 'D1', '2022-06-10', 'oh'),
  item('I2', 'D1', '2022-06-10', 'ovhb'),
  item('I3', 'D1', '2022-06-10', 'ofvm'),
  item('I1', 'D1', '2022-06-25', 'ofhb'),
  item('I2', 'D1', '2022-06-25', 'ovh'),
  item('I3', 'D1', '2022-06-25', 'ofvm'),
  item('I1', 'D1', '2023-12-31', 'ofvhb'),
  item('I3', 'D1', '2023-12-31', 'ofvm'),
  // D2: one snapshot, carried forward, until I5 moves to D3 in March 2025.
  item('I4', 'D2', '2022-01-01', 'h'),
  item('I5', 'D2', '2022-01-01', 'om'),
  item('I4', 'D2', '2025-03-01', 'ohb'),
  // D3: first listed on the last day of 2024.
  item('I6', 'D3', '2024-12-31', 'ofvmhb'),
  item('I6', 'D3', '2025-03-15', 'ofvmhb'),
  item('I5', 'D3', '2025-03-15', 'ofm'),
]

/** The catalogue in force at `periodEnd`: per department, its latest snapshot on or before it. */
function catalogueAt(periodEnd: string): Item[] {
  const depts = [...new Set(SNAPSHOTS.map((s) => s.dept_code))]
  return depts.flatMap((dept) => {
    const dates = SNAPSHOTS.filter((s) => s.dept_code === dept && s.snapshot_date <= periodEnd).map(
      (s) => s.snapshot_date,
    )
    if (dates.length === 0) return []
    const latest = dates.sort().at(-1)
    return SNAPSHOTS.filter((s) => s.dept_code === dept && s.snapshot_date === latest)
  })
}

const count = (rows: Item[], f: (r: Item) => boolean) => rows.filter(f).length
const MEASURES: Record<string, (rows: Item[]) => number | null> = {
  online_availability_rate: (rs) =>
    rate(
      count(rs, (r) => r.online_available),
      rs.length,
    ),
  item_full_online_rate: (rs) =>
    rate(
      count(rs, (r) => r.fully_online),
      rs.length,
    ),
  max_one_visit_rate: (rs) =>
    rate(
      count(rs, (r) => r.max_one_visit),
      rs.length,
    ),
  mobile_availability_rate: (rs) =>
    rate(
      count(rs, (r) => r.mobile_available),
      rs.length,
    ),
  online_booking_rate: (rs) =>
    rate(
      count(rs, (r) => r.hall_item && r.online_booking),
      count(rs, (r) => r.hall_item),
    ),
  items: (rs) => rs.length,
  hall_items: (rs) => count(rs, (r) => r.hall_item),
}
const DIMENSIONS: Record<string, (r: Item) => string | null> = {
  dept_code: (r) => r.dept_code,
  region_code: (r) => regionOfDept(r.dept_code),
  town_code: (r) => townOf(regionOfDept(r.dept_code)),
}
const member = (m: string) => `item_kpis.${m}`

/** Expected result rows: one group per period end (label) and dimension values. */
function expectedRows(
  periods: [label: string | null, end: string][],
  dims: string[],
  keep = (_: Item) => true,
) {
  return periods.flatMap(([label, end]) => {
    const groups = new Map<string, Item[]>()
    for (const r of catalogueAt(end).filter(keep)) {
      const key = JSON.stringify([label, ...dims.map((d) => DIMENSIONS[d]!(r))])
      groups.set(key, [...(groups.get(key) ?? []), r])
    }
    return [...groups.entries()]
  })
}

async function expectItems(
  t: TestLayer,
  query: {
    granularity?: 'year' | 'month'
    dateRange?: [string, string]
    dimensions?: string[]
    filters?: object[]
  },
  expected: [string, Item[]][],
) {
  const dims = query.dimensions ?? []
  const { raw, pre } = await loadBothWays(t.sl, {
    measures: Object.keys(MEASURES).map(member),
    dimensions: dims.map(member),
    timeDimensions: query.dateRange
      ? [
          {
            dimension: member('date'),
            dateRange: query.dateRange,
            ...(query.granularity ? { granularity: query.granularity } : {}),
          },
        ]
      : [],
    filters: (query.filters ?? []) as never,
  })
  expect(pre.usedPreAggregations).toEqual(['cube_pre_aggregations.service_items_month_states'])
  const want = [...expected].sort(([a], [b]) => a.localeCompare(b))
  for (const result of [raw, pre]) {
    const timeKey = query.granularity ? `${member('date')}.${query.granularity}` : undefined
    const got = result.data
      .map(
        (row) =>
          [JSON.stringify([timeKey ? row[timeKey] : null, ...dims.map((d) => row[member(d)])]), row] as const,
      )
      .sort(([a], [b]) => a.localeCompare(b))
    expect(got.map(([k]) => k)).toEqual(want.map(([k]) => k))
    const mismatches = got.flatMap(([key, row], i) =>
      Object.entries(MEASURES).flatMap(([name, fn]) => {
        const value = fn(want[i]![1])
        return sameValue(row[member(name)], value)
          ? []
          : [`${key} ${name}: got ${row[member(name)]}, expected ${value}`]
      }),
    )
    expect(mismatches).toEqual([])
  }
  return { raw, pre }
}

const YEARS: [string, string][] = [2021, 2022, 2023, 2024, 2025].map((y) => [yearLabel(y), `${y}-12-31`])

describe('item indicators: the latest snapshot on or before the period end', () => {
  let t: TestLayer
  beforeAll(async () => {
    t = await openTestLayer()
    await insertReferenceData(t.wh)
    await insertRows(t.wh, 'service_items', SNAPSHOTS)
    // A row loaded and then withdrawn by a tombstone is not part of any snapshot.
    const ghost = item('I9', 'D1', '2023-12-31', 'ofvmhb')
    await insertRows(t.wh, 'service_items', [ghost, { ...ghost, _version: 2, _deleted: 1 }])
    await t.sl.refreshPreAggregations()
  })
  afterAll(() => t.dispose())

  it('by year: each year reads the snapshot in force on 31 December', () =>
    expectItems(t, { granularity: 'year', dateRange: ['2021-01-01', '2025-12-31'] }, expectedRows(YEARS, [])))

  it('by year and department, region and town', async () => {
    await expectItems(
      t,
      { granularity: 'year', dateRange: ['2021-01-01', '2025-12-31'], dimensions: ['dept_code'] },
      expectedRows(YEARS, ['dept_code']),
    )
    await expectItems(
      t,
      {
        granularity: 'year',
        dateRange: ['2021-01-01', '2025-12-31'],
        dimensions: ['region_code', 'town_code'],
      },
      expectedRows(YEARS, ['region_code', 'town_code']),
    )
  })

  it('by month: the later of two snapshots in one month decides that month', async () => {
    const months: [string, string][] = ['05', '06', '07'].map((m) => [
      `2022-${m}-01T00:00:00.000`,
      `2022-${m}-31`,
    ])
    await expectItems(
      t,
      { granularity: 'month', dateRange: ['2022-05-01', '2022-07-31'] },
      expectedRows(months, []),
    )
    // June 2022 is the 06-25 snapshot: I1 is fully online there, not in the 06-10 one.
    const june = catalogueAt('2022-06-30')
    expect(june.every((r) => r.snapshot_date === '2022-06-25' || r.dept_code !== 'D1')).toBe(true)
  })

  it('a range without a time dimension reads the range end; no range reads the current catalogue', async () => {
    await expectItems(
      t,
      { dateRange: ['2021-01-01', '2023-06-30'] },
      expectedRows([[null, '2023-06-30']], []),
    )
    await expectItems(t, { dimensions: ['dept_code'] }, expectedRows([[null, '9999-12-31']], ['dept_code']))
  })

  it('a range ending mid-year reads its last month, also by year', () =>
    expectItems(
      t,
      { granularity: 'year', dateRange: ['2024-01-01', '2025-03-31'] },
      expectedRows(
        [
          [yearLabel(2024), '2024-12-31'],
          [yearLabel(2025), '2025-03-31'],
        ],
        [],
      ),
    ))

  it('filtered by department or town', async () => {
    const d2 = (r: Item) => r.dept_code === 'D2'
    await expectItems(
      t,
      {
        granularity: 'year',
        dateRange: ['2021-01-01', '2025-12-31'],
        filters: [{ member: member('dept_code'), operator: 'equals', values: ['D2'] }],
      },
      expectedRows(YEARS, [], d2).filter(([, rows]) => rows.length > 0),
    )
    const inT2 = (r: Item) => townOf(regionOfDept(r.dept_code)) === 'T2'
    await expectItems(
      t,
      {
        granularity: 'year',
        dateRange: ['2024-01-01', '2025-12-31'],
        filters: [{ member: member('town_code'), operator: 'equals', values: ['T2'] }],
      },
      expectedRows(YEARS.slice(3), [], inT2),
    )
  })

  it('an item that left the catalogue counts as absent, not as its last state', async () => {
    const { raw } = await loadBothWays(t.sl, {
      measures: [member('items'), member('online_availability_rate')],
      timeDimensions: [
        { dimension: member('date'), granularity: 'year', dateRange: ['2021-01-01', '2025-12-31'] },
      ],
      filters: [{ member: member('item_code'), operator: 'equals', values: ['I2'] }],
    })
    const byYear = Object.fromEntries(raw.data.map((r) => [r[`${member('date')}.year`], r[member('items')]]))
    expect(byYear).toEqual({
      [yearLabel(2021)]: 1,
      [yearLabel(2022)]: 1,
      [yearLabel(2023)]: 0,
      [yearLabel(2024)]: 0,
      [yearLabel(2025)]: 0,
    })
    expect(raw.data.at(-1)![member('online_availability_rate')]).toBeNull()
  })

  it('a moved item counts in its new department only', async () => {
    const { pre } = await loadBothWays(t.sl, {
      measures: [member('items')],
      dimensions: [member('dept_code')],
      filters: [{ member: member('item_code'), operator: 'equals', values: ['I5'] }],
      timeDimensions: [{ dimension: member('date'), dateRange: ['2025-01-01', '2025-12-31'] }],
    })
    expect(Object.fromEntries(pre.data.map((r) => [r[member('dept_code')], r[member('items')]]))).toEqual({
      D2: 0,
      D3: 1,
    })
  })

  it('exposes the as-of month and the snapshot in force', async () => {
    const result = await t.sl.load(
      {
        measures: [member('items')],
        dimensions: [member('snapshot_date'), member('dept_code')],
        timeDimensions: [
          { dimension: member('date'), granularity: 'month', dateRange: ['2022-06-01', '2022-06-30'] },
        ],
        filters: [{ member: member('dept_code'), operator: 'equals', values: ['D1'] }],
      },
      LEADER,
    )
    expect(result.data.map((r) => r[member('snapshot_date')])).toEqual(['2022-06-25T00:00:00.000'])
  })
})
