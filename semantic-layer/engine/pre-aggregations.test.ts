import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATASETS } from '../../etl/contract/datasets'
import { WORKDAYS_FUNCTION } from '../../warehouse/workdays'
import {
  type AppDay,
  type Application,
  applicationSpec,
  appSpec,
  type Evaluation,
  evaluationSpec,
  eventSpec,
  type GovEvent,
  type SharingRequest,
  sharingSpec,
  type Ticket,
  ticketSpec,
} from '../testing/kpi-specs.fixtures'
import {
  expectIndicator,
  type IndicatorSpec,
  insertRows,
  LEADER,
  openTestLayer,
  type QueryShape,
  type TestLayer,
} from '../testing/layer'
import { DEPARTMENTS, insertReferenceData, REGIONS } from '../testing/reference.fixtures'
import { seeded } from '../testing/seeded'
import { createCompilerApi } from './compiler'
import { createCubeDriver } from './driver'
import { DEFAULT_MODEL_DIR } from './engine'
import { cubeLogger } from './logger'
import { createOrchestratorApi } from './orchestrator'
import { configuredPlanRules } from './plan-rules'
import { rollupStatements, watchedDatasets } from './pre-aggregations'

/** Seeded fixtures, so a failure reproduces. */
function random(seed: number) {
  const { next, pick } = seeded(seed)
  const chance = (p: number) => next() < p
  const pad = (n: number) => String(n).padStart(2, '0')
  /** A local Asia/Shanghai timestamp in 2021..2025; a third of them within a day of New Year. */
  const timestamp = (): string => {
    const base = chance(0.33)
      ? Date.UTC(2021 + Math.floor(next() * 5), 0, 1) + (next() - 0.5) * 2 * 86_400_000
      : Date.UTC(2021, 0, 1) + next() * 1826 * 86_400_000
    const d = new Date(Math.min(Math.max(base, Date.UTC(2021, 0, 1)), Date.UTC(2025, 11, 31, 23, 59, 59)))
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
  }
  const later = (at: string, maxDays: number): string => {
    const d = new Date(`${at.replace(' ', 'T')}Z`).getTime() + next() * maxDays * 86_400_000
    return new Date(d).toISOString().slice(0, 19).replace('T', ' ')
  }
  return { pick, chance, timestamp, later }
}

const r = random(20_251_231)
const DEPTS = DEPARTMENTS.map((d) => d.dept_code)
const PLACES = REGIONS.map((x) => x.region_code)

