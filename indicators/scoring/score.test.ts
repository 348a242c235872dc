import { describe, expect, it } from 'vitest'
import { loadCatalog } from '../catalog'
import type { Catalog } from '../catalog.schema'
import { getScheme, loadSchemes } from './scheme'
import { Scheme, schemeFileFor } from './scheme.schema'
import { type ScoreResult, scoreUnits, type UnitScore } from './score'
import { applyTargetOverrides, planTargets } from './target-overrides'

const catalog = loadCatalog()

// Three rates, one per method; the second also pays a bonus.
const scheme = Scheme.parse({
  id: 'test-v1',
  version: 1,
  name_zh: '测试方案',
  name_en: 'Test scheme',
  period_types: ['year'],
  years: { from: 2021, to: null },
  no_data: 'exclude_reweight',
  rules: [
    {
      indicator_id: 'hotline_ontime_rate',
      applies_to: ['department', 'town'],
      weight: 10,
      method: { type: 'proportional' },
    },
    {
      indicator_id: 'evaluation_satisfaction_rate',
      applies_to: ['department'],
      weight: 6,
      method: { type: 'deduction', points_per_pp: 1, floor: 0 },
      bonus: { points_per_pp: 0.5, cap: 2 },
    },
    {
      indicator_id: 'event_closure_rate',
      applies_to: ['department', 'town'],
      weight: 4,
      method: {
        type: 'bands',
        bands: [
          { min_ratio: 1, share: 1 },
          { min_ratio: 0.9, share: 0.5 },
        ],
      },
      exclude: { department: ['D9'] },
    },
  ],
})

const TARGETS: Record<string, number | null> = {
  hotline_ontime_rate: 0.9,
  evaluation_satisfaction_rate: 0.95,
  event_closure_rate: 0.8,
}
const flatTargets = (id: string) => TARGETS[id] ?? null

type Vals = Record<string, number | null>
const valuesOf = (units: Record<string, Vals>) =>
  new Map(Object.entries(units).map(([code, v]) => [code, new Map(Object.entries(v))]))

const run = (units: Record<string, Vals>, extra: Partial<Parameters<typeof scoreUnits>[0]> = {}) =>
  scoreUnits({
    scheme,
    catalog,
    unitType: 'department',
    values: valuesOf(units),
    targets: flatTargets,
    ...extra,
  })

const unit = (r: ScoreResult, code: string) => r.units.find((u) => u.unit_code === code)!
const row = (u: UnitScore, id: string) => u.indicators.find((i) => i.indicator_id === id)!

function expectSumOfParts(u: UnitScore) {
  const contributions = u.indicators.reduce((s, i) => s + i.contribution, 0)
  const bonus = u.indicators.reduce((s, i) => s + i.bonus, 0)
  const adjustments = u.adjustments.reduce((s, a) => s + a.points, 0)
  expect(u.total).toBeCloseTo(contributions + bonus + adjustments, 9)
  expect(u.base).toBeCloseTo(u.max > 0 ? (u.earned / u.max) * 100 : 0, 9)
  expect(u.earned).toBeCloseTo(
    u.indicators.filter((i) => i.applied).reduce((s, i) => s + i.score, 0),
    9,
  )
  // 满分 on the 0–100 scale: the applied indicators' add up to 100, each 得分 within its 满分.
  if (u.max > 0) expect(u.indicators.reduce((s, i) => s + i.full_points, 0)).toBeCloseTo(100, 9)
  for (const i of u.indicators) expect(i.contribution).toBeLessThanOrEqual(i.full_points + 1e-9)
}

