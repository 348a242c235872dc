import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadDemoData } from '../../etl/demo-bootstrap'
import { loadPlans, type Plan } from '../../indicators/plans'
import { gapTo } from '../../indicators/progress'
import { targetFor } from '../../indicators/targets'
import { LEADER, openTestLayer, type TestLayer } from '../testing/layer'
import { type FinalEvaluation, finalEvaluation } from './final-evaluation'
import { indicatorValues } from './scorecard'
import { unitValues } from './unit-values'

/** The 十四五 plan's final evaluation over the demo district (events through 2025). */
describe('finalEvaluation over the demo data', () => {
  let t: TestLayer
  let plan: Plan
  let ev: FinalEvaluation
  beforeAll(async () => {
    t = await openTestLayer()
    await loadDemoData(t.wh, { dataDir: t.wh.config.dataDir, scale: 0.01, log: () => {} })
    plan = loadPlans().get('fyp14')!
    ev = await finalEvaluation(t.sl, { plan, catalog: plan.catalog }, LEADER)
  }, 180_000)
  afterAll(() => t.dispose())

  it('has every catalog indicator in catalog order, judged on the final year as of its last day', () => {
    expect(ev.final_year).toBe(2025)
    expect(ev.baseline_year).toBe(2020)
    expect(ev.as_of).toBe('2025-12-31')
    expect(ev.plan).toMatchObject({ id: 'fyp14', name_zh: plan.name_zh, issuer_zh: plan.issuer_zh })
    expect(ev.indicators.map((i) => i.id)).toEqual(plan.catalog.indicators.map((i) => i.id))
  })

  it('gives each indicator the verdict, value and gap the scorecard has for the closed final year', async () => {
    const card = await indicatorValues(t.sl, { year: 2025, asOf: '2025-12-31' }, LEADER, plan.catalog)
    expect(card.every((c) => c.closed)).toBe(true)
    for (const [i, ind] of ev.indicators.entries()) {
      expect(ind.verdict, ind.id).toBe(card[i]!.status)
      expect(ind.final_value, ind.id).toBe(card[i]!.value)
      expect(ind.gap, ind.id).toBe(card[i]!.gap)
      expect(ind.coverage.data_as_of, ind.id).toBe(card[i]!.data_as_of)
    }
    // The demo district meets some targets and misses others: both verdicts occur.
    const verdicts = new Set(ev.indicators.map((i) => i.verdict))
    expect(verdicts.has('met')).toBe(true)
    expect(verdicts.has('missed')).toBe(true)
  })

  it('counts add up: overall, by area and by binding, and equal a count of the verdicts', () => {
    const s = ev.summary
    const withTarget = ev.indicators.filter((i) => i.target.value !== null)
    const n = (v: string) => withTarget.filter((i) => i.verdict === v).length
    expect(s.total).toBe(plan.catalog.indicators.length)
    expect([s.met, s.missed, s.no_data]).toEqual([n('met'), n('missed'), n('no_data')])
    expect(s.met + s.missed + s.no_data).toBe(s.with_target)
    expect(s.with_target + s.no_target).toBe(s.total)
    for (const part of [s.by_area, s.by_binding]) {
      for (const key of ['total', 'with_target', 'met', 'missed', 'no_data', 'no_target'] as const)
        expect(
          part.reduce((sum, a) => sum + a[key], 0),
          key,
        ).toBe(s[key])
    }
    for (const a of s.by_area) {
      const mine = withTarget.filter((i) => i.area === a.area)
      expect(a.met, a.area).toBe(mine.filter((i) => i.verdict === 'met').length)
      expect(a.missed, a.area).toBe(mine.filter((i) => i.verdict === 'missed').length)
      expect(a.area_zh).toBe(plan.catalog.areas.find((x) => x.code === a.area)!.name_zh)
    }
    const binding = s.by_binding.find((b) => b.binding === 'binding')!
    expect(binding.total).toBe(plan.catalog.indicators.filter((i) => i.binding === 'binding').length)
  })

  it('cites the plan clause behind each plan-end target by document title; local targets have none', () => {
    const docs = path.join(plan.dir, 'documents')
    for (const ind of ev.indicators) {
      const entry = plan.catalog.indicators.find((c) => c.id === ind.id)!.targets.at(-1)!
      expect(ind.target.value, ind.id).toBe(entry.value)
      expect(ind.target.locally_set, ind.id).toBe(entry.locally_set)
      if (entry.locally_set) {
        expect(ind.target.clauses, ind.id).toEqual([])
        continue
      }
      expect(ind.target.clauses, ind.id).toHaveLength(1)
      const [clause] = ind.target.clauses
      expect(clause!.title).toBe(plan.catalog.seeds[entry.source!.seed]!.title)
      expect(readFileSync(path.join(docs, entry.source!.seed), 'utf8')).toContain(clause!.quote)
    }
  })

  it('traces each indicator from the baseline year to the final year', () => {
    for (const ind of ev.indicators) {
      const cat = plan.catalog.indicators.find((c) => c.id === ind.id)!
      expect(ind.trajectory.map((p) => p.year)).toEqual([2020, 2021, 2022, 2023, 2024, 2025])
      expect(ind.trajectory[0]).toEqual({ year: 2020, actual: cat.baseline.value, target: null })
      for (const p of ind.trajectory.slice(1))
        expect(p.target, `${ind.id} ${p.year}`).toBe(targetFor(cat, p.year))
      expect(ind.trajectory.at(-1)!.actual).toBe(ind.final_value)
      if (ind.coverage.current_state) {
        expect(ind.coverage.data_as_of).toBeNull()
        expect(ind.coverage.missing_years).toEqual([])
      } else {
        expect(ind.coverage.missing_years).toEqual(
          ind.trajectory.filter((p) => p.year > 2020 && p.actual === null).map((p) => p.year),
        )
        if (ind.final_value !== null) expect(ind.coverage.data_as_of!.slice(0, 4)).toBe('2025')
      }
    }
    expect(ev.indicators.filter((i) => i.coverage.current_state).map((i) => i.id)).toEqual(
      plan.catalog.indicators.filter((i) => i.cube.time_dimension === null).map((i) => i.id),
    )
  })

  it('names the best and the worst departments and towns of the final year, ordered against the target', async () => {
    const year = { from: '2025-01-01', to: '2025-12-31' }
    const [depts, towns] = await Promise.all([
      unitValues(t.sl, 'department', year, LEADER, plan.catalog),
      unitValues(t.sl, 'town', year, LEADER, plan.catalog),
    ])
    let checked = 0
    for (const ind of ev.indicators) {
      const cat = plan.catalog.indicators.find((c) => c.id === ind.id)!
      const expectedTypes = [
        ...(cat.cube.breakdowns.includes('dept') ? ['department'] : []),
        ...(cat.cube.breakdowns.includes('region') ? ['town'] : []),
      ]
      expect(
        ind.units.map((u) => u.unit_type),
        ind.id,
      ).toEqual(expectedTypes)
      for (const u of ind.units) {
        const source = u.unit_type === 'department' ? depts : towns
        // Every unit with a value, with its gap to the plan target, computed here.
        const all = [...source.values]
          .map(([code, m]) => ({ code, value: m.get(ind.id) }))
          .filter((x): x is { code: string; value: number } => typeof x.value === 'number')
          .map((x) => ({ ...x, gap: gapTo(cat, x.value, targetFor(cat, 2025)) }))
        expect(u.units_with_data, `${ind.id} ${u.unit_type}`).toBe(all.length)
        const shown = [...u.best, ...u.worst]
        expect(new Set(shown.map((x) => x.code)).size).toBe(shown.length)
        expect(u.best.length).toBe(Math.min(3, Math.ceil(all.length / 2)))
        expect(u.worst.length).toBe(Math.min(3, all.length - u.best.length))
        if (all.length < 2 || all.every((x) => x.gap === null)) continue
        const gaps = all.map((x) => x.gap!)
        // Best first: the smallest shortfall; worst first: the largest.
        expect(u.best[0]!.gap).toBeCloseTo(Math.min(...gaps), 9)
        expect(u.worst[0]!.gap).toBeCloseTo(Math.max(...gaps), 9)
        for (let k = 1; k < u.best.length; k++)
          expect(u.best[k]!.gap!).toBeGreaterThanOrEqual(u.best[k - 1]!.gap!)
        for (let k = 1; k < u.worst.length; k++)
          expect(u.worst[k]!.gap!).toBeLessThanOrEqual(u.worst[k - 1]!.gap!)
        // Everyone shown as best is at least as good as everyone shown as worst.
        expect(Math.max(...u.best.map((x) => x.gap!))).toBeLessThanOrEqual(
          Math.min(...u.worst.map((x) => x.gap!)),
        )
        for (const x of shown) {
          expect(x.name).toBe(source.names.get(x.code))
          expect(x.met).toBe(x.gap! <= 1e-9)
        }
        checked++
      }
    }
    expect(checked).toBeGreaterThan(5)
  })

  it('refuses a department-scoped context: the evaluation is the whole district', async () => {
    const dept = [
      ...(
        await unitValues(t.sl, 'department', { from: '2025-01-01', to: '2025-12-31' }, LEADER, plan.catalog)
      ).values.keys(),
    ][0]!
    await expect(
      finalEvaluation(t.sl, { plan, catalog: plan.catalog }, { role: 'department', deptCode: dept }),
    ).rejects.toMatchObject({ status: 403 })
  })
})
