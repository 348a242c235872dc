import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { clearCatalogCache } from './catalog'
import type { SeedClause } from './catalog.schema'
import { currentPlanOf } from './plan.schema'
import { clearPlanInfoCache, DEFAULT_PLANS_DIR, modelRules, modelRulesIn, planRoots } from './plan-files'
import { loadPlans, planInfo } from './plans'
import { clearSchemeCache } from './scoring/scheme'
import { deriveYearlyTargets } from './targets'

const root = path.resolve(import.meta.dirname, '..')
const FIXTURE_PLANS = path.join(root, 'test/fixtures/plans')
const all = loadPlans([DEFAULT_PLANS_DIR, FIXTURE_PLANS], new Date('2026-11-30T04:00:00Z'))

describe('plans as data', () => {
  it('loads each folder with its identity, period, catalog and schemes; one is current', () => {
    expect(all.plans.map((p) => [p.id, p.period.start, p.period.end])).toEqual([
      ['fyp14', 2021, 2025],
      ['fyp15-pilot', 2026, 2030],
    ])
    expect(all.current.id).toBe('fyp15-pilot')
    expect(all.years).toEqual({ first: 2020, last: 2030 })
    expect(all.forYear(2025)?.id).toBe('fyp14')
    expect(all.forYear(2026)?.id).toBe('fyp15-pilot')
    expect(all.forYear(2031)).toBeUndefined()
    for (const plan of all.plans) {
      for (const ind of plan.catalog.indicators) expect(ind.plan_period).toEqual(plan.period)
      expect(plan.schemes.schemes.length).toBeGreaterThan(0)
    }
    expect(planInfo(all.plans[0]!, all, new Date('2026-11-30T04:00:00Z'))).toMatchObject({
      id: 'fyp14',
      current: false,
      closed: true,
    })
    expect(planInfo(all.current, all, new Date('2026-11-30T04:00:00Z'))).toMatchObject({ closed: false })
  })

  it('the repository alone has the 十四五 plan, current, from the default folder', () => {
    const own = loadPlans(planRoots(undefined))
    expect(own.plans.map((p) => p.id)).toEqual(['fyp14'])
    expect(own.current.id).toBe('fyp14')
    expect(planRoots(['a', 'b'].join(path.delimiter))).toEqual(['a', 'b'])
  })

  it('the current plan is the latest one started; before any started, the earliest', () => {
    const p = (start: number, end: number) => ({ period: { start, end } })
    const plans = [p(2026, 2030), p(2021, 2025)]
    expect(currentPlanOf(plans, 2026)).toBe(plans[0])
    expect(currentPlanOf(plans, 2025)).toBe(plans[1])
    expect(currentPlanOf(plans, 2019)).toBe(plans[1])
  })

  describe.each(all.plans.map((p) => [p.id, p] as const))('plan %s', (_id, plan) => {
    const documents = path.join(plan.dir, 'documents')
    const quoted: { where: string; src: SeedClause }[] = []
    for (const [name, src] of Object.entries(plan.catalog.clauses ?? {})) quoted.push({ where: name, src })
    for (const ind of plan.catalog.indicators) {
      if (ind.baseline.source) quoted.push({ where: `${ind.id} baseline`, src: ind.baseline.source })
      for (const t of ind.targets) if (t.source) quoted.push({ where: `${ind.id} ${t.year}`, src: t.source })
    }
    for (const task of plan.tasks.tasks) quoted.push({ where: `task ${task.id}`, src: task.source })

    it('keeps its source documents in its own folder, each with its title as written', () => {
      for (const [file, { title }] of Object.entries(plan.catalog.seeds)) {
        expect(readFileSync(path.join(documents, file), 'utf8'), file).toContain(title)
      }
    })

    it('quotes every clause verbatim from its documents', () => {
      expect(quoted.length).toBeGreaterThan(0)
      for (const { where, src } of quoted) {
        const file = path.join(documents, src.seed)
        expect(existsSync(file), `${where}: ${src.seed}`).toBe(true)
        expect(readFileSync(file, 'utf8'), where).toContain(src.clause)
      }
    })

    it('derives its yearly targets by the one rule', () => {
      for (const ind of plan.catalog.indicators) {
        const stated = ind.targets.flatMap(({ year, value, source, derived, locally_set }) =>
          !derived && value !== null ? [{ year, value, source, locally_set }] : [],
        )
        expect(deriveYearlyTargets(ind, stated), ind.id).toEqual(ind.targets)
      }
    })
  })
})