describe('scoreUnits', () => {
  it('scores each indicator, and the total is the sum of its parts', () => {
    const r = run({
      A: { hotline_ontime_rate: 0.72, evaluation_satisfaction_rate: 0.97, event_closure_rate: 0.75 },
    })
    const a = unit(r, 'A')
    expect(row(a, 'hotline_ontime_rate')).toMatchObject({
      score: 8,
      max: 10,
      achievement: 0.8,
      status: 'scored',
    })
    expect(row(a, 'evaluation_satisfaction_rate')).toMatchObject({ score: 6, bonus: 1, method: 'deduction' })
    expect(row(a, 'event_closure_rate')).toMatchObject({ score: 2, target: 0.8, value: 0.75 })
    expect(a).toMatchObject({ earned: 16, max: 20, bonus: 1, rank: 1 })
    expect(a.base).toBeCloseTo(80, 9)
    expect(a.total).toBeCloseTo(81, 9)
    expect(row(a, 'hotline_ontime_rate').contribution).toBeCloseTo(40, 9)
    // weight 10 of 20 applied: 满分 50 on the 0–100 scale, 得分 8/10 of it = 40.
    expect(row(a, 'hotline_ontime_rate').full_points).toBeCloseTo(50, 9)
    expectSumOfParts(a)
    expect(r).toMatchObject({ scheme_id: 'test-v1', scheme_version: 1, unit_type: 'department' })
  })

  it('re-weights over the indicators with data (exclude_reweight)', () => {
    const a = unit(run({ A: { hotline_ontime_rate: 0.9, event_closure_rate: null } }), 'A')
    expect(row(a, 'evaluation_satisfaction_rate')).toMatchObject({
      value: null,
      no_data: true,
      applied: false,
      status: 'no_data_excluded',
      contribution: 0,
      full_points: 0,
    })
    expect(row(a, 'hotline_ontime_rate').full_points).toBeCloseTo(100, 9)
    expect(a).toMatchObject({ earned: 10, max: 10, total: 100 })
    expectSumOfParts(a)
  })

  it('scores missing data 0 against full marks (zero)', () => {
    const a = unit(
      run({ A: { hotline_ontime_rate: 0.9, event_closure_rate: Number.NaN } }, { noData: 'zero' }),
      'A',
    )
    expect(row(a, 'evaluation_satisfaction_rate')).toMatchObject({
      applied: true,
      status: 'no_data_zero',
      score: 0,
    })
    expect(row(a, 'event_closure_rate')).toMatchObject({ value: null, no_data: true, status: 'no_data_zero' })
    expect(a).toMatchObject({ earned: 10, max: 20, total: 50 })
    expectSumOfParts(a)
  })

  it('leaves out an indicator without a target under either policy; a zero target is met', () => {
    const targets = (id: string) =>
      id === 'hotline_ontime_rate' ? null : id === 'event_closure_rate' ? 0 : 0.95
    for (const noData of ['exclude_reweight', 'zero'] as const) {
      const a = unit(
        run(
          { A: { hotline_ontime_rate: 0.5, evaluation_satisfaction_rate: 0.95, event_closure_rate: 0 } },
          { targets, noData },
        ),
        'A',
      )
      expect(row(a, 'hotline_ontime_rate')).toMatchObject({
        applied: false,
        status: 'no_target',
        target: null,
        score: 0,
      })
      expect(row(a, 'event_closure_rate')).toMatchObject({ score: 4, status: 'scored' })
      expect(a).toMatchObject({ max: 10, total: 100 })
    }
  })

  it('leaves a unit with nothing to score unranked, or scores it 0 under zero', () => {
    const vals = { A: { hotline_ontime_rate: 0.9 }, B: {} }
    const excluded = run(vals)
    expect(unit(excluded, 'B')).toMatchObject({ total: null, rank: null, max: 0 })
    expect(excluded.units.map((u) => u.unit_code)).toEqual(['A', 'B'])
    expect(unit(run(vals, { noData: 'zero' }), 'B')).toMatchObject({ total: 0, rank: 2, max: 20 })
    // units to score may be named even without a row of values
    expect(unit(run(vals, { units: ['C'], noData: 'zero' }), 'C')).toMatchObject({ total: 0, rank: 2 })
  })

  it('applies rules by unit type and include/exclude lists', () => {
    const town = scoreUnits({
      scheme,
      catalog,
      unitType: 'town',
      values: valuesOf({ T1: { hotline_ontime_rate: 0.9, evaluation_satisfaction_rate: 0.5 } }),
      targets: flatTargets,
    })
    expect(unit(town, 'T1').indicators.map((i) => i.indicator_id)).toEqual([
      'hotline_ontime_rate',
      'event_closure_rate',
    ])
    const d9 = unit(run({ D9: { hotline_ontime_rate: 0.9 } }), 'D9')
    expect(d9.indicators.map((i) => i.indicator_id)).not.toContain('event_closure_rate')
  })

  it('mirrors lower-is-better indicators', () => {
    const lowerCatalog = structuredClone(catalog) as Catalog
    const ind = lowerCatalog.indicators.find((i) => i.id === 'hotline_ontime_rate')!
    ind.direction = 'lower'
    const a = unit(
      run({ A: { hotline_ontime_rate: 1.2, evaluation_satisfaction_rate: 0.95 } }, { catalog: lowerCatalog }),
      'A',
    )
    expect(row(a, 'hotline_ontime_rate')).toMatchObject({ score: 7.5, achievement: 0.75 })
  })

  it('refuses a scheme that names an indicator the catalog lacks', () => {
    const trimmed = {
      ...catalog,
      indicators: catalog.indicators.filter((i) => i.id !== 'event_closure_rate'),
    }
    expect(() => run({ A: {} }, { catalog: trimmed })).toThrow(/event_closure_rate is not in the catalog/)
  })

  it('uses unit-level target overrides over the plan targets', () => {
    const plan = planTargets(catalog, 2024)
    expect(plan('hotline_ontime_rate', 'X')).toBe(0.95)
    const targets = applyTargetOverrides(
      plan,
      [
        {
          unit_type: 'department',
          unit_code: 'A',
          indicator_id: 'hotline_ontime_rate',
          year: 2024,
          target: 0.8,
        },
        {
          unit_type: 'department',
          unit_code: 'A',
          indicator_id: 'hotline_ontime_rate',
          year: 2023,
          target: 0.5,
        },
        { unit_type: 'town', unit_code: 'B', indicator_id: 'hotline_ontime_rate', year: 2024, target: 0.5 },
      ],
      { unitType: 'department', year: 2024 },
    )
    const r = run({ A: { hotline_ontime_rate: 0.8 }, B: { hotline_ontime_rate: 0.76 } }, { targets })
    expect(row(unit(r, 'A'), 'hotline_ontime_rate')).toMatchObject({ target: 0.8, score: 10 })
    expect(row(unit(r, 'B'), 'hotline_ontime_rate')).toMatchObject({ target: 0.95, score: 8 })
    expect(applyTargetOverrides(plan, [], { unitType: 'town', year: 2024 })).toBe(plan)
  })

  it('keeps every total equal to the sum of its parts on the real scheme', () => {
    const real = getScheme('2024-v1', loadSchemes())
    let seed = 7
    const rnd = () => {
      seed = (seed * 16807) % 2147483647
      return seed / 2147483647
    }
    const units: Record<string, Vals> = {}
    for (let d = 1; d <= 30; d++) {
      const v: Vals = {}
      for (const ind of catalog.indicators) v[ind.id] = rnd() < 0.1 ? null : 0.6 + 0.45 * rnd()
      units[`11440306${String(d).padStart(3, '0')}`] = v
    }
    for (const noData of ['exclude_reweight', 'zero'] as const) {
      const r = scoreUnits({
        scheme: real,
        catalog,
        unitType: 'department',
        values: valuesOf(units),
        targets: planTargets(catalog, 2024),
        noData,
      })
      for (const u of r.units) {
        expectSumOfParts(u)
        expect(u.base).toBeGreaterThanOrEqual(0)
        expect(u.base).toBeLessThanOrEqual(100 + 1e-9)
      }
      expect(r.units.map((u) => u.rank)).toEqual([...r.units.map((u) => u.rank)].sort((a, b) => a! - b!))
    }
  })
})

