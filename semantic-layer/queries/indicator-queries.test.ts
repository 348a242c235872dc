import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadDemoData } from '../../etl/demo-bootstrap'
import { loadCatalog } from '../../indicators/catalog'
import { applyTargetOverrides, planTargets } from '../../indicators/scoring/target-overrides'
import { LEADER, openTestLayer, type TestLayer } from '../testing/layer'
import { briefingData, relativeShortfall } from './briefing'
import { type IndicatorDetail, indicatorDetail } from './indicator-detail'
import { indicatorView, scopeFilters } from './indicator-query'
import { type IndicatorValue, indicatorValues } from './scorecard'
import { unitValues } from './unit-values'

const catalog = loadCatalog()
const ind = (id: string) => catalog.indicators.find((i) => i.id === id)!

describe('scopeFilters: one meaning of a scope', () => {
  it('narrows to a department and to a town or village (the region itself or under it)', () => {
    expect(scopeFilters(ind('hotline_ontime_rate'), {})).toEqual([])
    expect(scopeFilters(ind('hotline_ontime_rate'), { deptCode: 'D1', regionCode: 'T1' })).toEqual([
      { member: 'hotline_kpis.dept_code', operator: 'equals', values: ['D1'] },
      {
        or: [
          { member: 'hotline_kpis.town_code', operator: 'equals', values: ['T1'] },
          { member: 'hotline_kpis.region_code', operator: 'equals', values: ['T1'] },
        ],
      },
    ])
  })

  it('is null ("not applicable") when the indicator has no breakdown for the scope, never unfiltered', () => {
    expect(scopeFilters(ind('online_availability_rate'), { regionCode: 'T1' })).toBeNull()
    expect(scopeFilters(ind('village_network_coverage'), { deptCode: 'D1' })).toBeNull()
    expect(scopeFilters(ind('gov_app_dau'), { deptCode: 'D1' })).toBeNull()
    expect(indicatorView(ind('gov_app_dau'))).toBe('app_kpis')
  })
})

