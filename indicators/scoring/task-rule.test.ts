import { describe, expect, it } from 'vitest'
import { loadCatalog } from '../catalog'
import { Scheme } from './scheme.schema'
import { type ScoreResult, scoreUnits, type UnitScore } from './score'
import type { TaskFigures } from './task-figures'
import { isTaskLine, TASK_ON_TIME, TASK_OVERDUE } from './task-rule'

const catalog = loadCatalog()

const schemeWith = (taskRule: Record<string, unknown>, noData = 'exclude_reweight') =>
  Scheme.parse({
    id: 'tasks-v1',
    version: 1,
    name_zh: '测试方案',
    name_en: 'Test scheme',
    period_types: ['year'],
    years: { from: 2021, to: null },
    no_data: noData,
    rules: [
      {
        indicator_id: 'hotline_ontime_rate',
        applies_to: ['department', 'town'],
        weight: 30,
        method: { type: 'proportional' },
      },
      { tasks: 'on_time_completion', applies_to: ['department'], weight: 10, ...taskRule },
    ],
  })

const RULE = { method: { type: 'proportional' }, overdue: { points_per_task: 2, cap: 3 } }
const figures = (due: number, on_time: number, overdue: number): TaskFigures => ({
  due,
  on_time,
  done_late: due - on_time - overdue,
  overdue,
})

const run = (
  tasks: Record<string, TaskFigures>,
  values: Record<string, number | null>,
  scheme = schemeWith(RULE),
  unitType: 'department' | 'town' = 'department',
) =>
  scoreUnits({
    scheme,
    catalog,
    unitType,
    values: new Map(Object.entries(values).map(([code, v]) => [code, new Map([['hotline_ontime_rate', v]])])),
    targets: () => 0.9,
    tasks: new Map(Object.entries(tasks)),
  })

const unit = (r: ScoreResult, code: string) => r.units.find((u) => u.unit_code === code)!
const line = (u: UnitScore, id: string) => u.indicators.find((i) => i.indicator_id === id)!

function expectSumOfParts(u: UnitScore) {
  expect(u.total).toBeCloseTo(
    u.indicators.reduce((s, i) => s + i.contribution, 0) + u.bonus + u.adjustment,
    9,
  )
  expect(u.base).toBeCloseTo((u.earned / u.max) * 100, 9)
}

