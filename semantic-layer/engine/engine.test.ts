import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_PLANS_DIR } from '../../indicators/plan-files'
import { loadPlans } from '../../indicators/plans'
import { insertRows, LEADER, openTestLayer, type TestLayer } from '../testing/layer'
import { insertReferenceData } from '../testing/reference.fixtures'
import { SemanticLayerError } from './errors'
import { extendOpenEndedRanges, localToday } from './query'

/** The view members other parts of the project name (the plans' catalogs, the scorecard). */
const FIXED_MEASURES = [
  'item_kpis.online_availability_rate',
  'item_kpis.item_full_online_rate',
  'item_kpis.max_one_visit_rate',
  'item_kpis.mobile_availability_rate',
  'item_kpis.online_booking_rate',
  'application_kpis.online_application_rate',
  'application_kpis.full_online_rate',
  'application_kpis.e_certificate_usage_rate',
  'sharing_kpis.sharing_satisfaction_rate',
  'department_kpis.e_seal_coverage_rate',
  'app_kpis.gov_app_dau',
  'region_kpis.village_network_coverage',
  'evaluation_kpis.evaluation_satisfaction_rate',
  'evaluation_kpis.bad_review_rectification_rate',
  'hotline_kpis.hotline_ontime_rate',
  'hotline_kpis.hotline_satisfaction_rate',
  'event_kpis.event_closure_rate',
  'event_kpis.event_ontime_closure_rate',
  'evaluation_kpis.bad_review_ontime_rectification_rate',
  'completion_kpis.application_ontime_rate',
  'application_kpis.avg_visits',
  'completion_kpis.evaluation_coverage_rate',
  'sharing_kpis.sharing_response_workdays',
]

const QUERY = {
  measures: ['application_kpis.applications'],
  timeDimensions: [
    {
      dimension: 'application_kpis.date',
      granularity: 'year' as const,
      dateRange: ['2024-01-01', '2024-12-31'] as [string, string],
    },
  ],
}

