import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Indicator } from '../../indicators/catalog.schema'
import { DEFAULT_PLANS_DIR } from '../../indicators/plan-files'
import { loadPlans } from '../../indicators/plans'
import { deriveYearlyTargets } from '../../indicators/targets'
import { forgetResolvedCatalogs, RESOLVED_TTL_MS, resolvedCatalog } from './plan-baselines'
import { catalogForYear } from './plans'
import { openTestApp } from './testing'

const PILOT = path.resolve('test/fixtures/plans')
const NOTE = '2020年底事项目录：掌上可办事项470项，占1680项的28%（区政务服务数据管理局统计）'

/** The stated (not derived) targets of a catalog indicator, as the derivation rule takes them. */
const stated = (ind: Indicator) =>
  ind.targets.flatMap(({ year, value, source, derived, locally_set }) =>
    !derived && value !== null ? [{ year, value, source, locally_set }] : [],
  )

describe('baselines: recorded by evaluators, carried over from the earlier plan', () => {
  let app: Awaited<ReturnType<typeof openTestApp>>
  beforeAll(async () => {
    app = await openTestApp()
    // The repository's plans and the test-only second plan (2026–2030).
    app.deps.plans = loadPlans([DEFAULT_PLANS_DIR, PILOT])
  }, 240_000)
  afterAll(() => app.dispose())

  const fyp14 = () => app.deps.plans.get('fyp14')!
  const pilot = () => app.deps.plans.get('fyp15-pilot')!
  const auditRows = (target: string) =>
    app.deps.meta
      .selectFrom('audit_log')
      .select(['actor', 'action', 'target', 'detail'])
      .where('target', '=', target)
      .orderBy('id')
      .execute()

  it('a recorded baseline fills the yearly targets by the one derivation rule, everywhere', async () => {
    const file = fyp14().catalog.indicators.find((i) => i.id === 'mobile_availability_rate')!
    expect(file.baseline.value).toBeNull()
    expect(file.targets.map((t) => t.value)).toEqual([null, null, null, null, 0.8])

    await app.caller('evaluator').targets.setBaseline({
      plan: 'fyp14',
      indicatorId: 'mobile_availability_rate',
      value: 0.28,
      note: `  ${NOTE} `,
    })

    const d = await app.caller('leader').scorecard.detail({ id: 'mobile_availability_rate', year: 2023 })
    const baseline = { year: 2020, value: 0.28 }
    expect(d.indicator.baseline).toMatchObject({
      ...baseline,
      source: null,
      note: NOTE,
      origin: 'evaluator',
      recorded_by: 'evaluator',
    })
    expect(Date.parse(d.indicator.baseline.recorded_at!)).toBeGreaterThan(Date.now() - 60_000)
    expect(d.indicator.targets).toEqual(
      deriveYearlyTargets({ unit: '%', plan_period: file.plan_period, baseline }, stated(file)),
    )
    // Straight line from 28% (2020) to 80% (2025), each year citing the 2025 clause, derived.
    expect(d.indicator.targets.map((t) => t.value)).toEqual([0.384, 0.488, 0.592, 0.696, 0.8])
    expect(d.indicator.targets.map((t) => t.derived)).toEqual([true, true, true, true, false])
    expect(d.indicator.targets[0]!.source).toEqual(file.targets[4]!.source)
    expect(d.target).toBe(0.592)
    expect(d.yearly.find((y) => y.year === 2023)!.target).toBe(0.592)
    // The scorecard and every other reader of catalogForYear see the same targets.
    const card = (await app.caller('leader').scorecard.get({ year: 2023 })).indicators.find(
      (i) => i.id === 'mobile_availability_rate',
    )!
    expect(card.target).toBe(0.592)
    const resolved = (await catalogForYear(app.deps, 2022)).indicators.find(
      (i) => i.id === 'mobile_availability_rate',
    )!
    expect(resolved.targets[1]!.value).toBe(0.488)
    // The loaded plan itself is untouched.
    expect(
      fyp14().catalog.indicators.find((i) => i.id === 'mobile_availability_rate')!.baseline.value,
    ).toBeNull()

    const audit = await auditRows('fyp14:mobile_availability_rate')
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ actor: 'evaluator', action: 'baseline_recorded' })
    expect(JSON.parse(audit[0]!.detail)).toEqual({ value: 0.28, note: NOTE })
  })

  it('keeps every change (latest wins) with who and when; clearing is an audited change too', async () => {
    await app.caller('admin').targets.setBaseline({
      plan: 'fyp14',
      indicatorId: 'mobile_availability_rate',
      value: 0.3,
      note: '复核后按2020年12月31日目录快照重新统计',
    })
    let list = await app.caller('evaluator').targets.baselines({ plan: 'fyp14' })
    let row = list.indicators.find((i) => i.id === 'mobile_availability_rate')!
    expect(list.baseline_year).toBe(2020)
    expect(row).toMatchObject({ stated: false, editable: true, carried_from: null })
    expect(row.baseline).toMatchObject({ value: 0.3, origin: 'evaluator', recorded_by: 'admin' })
    expect(row.history.map((h) => [h.value, h.recorded_by])).toEqual([
      [0.3, 'admin'],
      [0.28, 'evaluator'],
    ])
    expect(row.targets.map((t) => t.value)).toEqual([0.4, 0.5, 0.6, 0.7, 0.8])
    // A stated baseline is listed as the plan's.
    const stated = list.indicators.find((i) => i.id === 'online_availability_rate')!
    expect(stated).toMatchObject({ stated: true, editable: false, history: [] })
    expect(stated.baseline).toMatchObject({ value: 0.8929, origin: 'plan' })

    await app.caller('evaluator').targets.setBaseline({
      plan: 'fyp14',
      indicatorId: 'mobile_availability_rate',
      value: null,
      note: '来源口径存疑，待重新核定',
    })
    list = await app.caller('evaluator').targets.baselines({ plan: 'fyp14' })
    row = list.indicators.find((i) => i.id === 'mobile_availability_rate')!
    expect(row.baseline).toMatchObject({ value: null, origin: null })
    expect(row.history.map((h) => h.value)).toEqual([null, 0.3, 0.28])
    expect(row.targets.map((t) => t.value)).toEqual([null, null, null, null, 0.8])
    const d = await app.caller('leader').scorecard.detail({ id: 'mobile_availability_rate', year: 2023 })
    expect(d.target).toBeNull()
    expect(d.indicator.baseline.origin).toBeUndefined()

    expect((await auditRows('fyp14:mobile_availability_rate')).map((a) => [a.actor, a.action])).toEqual([
      ['evaluator', 'baseline_recorded'],
      ['admin', 'baseline_recorded'],
      ['evaluator', 'baseline_cleared'],
    ])
    // Nothing left to clear.
    await expect(
      app.caller('evaluator').targets.setBaseline({
        plan: 'fyp14',
        indicatorId: 'mobile_availability_rate',
        value: null,
        note: '再清除一次',
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' })
  })

  it('only evaluators and admins list or record baselines', async () => {
    const input = { plan: 'fyp14', indicatorId: 'online_booking_rate', value: 0.5, note: NOTE }
    for (const who of ['dept_a', 'leader', 'analyst']) {
      await expect(app.caller(who).targets.setBaseline(input), who).rejects.toMatchObject({
        code: 'FORBIDDEN',
      })
      await expect(app.caller(who).targets.baselines({ plan: 'fyp14' }), who).rejects.toMatchObject({
        code: 'FORBIDDEN',
      })
    }
    await expect(app.caller(null).targets.setBaseline(input)).rejects.toMatchObject({ code: 'UNAUTHORIZED' })
    const rows = await app.deps.meta
      .selectFrom('plan_baselines')
      .select('id')
      .where('indicator_id', '=', 'online_booking_rate')
      .execute()
    expect(rows).toEqual([])
  })

  it('refuses a stated or carried-over baseline, values out of range and a missing note (400)', async () => {
    const set = (over: Partial<{ plan: string; indicatorId: string; value: number | null; note: string }>) =>
      app.caller('evaluator').targets.setBaseline({
        plan: 'fyp14',
        indicatorId: 'online_booking_rate',
        value: 0.5,
        note: NOTE,
        ...over,
      })
    const bad = { code: 'BAD_REQUEST' }
    await expect(set({ indicatorId: 'online_availability_rate' })).rejects.toMatchObject({
      ...bad,
      message: expect.stringContaining('规划原文'),
    })
    await expect(
      set({ plan: 'fyp15-pilot', indicatorId: 'hotline_satisfaction_rate' }),
    ).rejects.toMatchObject(bad)
    await expect(set({ plan: 'fyp15-pilot', indicatorId: 'online_availability_rate' })).rejects.toMatchObject(
      {
        ...bad,
        message: expect.stringContaining('上一规划期末实际值'),
      },
    )
    await expect(set({ value: 1.2 })).rejects.toMatchObject(bad)
    await expect(set({ value: -0.1 })).rejects.toMatchObject(bad)
    await expect(set({ indicatorId: 'gov_app_dau', value: -5 })).rejects.toMatchObject(bad)
    await expect(set({ note: '   ' })).rejects.toMatchObject(bad)
    await expect(set({ note: '说'.repeat(501) })).rejects.toMatchObject(bad)
    await expect(set({ note: '说'.repeat(2_000) })).rejects.toMatchObject(bad)
    await expect(set({ indicatorId: 'no_such_indicator' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(set({ plan: 'fyp99' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    const rows = await app.deps.meta.selectFrom('plan_baselines').select('indicator_id').execute()
    expect(rows.map((r) => r.indicator_id).filter((id) => id !== 'mobile_availability_rate')).toEqual([])
    // A count baseline of whole users is accepted.
    await set({ indicatorId: 'gov_app_dau', value: 30_000 })
  })

  it("a carried-over indicator's baseline is the earlier plan's final-year actual; the detail spans both plans", async () => {
    // The 2025 网上可办率, straight from the catalogue snapshots: per department its latest
    // snapshot on or before 2025-12-31, online items ÷ items.
    const rows = await app.deps.wh.rows<{ rate: number }>(`
      WITH latest AS (
        SELECT dept_code, max(snapshot_date) AS d FROM service_items FINAL
        WHERE snapshot_date <= '2025-12-31' GROUP BY dept_code)
      SELECT countIf(i.online_available) / count() AS rate
      FROM service_items AS i FINAL
      INNER JOIN latest AS l ON i.dept_code = l.dept_code AND i.snapshot_date = l.d`)
    const actual = Number(rows[0]!.rate)
    expect(actual).toBeGreaterThan(0.9)
    expect(actual).toBeLessThan(1)

    const d = await app.caller('leader').scorecard.detail({ id: 'online_availability_rate', year: 2026 })
    expect(d.plan.id).toBe('fyp15-pilot')
    expect(d.indicator.baseline.year).toBe(2025)
    expect(d.indicator.baseline.value).toBeCloseTo(actual, 10)
    expect(d.indicator.baseline).toMatchObject({ origin: 'carried_over', source: null })
    expect(d.indicator.baseline.note).toContain('上一规划期末实际值')
    const file = pilot().catalog.indicators.find((i) => i.id === 'online_availability_rate')!
    expect(d.indicator.targets).toEqual(
      deriveYearlyTargets(
        { unit: '%', plan_period: file.plan_period, baseline: { year: 2025, value: actual } },
        stated(file),
      ),
    )
    expect(d.indicator.targets.map((t) => t.derived)).toEqual([true, true, true, true, false])
    const step = (1 - actual) / 5
    expect(d.target).toBeCloseTo(actual + step, 4)

    // One axis, 2020–2030: each year's target from the plan it belongs to; one actuals series.
    expect(d.trajectory_plans.map((p) => p.id)).toEqual(['fyp14', 'fyp15-pilot'])
    expect(d.trajectory_plans[1]!.name_zh).toBe(pilot().name_zh)
    expect(d.yearly.map((y) => y.year)).toEqual([
      2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027, 2028, 2029, 2030,
    ])
    expect(d.yearly.map((y) => y.plan)).toEqual([...Array(6).fill('fyp14'), ...Array(5).fill('fyp15-pilot')])
    const earlier = fyp14().catalog.indicators.find((i) => i.id === 'online_availability_rate')!
    expect(d.yearly.slice(0, 6).map((y) => y.target)).toEqual([null, ...earlier.targets.map((t) => t.value)])
    expect(d.yearly.slice(6).map((y) => y.target)).toEqual(d.indicator.targets.map((t) => t.value))
    expect(d.yearly.find((y) => y.year === 2025)!.value).toBeCloseTo(actual, 10)
    expect(d.yearly.find((y) => y.year === 2020)!.value).toBeCloseTo(1500 / 1680, 4)

    // The scorecard of 2026 judges by the same derived target; the stated one stays.
    const cards = (await app.caller('leader').scorecard.get({ year: 2026 })).indicators
    expect(cards.find((i) => i.id === 'online_availability_rate')!.target).toBeCloseTo(actual + step, 4)
    expect(cards.find((i) => i.id === 'hotline_satisfaction_rate')!.target).toBe(0.956)

    // A plan's own indicator (not carried over) spans its plan alone.
    const own = await app.caller('leader').scorecard.detail({ id: 'hotline_satisfaction_rate', year: 2026 })
    expect(own.yearly.map((y) => y.year)).toEqual([2025, 2026, 2027, 2028, 2029, 2030])
    expect(own.trajectory_plans.map((p) => p.id)).toEqual(['fyp15-pilot'])

    const list = await app.caller('evaluator').targets.baselines({ plan: 'fyp15-pilot' })
    const carried = list.indicators.find((i) => i.id === 'online_availability_rate')!
    expect(carried).toMatchObject({ stated: false, editable: false, carried_from: { id: 'fyp14' } })
    expect(carried.baseline.origin).toBe('carried_over')
  })

  it('caches a resolved catalog: a change made elsewhere shows once the TTL has passed', async () => {
    const plan = fyp14()
    const now = Date.now()
    forgetResolvedCatalogs(app.deps.meta, plan)
    const first = await resolvedCatalog(app.deps, plan, now)
    expect(await resolvedCatalog(app.deps, plan, now + 1)).toBe(first)
    // Another app instance records a baseline (straight into the shared store, no local hook).
    await app.deps.meta
      .insertInto('plan_baselines')
      .values({
        plan_id: 'fyp14',
        indicator_id: 'online_booking_rate',
        value: 0.6,
        note: NOTE,
        recorded_by: 'evaluator',
      })
      .execute()
    const cached = await resolvedCatalog(app.deps, plan, now + RESOLVED_TTL_MS - 1)
    expect(cached).toBe(first)
    expect(cached.indicators.find((i) => i.id === 'online_booking_rate')!.baseline.value).toBeNull()
    const fresh = await resolvedCatalog(app.deps, plan, now + RESOLVED_TTL_MS + 1)
    expect(fresh.indicators.find((i) => i.id === 'online_booking_rate')!.baseline.value).toBe(0.6)
    expect(fresh.indicators.find((i) => i.id === 'online_booking_rate')!.targets[0]!.value).toBe(0.68)
  })
})