const APPLICATIONS: Application[] = Array.from({ length: 800 }, (_, i) => {
  const cert = r.chance(0.5)
  return {
    application_id: `A${i}`,
    item_code: 'I1',
    dept_code: r.pick(DEPTS),
    region_code: r.pick(PLACES),
    channel: r.pick(['window', 'web', 'mobile', 'kiosk'] as const),
    fully_online: r.chance(0.4),
    certificate_required: cert,
    e_certificate_used: cert && r.chance(0.6),
    submitted_at: r.timestamp(),
    status: r.pick(['submitted', 'accepted', 'completed', 'completed', 'rejected', 'withdrawn'] as const),
  }
})
const SHARING: SharingRequest[] = Array.from({ length: 250 }, (_, i) => ({
  request_id: `S${i}`,
  requester_dept_code: r.pick(DEPTS),
  provider_dept_code: r.pick(DEPTS),
  resource_name: '人口基础信息',
  requested_at: r.timestamp(),
  status: r.pick(['satisfied', 'partial', 'rejected', 'pending'] as const),
}))
const EVALUATIONS: Evaluation[] = Array.from({ length: 400 }, (_, i) => ({
  evaluation_id: `E${i}`,
  dept_code: r.pick(DEPTS),
  rating: r.pick([1, 2, 3, 4, 5]),
  evaluated_at: r.timestamp(),
  rectified: r.chance(0.5),
}))
const TICKETS: Ticket[] = Array.from({ length: 500 }, (_, i) => {
  const at = r.timestamp()
  return {
    ticket_id: `T${i}`,
    received_at: at,
    channel: 'phone',
    category: 'help',
    dept_code: r.pick(DEPTS),
    region_code: r.chance(0.1) ? null : r.pick(PLACES),
    due_at: r.chance(0.8) ? r.later(at, 5) : null,
    closed_at: r.chance(0.85) ? r.later(at, 7) : null,
    satisfaction: r.pick(['satisfied', 'basically_satisfied', 'dissatisfied', 'none'] as const),
  }
})
const EVENTS: GovEvent[] = Array.from({ length: 500 }, (_, i) => {
  const at = r.timestamp()
  const status = r.pick(['open', 'closed', 'closed', 'cancelled'] as const)
  return {
    event_id: `G${i}`,
    source: 'grid',
    category: '环境卫生',
    region_code: r.pick(PLACES),
    dept_code: r.pick(DEPTS),
    reported_at: at,
    due_at: r.chance(0.8) ? r.later(at, 3) : null,
    closed_at: status === 'closed' ? r.later(at, 5) : null,
    status,
  }
})
const APP_DAYS: AppDay[] = Array.from({ length: 120 }, (_, i) => {
  const day = new Date(Date.UTC(2023, 10, 1) + i * 86_400_000).toISOString().slice(0, 10)
  return [{ date: day, app_name: '粤省事', daily_active_users: 50_000 + i * 37 }].concat(
    i % 3 === 0 ? [{ date: day, app_name: '梅州通', daily_active_users: 8_000 + i }] : [],
  )
}).flat()

const SPECS = [
  ['applications', applicationSpec(APPLICATIONS)],
  ['sharing requests', sharingSpec(SHARING)],
  ['evaluations', evaluationSpec(EVALUATIONS)],
  ['hotline tickets', ticketSpec(TICKETS)],
  ['governance events', eventSpec(EVENTS)],
] as [string, IndicatorSpec<unknown>][]

/** The shapes the scorecard and the indicator pages ask for. */
const SHAPES: [string, QueryShape][] = [
  [
    'by year × department',
    { granularity: 'year', dateRange: ['2021-01-01', '2025-12-31'], dimensions: ['dept_code'] },
  ],
  [
    'by month × region',
    { granularity: 'month', dateRange: ['2024-01-01', '2024-12-31'], dimensions: ['region_code'] },
  ],
  [
    'by year × town, one town',
    {
      granularity: 'year',
      dateRange: ['2021-01-01', '2025-12-31'],
      dimensions: ['town_code'],
      filters: [{ member: 'town_code', values: ['T1'] }],
    },
  ],
  ['one year by department', { dateRange: ['2023-01-01', '2023-12-31'], dimensions: ['dept_code'] }],
]