describe('the working-day indicators as rules', () => {
  // A later scheme scoring the five procedural indicators: what plans/fyp14/schemes.yml would add.
  const procedural = schemeFileFor(catalog).parse({
    format: 1,
    schemes: [
      {
        id: 'procedural-v9',
        version: 9,
        name_zh: '办件与好差评过程指标考核（示例）',
        name_en: 'Procedural indicators (example)',
        period_types: ['year'],
        years: { from: 2021, to: null },
        no_data: 'exclude_reweight',
        rules: [
          {
            indicator_id: 'bad_review_ontime_rectification_rate',
            applies_to: ['department'],
            weight: 4,
            method: { type: 'deduction', points_per_pp: 0.5, floor: 0 },
          },
          {
            indicator_id: 'application_ontime_rate',
            applies_to: ['department', 'town'],
            weight: 4,
            method: { type: 'proportional' },
            bonus: { points_per_pp: 0.2, cap: 1 },
          },
          {
            indicator_id: 'avg_visits',
            applies_to: ['department', 'town'],
            weight: 4,
            method: { type: 'proportional' },
          },
          {
            indicator_id: 'evaluation_coverage_rate',
            applies_to: ['department', 'town'],
            weight: 4,
            method: { type: 'proportional' },
          },
          {
            indicator_id: 'sharing_response_workdays',
            applies_to: ['department'],
            weight: 4,
            method: {
              type: 'bands',
              bands: [
                { min_ratio: 1, share: 1 },
                { min_ratio: 0.75, share: 0.5 },
              ],
            },
          },
        ],
      },
    ],
  }).schemes[0]!
  const targets = (id: string) =>
    ({
      bad_review_ontime_rectification_rate: 0.9,
      application_ontime_rate: 0.95,
      avg_visits: 0.5,
      evaluation_coverage_rate: 0.3,
      sharing_response_workdays: 3,
    })[id] ?? null

  it('validates, and scores lower-is-better means by target ÷ value', () => {
    const r = scoreUnits({
      scheme: procedural,
      catalog,
      unitType: 'department',
      targets,
      values: valuesOf({
        // 1.0 visits against 0.5: half marks; 3.6 working days against 3: 3/3.6 ≈ 0.83 → the 75% band.
        D1: {
          bad_review_ontime_rectification_rate: 0.84,
          application_ontime_rate: 0.96,
          avg_visits: 1,
          evaluation_coverage_rate: 0.3,
          sharing_response_workdays: 3.6,
        },
        // Better than both targets (fewer visits, faster answers): full marks, never above.
        D2: {
          bad_review_ontime_rectification_rate: 0.9,
          application_ontime_rate: 0.95,
          avg_visits: 0.25,
          evaluation_coverage_rate: 0.15,
          sharing_response_workdays: 2,
        },
      }),
    })
    const d1 = unit(r, 'D1')
    expect(row(d1, 'avg_visits')).toMatchObject({ achievement: 0.5, score: 2, status: 'scored' })
    expect(row(d1, 'sharing_response_workdays').achievement).toBeCloseTo(3 / 3.6, 9)
    expect(row(d1, 'sharing_response_workdays').score).toBe(2)
    // 6 points short × 0.5 points per point.
    expect(row(d1, 'bad_review_ontime_rectification_rate').score).toBe(1)
    expect(row(d1, 'application_ontime_rate')).toMatchObject({ score: 4, bonus: 0.2 })
    const d2 = unit(r, 'D2')
    expect(row(d2, 'avg_visits')).toMatchObject({ achievement: 2, score: 4 })
    expect(row(d2, 'sharing_response_workdays').score).toBe(4)
    expect(row(d2, 'evaluation_coverage_rate').score).toBe(2)
    expect(r.units.map((u) => u.unit_code)).toEqual(['D2', 'D1'])
    for (const u of r.units) expectSumOfParts(u)
  })

  it('refuses percentage-point methods on means, and towns on a department-only indicator', () => {
    const bad = (rule: object) =>
      schemeFileFor(catalog)
        .safeParse({
          format: 1,
          schemes: [{ ...procedural, rules: [rule] }],
        })
        .error?.issues.map((i) => i.message)
    expect(
      bad({
        indicator_id: 'avg_visits',
        applies_to: ['department'],
        weight: 4,
        method: { type: 'deduction', points_per_pp: 1 },
      }),
    ).toEqual(['deduction counts percentage points: only for rate (%) indicators'])
    expect(
      bad({
        indicator_id: 'sharing_response_workdays',
        applies_to: ['department'],
        weight: 4,
        method: { type: 'proportional' },
        bonus: { points_per_pp: 1, cap: 1 },
      }),
    ).toEqual(['a bonus counts percentage points: only for rate (%) indicators'])
    expect(
      bad({
        indicator_id: 'sharing_response_workdays',
        applies_to: ['town'],
        weight: 4,
        method: { type: 'proportional' },
      }),
    ).toEqual(['town needs the region breakdown, which sharing_response_workdays lacks'])
  })
})