describe('plan errors', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'plans-'))
  afterAll(() => rmSync(tmp, { recursive: true, force: true }))
  const copy = (name: string, from = FIXTURE_PLANS) => {
    const dir = path.join(tmp, name)
    cpSync(path.join(from, 'fyp15-pilot'), path.join(dir, 'fyp15-pilot'), { recursive: true })
    clearPlanInfoCache()
    clearCatalogCache()
    clearSchemeCache()
    return dir
  }
  const message = (fn: () => unknown) => {
    try {
      fn()
    } catch (err) {
      return (err as Error).message
    }
    throw new Error('expected an error')
  }

  it('refuses overlapping periods', () => {
    const dir = copy('overlap')
    // One year earlier throughout (2025–2029, its baseline 2024), so the overlap is the only problem.
    const planFile = path.join(dir, 'fyp15-pilot', 'plan.yml')
    writeFileSync(
      planFile,
      readFileSync(planFile, 'utf8').replace('{ start: 2026, end: 2030 }', '{ start: 2025, end: 2029 }'),
    )
    const catalogFile = path.join(dir, 'fyp15-pilot', 'catalog.yml')
    const shifted = readFileSync(catalogFile, 'utf8').replace(
      /year: (20\d\d)/g,
      (_, y) => `year: ${Number(y) - 1}`,
    )
    writeFileSync(catalogFile, shifted)
    expect(message(() => loadPlans([DEFAULT_PLANS_DIR, dir]))).toContain(
      'plans fyp14 and fyp15-pilot overlap (2025 ≥ 2025)',
    )
  })

  it('refuses a carried-over indicator whose earlier plan is not there', () => {
    const dir = copy('alone')
    expect(message(() => loadPlans([dir]))).toContain(
      'indicator online_availability_rate is carried from fyp14, which is not an earlier plan',
    )
  })

  it("gives the one model the plans' rules, and stops when two plans disagree on one", () => {
    // The 十四五 plan sets the 差评 rectification limit; the pilot plan states no rules.
    expect(modelRules(all.plans)).toEqual({ bad_review_rectification_workdays: 15 })
    expect(modelRulesIn([DEFAULT_PLANS_DIR, FIXTURE_PLANS])).toEqual({
      bad_review_rectification_workdays: 15,
    })
    expect(modelRules([{ id: 'a' }, { id: 'b', rules: {} }])).toEqual({})
    expect(
      modelRules([
        { id: 'a', rules: { bad_review_rectification_workdays: 10 } },
        { id: 'b', rules: { bad_review_rectification_workdays: 10 } },
      ]),
    ).toEqual({ bad_review_rectification_workdays: 10 })
    const dir = copy('rules')
    const planFile = path.join(dir, 'fyp15-pilot', 'plan.yml')
    writeFileSync(
      planFile,
      `${readFileSync(planFile, 'utf8')}rules: { bad_review_rectification_workdays: 10 }\n`,
    )
    const both = [DEFAULT_PLANS_DIR, dir]
    expect(loadPlans(both).plans.map((p) => p.rules)).toEqual([
      { bad_review_rectification_workdays: 15 },
      { bad_review_rectification_workdays: 10 },
    ])
    expect(message(() => modelRulesIn(both))).toMatch(
      /field rules\.bad_review_rectification_workdays: 规划 fyp14 与 fyp15-pilot 的设置不一致（15 与 10）.*one semantic model serves every plan/,
    )
    // A rule is a whole number of days within a year; anything else names the field.
    writeFileSync(planFile, readFileSync(planFile, 'utf8').replace('workdays: 10', 'workdays: 0.5'))
    clearPlanInfoCache()
    expect(message(() => modelRulesIn([dir]))).toMatch(
      /plan\.yml:\d+: field rules\.bad_review_rectification_workdays:/,
    )
  })

  it('names the field of a bad plan.yml', () => {
    const dir = copy('bad')
    const planFile = path.join(dir, 'fyp15-pilot', 'plan.yml')
    writeFileSync(planFile, readFileSync(planFile, 'utf8').replace('end: 2030', 'end: 2024'))
    expect(message(() => loadPlans([dir]))).toMatch(
      /plan\.yml:\d+: field period: start must not be after end/,
    )
  })
})