describe('pre-aggregated answers equal source-table answers', () => {
  let t: TestLayer
  beforeAll(async () => {
    t = await openTestLayer()
    await insertReferenceData(t.wh)
    await insertRows(t.wh, 'service_applications', APPLICATIONS)
    await insertRows(t.wh, 'sharing_requests', SHARING)
    await insertRows(t.wh, 'evaluations', EVALUATIONS)
    await insertRows(t.wh, 'hotline_tickets', TICKETS)
    await insertRows(t.wh, 'governance_events', EVENTS)
    await insertRows(t.wh, 'app_activity', APP_DAYS)
    const refreshed = await t.sl.refreshPreAggregations()
    // Three rollups for each of the six fact cubes, one for app activity, one for the item states.
    expect(refreshed.preAggregations).toHaveLength(20)
  })
  afterAll(() => t.dispose())

  for (const [name, spec] of SPECS) {
    for (const [shapeName, shape] of SHAPES) {
      it(`${name}, ${shapeName}`, async () => {
        const { pre } = await expectIndicator(t.sl, spec, shape)
        expect(pre.usedPreAggregations).toHaveLength(1)
      })
    }
  }

  it('app DAU by month and by year', async () => {
    for (const granularity of ['month', 'year'] as const) {
      const { pre } = await expectIndicator(t.sl, appSpec(APP_DAYS), {
        granularity,
        dateRange: ['2023-01-01', '2024-12-31'],
      })
      expect(pre.usedPreAggregations).toEqual(['cube_pre_aggregations.app_activity_kpis_by_month'])
    }
  })

  it('each shape is answered by the smallest rollup that fits', async () => {
    const used = async (
      dimensions: string[],
      filters: { member: string; operator: string; values: string[] }[] = [],
    ) =>
      (
        await t.sl.load(
          {
            measures: ['application_kpis.online_application_rate'],
            dimensions: dimensions.map((d) => `application_kpis.${d}`),
            filters,
            timeDimensions: [
              {
                dimension: 'application_kpis.date',
                granularity: 'year',
                dateRange: ['2021-01-01', '2025-12-31'],
              },
            ],
          },
          LEADER,
        )
      ).usedPreAggregations
    const table = (name: string) => [`cube_pre_aggregations.service_applications_${name}`]
    expect(await used([])).toEqual(table('kpis_by_month_dept'))
    expect(await used(['dept_code', 'dept_name'])).toEqual(table('kpis_by_month_dept'))
    expect(await used(['town_code', 'town_name'])).toEqual(table('kpis_by_month_region'))
    expect(
      await used(
        ['region_code'],
        [{ member: 'application_kpis.town_code', operator: 'equals', values: ['T1'] }],
      ),
    ).toEqual(table('kpis_by_month_region'))
    expect(
      await used(
        ['town_code'],
        [{ member: 'application_kpis.dept_code', operator: 'equals', values: ['D1'] }],
      ),
    ).toEqual(table('kpis_by_month'))
  })

  it('a range cut mid-month in the past reads the source tables, exactly', async () => {
    const { pre } = await expectIndicator(t.sl, applicationSpec(APPLICATIONS), {
      granularity: 'month',
      dateRange: ['2023-12-15', '2024-01-15'],
      dimensions: ['dept_code'],
    })
    expect(pre.usedPreAggregations).toEqual([])
  })

  it('new rows reach the rollup after refreshPreAggregations(), the source tables after invalidate()', async () => {
    const query = {
      measures: ['application_kpis.all_applications'],
      timeDimensions: [
        {
          dimension: 'application_kpis.date',
          granularity: 'year' as const,
          dateRange: ['2025-01-01', '2025-12-31'] as [string, string],
        },
      ],
    }
    const count = async (usePreAggregations: boolean) =>
      (await t.sl.load(query, LEADER, { usePreAggregations })).data[0]![
        'application_kpis.all_applications'
      ] as number
    const before = APPLICATIONS.filter((a) => a.submitted_at.startsWith('2025')).length
    expect(await count(true)).toBe(before)
    await insertRows(t.wh, 'service_applications', [
      { ...APPLICATIONS[0]!, application_id: 'NEW-1', submitted_at: '2025-06-01 09:00:00' },
    ])
    t.sl.invalidate()
    expect(await count(false)).toBe(before + 1)
    expect(await count(true)).toBe(before)
    const refreshed = await t.sl.refreshPreAggregations()
    expect(refreshed.timezones).toEqual(['Asia/Shanghai'])
    expect(await count(true)).toBe(before + 1)
    // Superseded versions are dropped: one table per rollup remains.
    const tables = await t.wh.rows<{ name: string }>(
      "SELECT name FROM system.tables WHERE database = 'cube_pre_aggregations' AND match(name, '^service_applications_kpis_by_month_[^_]+_[^_]+_[^_]+$')",
    )
    expect(tables.length).toBeLessThanOrEqual(2)
  })

  it('a load of one dataset rebuilds only the rollups that read it; the others keep their versions', async () => {
    const versions = async (prefix: string) =>
      (
        await t.wh.rows<{ name: string }>(
          "SELECT name FROM system.tables WHERE database = 'cube_pre_aggregations' AND startsWith(name, {p:String}) ORDER BY name",
          { p: prefix },
        )
      ).map((r) => r.name)
    const appsBefore = await versions('service_applications_')
    const hotlineBefore = await versions('hotline_tickets_')
    const query = {
      measures: ['hotline_kpis.tickets'],
      timeDimensions: [
        {
          dimension: 'hotline_kpis.date',
          granularity: 'year' as const,
          dateRange: ['2025-01-01', '2025-12-31'] as [string, string],
        },
      ],
    }
    const tickets = async () => {
      t.sl.invalidate()
      return (await t.sl.load(query, LEADER)).data[0]!['hotline_kpis.tickets'] as number
    }
    const before = await tickets()
    await insertRows(t.wh, 'hotline_tickets', [
      {
        ...TICKETS[0]!,
        ticket_id: 'NEW-T',
        received_at: '2025-06-01 09:00:00',
        due_at: null,
        closed_at: null,
      },
    ])
    const refreshed = await t.sl.refreshPreAggregations({ datasets: ['hotline_tickets'] })
    expect(refreshed.preAggregations.sort()).toEqual([
      'hotline_tickets.kpis_by_month',
      'hotline_tickets.kpis_by_month_dept',
      'hotline_tickets.kpis_by_month_region',
    ])
    expect(await tickets()).toBe(before + 1)
    expect(await versions('service_applications_')).toEqual(appsBefore)
    expect(await versions('hotline_tickets_')).not.toEqual(hotlineBefore)
    // The untouched rollups still answer exactly what the source tables say.
    const apps = {
      measures: ['application_kpis.all_applications', 'application_kpis.online_application_rate'],
      dimensions: ['application_kpis.dept_code'],
      timeDimensions: [
        {
          dimension: 'application_kpis.date',
          granularity: 'year' as const,
          dateRange: ['2021-01-01', '2025-12-31'] as [string, string],
        },
      ],
    }
    const fromRollup = await t.sl.load(apps, LEADER)
    expect(fromRollup.usedPreAggregations).toHaveLength(1)
    expect(fromRollup.data).toEqual((await t.sl.load(apps, LEADER, { usePreAggregations: false })).data)
    // A reference dataset reaches every rollup that joins it, and no other.
    const byDepartments = await t.sl.refreshPreAggregations({ datasets: ['departments'] })
    expect(byDepartments.preAggregations).toHaveLength(18)
    expect(byDepartments.preAggregations).not.toContain('app_activity.kpis_by_month')
    expect(byDepartments.preAggregations).not.toContain('service_items.month_states')
    expect((await t.sl.refreshPreAggregations({ datasets: [] })).preAggregations).toEqual([])
  })

  it("a rollup's refresh key watches every dataset its build reads (the rendered statements of every rollup)", async () => {
    const compilerApi = createCompilerApi({
      modelDir: DEFAULT_MODEL_DIR,
      planRules: configuredPlanRules(),
      preAggregationsSchema: 'cube_pre_aggregations',
      logger: cubeLogger,
      cacheDir: null,
    })
    const orchestratorApi = createOrchestratorApi({
      driver: createCubeDriver(t.wh.config),
      logger: cubeLogger,
    })
    try {
      const rollups = await rollupStatements(compilerApi, orchestratorApi, cubeLogger)
      expect(rollups).toHaveLength(20)
      for (const r of rollups) {
        const read = DATASETS.map((d) => d.name).filter((name) =>
          new RegExp(`\\b${name}\\b`).test(r.buildSql),
        )
        if (r.buildSql.includes(`${WORKDAYS_FUNCTION}(`)) read.push('calendar')
        expect(read.length, r.id).toBeGreaterThan(0)
        const watched = watchedDatasets(r.refreshKeySql)
        expect(watched, r.id).toBeDefined()
        expect(watched, r.id).toEqual(expect.arrayContaining(read))
      }
    } finally {
      await orchestratorApi.release()
      compilerApi.dispose()
    }
  })
})