describe('indicator queries over the demo data', () => {
  let t: TestLayer
  beforeAll(async () => {
    t = await openTestLayer()
    await loadDemoData(t.wh, { dataDir: t.wh.config.dataDir, scale: 0.01, log: () => {} })
  }, 120_000)
  afterAll(() => t.dispose())

  const standing = (x: IndicatorValue | IndicatorDetail) => ({
    value: x.value,
    target: x.target,
    expected_to_date: x.expected_to_date,
    status: x.status,
    gap: x.gap,
  })

  it('detail and scorecard agree on the value and standing, current-state indicators included', async () => {
    const { units } = await unitCodes(t)
    // Every indicator at district level; one of each kind (both breakdowns, department only,
    // current state, region only, city-wide) for a department and for a town.
    const kinds = new Set([
      'online_application_rate',
      'online_availability_rate',
      'e_seal_coverage_rate',
      'village_network_coverage',
      'gov_app_dau',
    ])
    const scopes = [{}, { deptCode: units.dept }, { regionCode: units.town }]
    for (const s of scopes) {
      const scope = { year: 2024, asOf: '2024-12-31', ...s }
      const card = (await indicatorValues(t.sl, scope, LEADER, catalog)).filter(
        (c) => Object.keys(s).length === 0 || kinds.has(c.id),
      )
      for (const c of card) {
        const d = await indicatorDetail(t.sl, ind(c.id), scope, LEADER)
        expect(d.applicable).toBe(c.applicable)
        expect(standing(d)).toEqual(standing(c))
        expect(d.yearly.find((y) => y.year === 2024)?.value).toBe(c.value)
        if (!c.applicable) {
          expect(d.value).toBeNull()
          expect([d.monthly, d.byDepartment, d.byRegion]).toEqual([[], [], []])
        }
      }
    }
    // Current-state indicators have today's value in the detail itself.
    const seal = await indicatorDetail(
      t.sl,
      ind('e_seal_coverage_rate'),
      { year: 2024, asOf: '2024-12-31' },
      LEADER,
    )
    expect(seal.value).not.toBeNull()
  }, 240_000)

  it('a department account is refused a city-wide indicator, not shown "not applicable" figures', async () => {
    const { units } = await unitCodes(t)
    const dept = { role: 'department', deptCode: units.dept }
    const scope = { year: 2024, asOf: '2024-12-31', deptCode: units.dept }
    await expect(indicatorDetail(t.sl, ind('gov_app_dau'), scope, dept)).rejects.toMatchObject({
      status: 403,
    })
    const own = await indicatorDetail(t.sl, ind('online_application_rate'), scope, dept)
    expect(own.applicable).toBe(true)
  })

  it('the briefing ranks lagging departments against the targets the ranking uses (overrides included)', async () => {
    const plan = await briefingData(t.sl, 2024, LEADER, {
      catalog,
      departmentTargets: planTargets(catalog, 2024),
    })
    expect(plan.indicators.map((i) => i.id)).toEqual(catalog.indicators.map((i) => i.id))
    // 2024 is over: off track means the year's target was missed.
    expect(plan.off_track.length).toBeGreaterThan(0)
    expect(plan.off_track.every((i) => i.status === 'missed')).toBe(true)
    const offDept = plan.off_track.find((o) => ind(o.id).cube.breakdowns.includes('dept'))
    expect(offDept).toBeDefined()
    for (const l of plan.lagging_units) expect(l.gap).toBeGreaterThan(0)
    // Largest shortfall first, as a share of the target: rates, users and days compare.
    const descending = (xs: number[]) => xs.every((x, i) => i === 0 || xs[i - 1]! >= x)
    expect(descending(plan.off_track.map((i) => relativeShortfall(i.gap, i.target)))).toBe(true)
    expect(descending(plan.lagging_units.map((u) => relativeShortfall(u.gap, u.target)))).toBe(true)

    // An override far above a department's value lists it among the furthest behind (its
    // shortfall is nearly its whole target), with the override as its target;
    // one below every value takes the indicator's other departments off the list.
    const indicator = ind(offDept!.id)
    const { values, names } = await unitValuesFor(t, indicator.id)
    const [code, value] = values[0]!
    const target = indicator.direction === 'higher' ? value + 1e6 : value - 1e6
    const overridden = await briefingData(t.sl, 2024, LEADER, {
      catalog,
      departmentTargets: applyTargetOverrides(
        planTargets(catalog, 2024),
        [{ unit_type: 'department', unit_code: code, indicator_id: indicator.id, year: 2024, target }],
        { unitType: 'department', year: 2024 },
      ),
    })
    expect(
      overridden.lagging_units.find(
        (u) => u.unit_name === names.get(code) && u.indicator_name === indicator.name_zh,
      ),
    ).toMatchObject({
      unit_name: names.get(code),
      indicator_name: indicator.name_zh,
      value,
      target,
    })
    expect(overridden.indicators).toEqual(plan.indicators)
  })
})

async function unitCodes(t: TestLayer) {
  const { data } = await t.sl.load(
    {
      measures: ['application_kpis.applications'],
      dimensions: ['application_kpis.dept_code', 'application_kpis.town_code'],
      order: { 'application_kpis.applications': 'desc' },
      limit: 1,
    },
    LEADER,
  )
  return {
    units: {
      dept: String(data[0]!['application_kpis.dept_code']),
      town: String(data[0]!['application_kpis.town_code']),
    },
  }
}

/** Departments with a value for one indicator in 2024: [code, value] pairs, and their names. */
async function unitValuesFor(t: TestLayer, id: string) {
  const u = await unitValues(t.sl, 'department', { from: '2024-01-01', to: '2024-12-31' }, LEADER, catalog)
  const values = [...u.values]
    .map(([code, m]) => [code, m.get(id)] as const)
    .filter((p): p is readonly [string, number] => typeof p[1] === 'number')
  return { values, names: u.names }
}