describe('the plan-task rule', () => {
  it('scores the on-time rate by the method and deducts per overdue task within the rule', () => {
    // 3 of 4 on time, 1 overdue: 10 × 0.75 = 7.5, minus 2 for the overdue task.
    const u = unit(run({ D1: figures(4, 3, 1) }, { D1: 0.9 }), 'D1')
    const rate = line(u, TASK_ON_TIME)
    expect(rate).toMatchObject({
      method: 'proportional',
      value: 0.75,
      target: 1,
      achievement: 0.75,
      max: 10,
      score: 7.5,
      applied: true,
      status: 'scored',
      tasks: { due: 4, on_time: 3, done_late: 0, overdue: 1 },
    })
    const overdue = line(u, TASK_OVERDUE)
    expect(overdue).toMatchObject({ method: 'overdue_deduction', value: 1, max: 0, score: -2, applied: true })
    // The deduction has no full marks of its own: 满分 0, 得分 negative on the 0–100 scale.
    expect(overdue.full_points).toBe(0)
    expect(overdue.contribution).toBeCloseTo((-2 * 100) / 40, 9)
    expect(rate.full_points).toBeCloseTo(25, 9)
    expect(u.max).toBe(40)
    expect(u.earned).toBeCloseTo(30 + 7.5 - 2, 9)
    expect(u.total).toBeCloseTo(((30 + 5.5) / 40) * 100, 9)
    expectSumOfParts(u)
  })

  it('caps the deduction, and never takes the rule below 0 (扣完为止)', () => {
    const r = run({ CAP: figures(10, 7, 3), FLOOR: figures(4, 1, 3), NONE: figures(2, 0, 2) }, {})
    // 3 overdue × 2 = 6, capped at 3: 7 − 3.
    expect(line(unit(r, 'CAP'), TASK_OVERDUE).score).toBe(-3)
    // 1 of 4 on time earns 2.5: the deduction stops there.
    const floor = unit(r, 'FLOOR')
    expect(line(floor, TASK_OVERDUE).score).toBe(-2.5)
    expect(floor.total).toBe(0)
    // Nothing on time, nothing to deduct from: 0, and the unit is still ranked.
    const none = unit(r, 'NONE')
    expect(line(none, TASK_OVERDUE).score).toBe(0)
    expect(Object.is(line(unit(run({ OK: figures(2, 2, 0) }, {}), 'OK'), TASK_OVERDUE).score, 0)).toBe(true)
    expect(none.total).toBe(0)
    expect(none.rank).not.toBeNull()
    for (const u of r.units) expectSumOfParts(u)
  })

  it('a department with no task due has no data: excluded and re-weighted, or zero under that policy', () => {
    const excluded = unit(run({}, { D1: 0.9 }), 'D1')
    expect(line(excluded, TASK_ON_TIME)).toMatchObject({
      status: 'no_data_excluded',
      applied: false,
      value: null,
    })
    expect(line(excluded, TASK_OVERDUE)).toMatchObject({
      status: 'no_data_excluded',
      applied: false,
      value: null,
    })
    expect(excluded.max).toBe(30)
    expect(excluded.total).toBe(100)
    const zero = unit(run({}, { D1: 0.9 }, schemeWith(RULE, 'zero')), 'D1')
    expect(line(zero, TASK_ON_TIME)).toMatchObject({ status: 'no_data_zero', applied: true, score: 0 })
    expect(zero.max).toBe(40)
    expect(zero.total).toBeCloseTo(75, 9)
  })

  it('a department with tasks but no indicator values is scored on its tasks alone', () => {
    const r = run({ T: figures(2, 2, 0) }, { D1: 0.9 })
    expect(unit(r, 'T')).toMatchObject({ max: 10, total: 100 })
  })

  it('uses the rule’s method on the rate (bands) and adds no overdue line without `overdue`', () => {
    const bands = schemeWith({
      method: {
        type: 'bands',
        bands: [
          { min_ratio: 0.9, share: 1 },
          { min_ratio: 0.6, share: 0.5 },
        ],
      },
    })
    const r = run({ A: figures(10, 9, 1), B: figures(10, 8, 2) }, {}, bands)
    expect(unit(r, 'A').indicators.map((i) => [i.indicator_id, i.score])).toEqual([
      ['hotline_ontime_rate', 0],
      [TASK_ON_TIME, 10],
    ])
    expect(line(unit(r, 'B'), TASK_ON_TIME).score).toBe(5)
  })

  it('needs the figures for departments, not for towns', () => {
    const scheme = schemeWith(RULE)
    const base = { scheme, catalog, values: new Map(), targets: () => 0.9 }
    expect(() => scoreUnits({ ...base, unitType: 'department' })).toThrow(/scores plan tasks/)
    const towns = scoreUnits({ ...base, unitType: 'town', units: ['T1'] })
    expect(towns.units[0]!.indicators.map((i) => i.indicator_id)).toEqual(['hotline_ontime_rate'])
  })

  it('names its lines with ids no catalog indicator has', () => {
    expect([TASK_ON_TIME, TASK_OVERDUE].every(isTaskLine)).toBe(true)
    expect(catalog.indicators.some((i) => isTaskLine(i.id))).toBe(false)
    expect(isTaskLine('constructor')).toBe(false)
  })

  it('ranks on the rule: more on-time tasks, fewer overdue, a higher total', () => {
    const r = run(
      { GOOD: figures(4, 4, 0), LATE: figures(4, 3, 0), OVERDUE: figures(4, 3, 1) },
      {
        GOOD: 0.9,
        LATE: 0.9,
        OVERDUE: 0.9,
      },
    )
    expect(r.units.map((u) => [u.unit_code, u.rank])).toEqual([
      ['GOOD', 1],
      ['LATE', 2],
      ['OVERDUE', 3],
    ])
  })
})