describe('the in-process engine', () => {
  let t: TestLayer
  beforeAll(async () => {
    t = await openTestLayer()
    await insertReferenceData(t.wh)
    await insertRows(t.wh, 'service_applications', [
      {
        application_id: 'A1',
        item_code: 'I1',
        dept_code: 'D1',
        region_code: 'V11',
        channel: 'web',
        fully_online: true,
        submitted_at: '2024-03-01 10:00:00',
        status: 'completed',
      },
    ])
  })
  afterAll(() => t.dispose())

  it('compiles the YAML model offline and publishes views only', async () => {
    const views = await t.sl.meta()
    expect(views.map((v) => v.name).sort()).toEqual([
      'app_kpis',
      'application_kpis',
      'completion_kpis',
      'department_kpis',
      'evaluation_kpis',
      'event_kpis',
      'hotline_kpis',
      'item_kpis',
      'region_kpis',
      'sharing_kpis',
    ])
    const members = new Set(views.flatMap((v) => [...v.measures, ...v.dimensions].map((m) => m.name)))
    for (const m of FIXED_MEASURES) expect(members, m).toContain(m)
    const rate = views
      .find((v) => v.name === 'application_kpis')!
      .measures.find((m) => m.name.endsWith('.full_online_rate'))!
    expect(rate).toMatchObject({ title: '办件指标 全程网办率', shortTitle: '全程网办率', type: 'number' })
  })

  it("knows every measure and time dimension the plans' indicator catalogs name", async () => {
    const plans = loadPlans([
      DEFAULT_PLANS_DIR,
      fileURLToPath(new URL('../../test/fixtures/plans', import.meta.url)),
    ])
    const catalog = { indicators: plans.plans.flatMap((p) => p.catalog.indicators) }
    const members = new Set(
      (await t.sl.meta()).flatMap((v) => [...v.measures, ...v.dimensions].map((m) => m.name)),
    )
    const named = catalog.indicators.flatMap((i) => [
      i.cube.measure,
      ...(i.cube.time_dimension ? [i.cube.time_dimension] : []),
    ])
    expect(named.filter((m) => !members.has(m))).toEqual([])
    expect([...new Set(catalog.indicators.map((i) => i.cube.measure))].sort()).toEqual(
      [...FIXED_MEASURES].sort(),
    )
  })

  it('refuses cube members and unknown members: views are the only surface', async () => {
    const cubeQuery = { measures: ['service_applications.applications'] }
    await expect(t.sl.load(cubeQuery, LEADER)).rejects.toMatchObject({ status: 400 })
    await expect(t.sl.sql(cubeQuery, LEADER)).rejects.toThrow(/service_applications\.applications/)
    await expect(
      t.sl.load(
        {
          measures: ['application_kpis.applications'],
          filters: [{ member: 'departments.dept_name', operator: 'set' }],
        },
        LEADER,
      ),
    ).rejects.toBeInstanceOf(SemanticLayerError)
    await expect(t.sl.load({ measures: ['application_kpis.nope'] }, LEADER)).rejects.toMatchObject({
      status: 400,
    })
  })

  it('reports malformed queries and security contexts as 400', async () => {
    await expect(
      t.sl.load({ measures: ['application_kpis.applications'], limit: -1 }, LEADER),
    ).rejects.toMatchObject({
      status: 400,
    })
    await expect(t.sl.load(QUERY, { role: '' })).rejects.toMatchObject({ status: 400 })
    await expect(t.sl.load(QUERY, { role: 'dept', deptCode: "D1' OR 1=1" })).rejects.toMatchObject({
      status: 400,
    })
  })

  it('returns rows keyed by member name, typed, with an annotation', async () => {
    const result = await t.sl.load(QUERY, LEADER)
    expect(result.data).toEqual([
      {
        'application_kpis.date.year': '2024-01-01T00:00:00.000',
        'application_kpis.date': '2024-01-01T00:00:00.000',
        'application_kpis.applications': 1,
      },
    ])
    expect(result.annotation.measures['application_kpis.applications']).toMatchObject({ type: 'number' })
    expect(result.query.timezone).toBe('Asia/Shanghai')
  })

  it('shows the SQL and its parameters', async () => {
    const { sql, params, preAggregations } = await t.sl.sql(QUERY, LEADER)
    expect(sql).toMatch(/cube_pre_aggregations\.service_applications_kpis_by_month_dept/)
    expect(params).toEqual(['2024-01-01T00:00:00.000', '2024-12-31T23:59:59.999'])
    expect(preAggregations).toEqual(['cube_pre_aggregations.service_applications_kpis_by_month_dept'])
    const raw = await t.sl.sql(QUERY, LEADER, { usePreAggregations: false })
    expect(raw.sql).toMatch(/FROM service_applications FINAL/)
    expect(raw.preAggregations).toEqual([])
  })

  it('caches results until invalidate()', async () => {
    const first = await t.sl.load(QUERY, LEADER, { usePreAggregations: false })
    await insertRows(t.wh, 'service_applications', [
      {
        application_id: 'A2',
        item_code: 'I1',
        dept_code: 'D2',
        region_code: 'V21',
        channel: 'window',
        fully_online: false,
        submitted_at: '2024-04-01 10:00:00',
        status: 'completed',
      },
    ])
    // Key order does not matter to the cache.
    const reordered = { timeDimensions: QUERY.timeDimensions, measures: QUERY.measures }
    expect(await t.sl.load(reordered, LEADER, { usePreAggregations: false })).toBe(first)
    t.sl.invalidate()
    const fresh = await t.sl.load(QUERY, LEADER, { usePreAggregations: false })
    expect(fresh.data[0]!['application_kpis.applications']).toBe(2)
  })

  it('reads a range ending today to the end of the month, so a rollup can answer it', () => {
    const today = localToday('Asia/Shanghai', new Date('2026-11-22T03:00:00Z'))
    expect(today).toBe('2026-11-22')
    const query = {
      timezone: 'Asia/Shanghai',
      timeDimensions: [
        { dimension: 'a.date', dateRange: ['2021-01-01T00:00:00.000', '2026-11-22T23:59:59.999'] },
        { dimension: 'b.date', dateRange: ['2021-01-01T00:00:00.000', '2023-06-15T23:59:59.999'] },
        { dimension: 'c.date', dateRange: ['2021-01-01T00:00:00.000', '2027-02-10T23:59:59.999'] },
      ],
    }
    expect(
      extendOpenEndedRanges(query, today).timeDimensions.map(
        (td: { dateRange: string[] }) => td.dateRange[1],
      ),
    ).toEqual(['2026-11-30T23:59:59.999', '2023-06-15T23:59:59.999', '2027-02-28T23:59:59.999'])
  })

  it('answers "as of today" from the rollup', async () => {
    t.sl.invalidate()
    await t.sl.refreshPreAggregations()
    const today = localToday('Asia/Shanghai')
    const result = await t.sl.load(
      {
        measures: ['application_kpis.applications'],
        timeDimensions: [
          { dimension: 'application_kpis.date', granularity: 'year', dateRange: ['2021-01-01', today] },
        ],
      },
      LEADER,
    )
    expect(result.usedPreAggregations).toEqual([
      'cube_pre_aggregations.service_applications_kpis_by_month_dept',
    ])
    expect(result.data.map((r) => r['application_kpis.applications'])).toEqual([2])
  })
})
