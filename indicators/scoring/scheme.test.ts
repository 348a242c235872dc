import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { loadCatalog } from '../catalog'
import {
  clearSchemeCache,
  defaultSchemesPath,
  getScheme,
  loadSchemes,
  parseSchemes,
  SchemeError,
  selectScheme,
} from './scheme'
import { isTaskRule } from './scheme.schema'

const catalog = loadCatalog()
const text = readFileSync(defaultSchemesPath(), 'utf8')

function errorOf(yaml: string): SchemeError {
  try {
    parseSchemes(yaml, catalog, 'bad.yml')
  } catch (err) {
    if (err instanceof SchemeError) return err
    throw err
  }
  throw new Error('expected a SchemeError')
}

/** Scored by no scheme yet: their rules would change the frozen and published rankings. */
const WORKING_DAY_INDICATORS = [
  'bad_review_ontime_rectification_rate',
  'application_ontime_rate',
  'avg_visits',
  'evaluation_coverage_rate',
  'sharing_response_workdays',
]

describe('schemes.yml', () => {
  it('loads, validated against the catalog, and is frozen', () => {
    clearSchemeCache()
    const file = loadSchemes()
    expect(loadSchemes()).toBe(file)
    const scheme = getScheme('2024-v1', file)
    expect(scheme.no_data).toBe('exclude_reweight')
    expect(Object.isFrozen(scheme.rules)).toBe(true)
    const ids = new Set(scheme.rules.flatMap((r) => (isTaskRule(r) ? [] : [r.indicator_id])))
    // Every catalog indicator with a department or town breakdown is scored, but the working-day
    // indicators, added after these schemes scored official rankings (a later scheme may score them).
    for (const ind of catalog.indicators.filter((i) => !WORKING_DAY_INDICATORS.includes(i.id))) {
      expect(ids.has(ind.id)).toBe(ind.cube.breakdowns.length > 0)
    }
    for (const s of file.schemes)
      for (const id of WORKING_DAY_INDICATORS)
        expect(s.rules.some((r) => !isTaskRule(r) && r.indicator_id === id)).toBe(false)
  })

  it('selects the highest version covering the year and period type', () => {
    const real = parseSchemes(text, catalog)
    expect(selectScheme({ year: 2024, periodType: 'year' }, real).id).toBe('2024-v1')
    expect(selectScheme({ year: 2025, periodType: 'quarter' }, real).id).toBe('2025-v2')
    // a further scheme appended to the list: a later revision from 2025
    const revision = text
      .slice(text.indexOf("  - id: '2024-v1'"), text.indexOf("  - id: '2025-v2'"))
      .replace("id: '2024-v1'", "id: '2025-v3'")
      .replace('version: 1', 'version: 3')
      .replace('years: { from: 2021, to: null }', 'years: { from: 2025, to: null }')
    const file = parseSchemes(`${text}\n${revision}`, catalog)
    expect(selectScheme({ year: 2024, periodType: 'year' }, file).id).toBe('2024-v1')
    expect(selectScheme({ year: 2025, periodType: 'month' }, file).id).toBe('2025-v3')
    expect(() => selectScheme({ year: 2020, periodType: 'year' }, file)).toThrow(/没有适用于 2020 年/)
    expect(() => getScheme('nope', file)).toThrow(/known: 2024-v1, 2025-v2, 2025-v3/)
  })

  it('2025-v2 keeps the 2024 rules and adds the plan tasks for departments', () => {
    const file = parseSchemes(text, catalog)
    const [v1, v2] = [getScheme('2024-v1', file), getScheme('2025-v2', file)]
    expect(v2.rules.filter((r) => !isTaskRule(r))).toEqual(v1.rules)
    expect(v2.rules.filter(isTaskRule)).toEqual([
      expect.objectContaining({
        tasks: 'on_time_completion',
        applies_to: ['department'],
        weight: 8,
        method: { type: 'proportional' },
        overdue: { points_per_task: 1, cap: 4 },
      }),
    ])
  })

  it('names file, line, scheme, indicator and field of each problem', () => {
    const bad = text
      .replace('indicator_id: max_one_visit_rate', 'indicator_id: max_one_visit_rat')
      .replace('weight: 10\n', 'weight: -1\n')
      .replace('- { min_ratio: 0.95, share: 0.8 }', '- { min_ratio: 0.95, share: 1.8 }')
    const err = errorOf(bad)
    const line = (needle: string) => bad.split('\n').findIndex((l) => l.includes(needle)) + 1
    expect(err.issues).toContainEqual({
      schemeId: '2024-v1',
      indicatorId: 'max_one_visit_rat',
      field: 'indicator_id',
      line: line('max_one_visit_rat'),
      message: 'unknown indicator max_one_visit_rat (not in catalog.yml)',
    })
    expect(err.message).toMatch(
      new RegExp(
        `bad\\.yml:${line('weight: -1')}: scheme 2024-v1, indicator online_availability_rate, field weight:`,
      ),
    )
    // the bands come through a YAML alias: the problem is reported on each rule using them
    expect(err.message).toMatch(/indicator max_one_visit_rat, field method\.bands\[1\]\.share/)
  })

  it('refuses rules the catalog cannot support', () => {
    const withRule = (rule: string) =>
      text.replace('    rules:\n', `    rules:\n${rule.replace(/^/gm, '      ').trimEnd()}\n`)
    expect(
      errorOf(
        withRule(
          '- { indicator_id: gov_app_dau, applies_to: [town], weight: 5, method: { type: proportional } }',
        ),
      ).message,
    ).toMatch(/indicator gov_app_dau, field applies_to: town needs the region breakdown/)
    expect(
      errorOf(
        withRule(
          '- { indicator_id: village_network_coverage, applies_to: [town], weight: 1, method: { type: proportional } }',
        ),
      ).message,
    ).toMatch(/a second rule for village_network_coverage and town/)
    expect(
      errorOf(
        withRule(
          "- { indicator_id: sharing_satisfaction_rate, applies_to: [department], weight: 1, method: { type: proportional }, include: { town: ['440306001'] } }",
        ),
      ).message,
    ).toMatch(/field include\.town: town is not in applies_to/)
  })

  it('asks for quoted unit codes and for deduction floors within the weight', () => {
    const unquoted = text.replace("- '11440306002' # 区公安分局", '- 11440306002')
    expect(errorOf(unquoted).message).toMatch(/must be a quoted string/)
    const floor = text.replace('points_per_pp: 2, floor: 1 }', 'points_per_pp: 2, floor: 9 }')
    expect(errorOf(floor).message).toMatch(
      /indicator hotline_satisfaction_rate, field method\.floor: must not exceed the weight \(4\)/,
    )
  })

  it('checks the plan-task rule: departments only, sound values, one per unit type', () => {
    const withRule = (rule: string) =>
      text.replace('    rules:\n', `    rules:\n${rule.replace(/^/gm, '      ').trimEnd()}\n`)
    const ok = '{ type: proportional }'
    const taskRule = (extra: string) => `- { tasks: on_time_completion, ${extra} }`
    const town = errorOf(withRule(taskRule(`applies_to: [department, town], weight: 8, method: ${ok}`)))
    expect(town.issues).toContainEqual(
      expect.objectContaining({
        schemeId: '2024-v1',
        indicatorId: 'tasks',
        field: 'applies_to[1]',
        message: 'plan tasks are led by departments: town cannot be scored on them',
      }),
    )
    expect(town.issues[0]!.line).toBe(text.split('\n').indexOf('    rules:') + 2)
    const bad = (extra: string) => errorOf(withRule(taskRule(extra))).message
    expect(bad(`applies_to: [department], weight: 0, method: ${ok}`)).toMatch(
      /indicator tasks, field weight: /,
    )
    expect(
      bad(`applies_to: [department], weight: 8, method: ${ok}, overdue: { points_per_task: -1 }`),
    ).toMatch(/field overdue\.points_per_task: /)
    expect(
      bad(`applies_to: [department], weight: 8, method: ${ok}, overdue: { points_per_task: 1, cap: 9 }`),
    ).toMatch(/field overdue\.cap: must not exceed the weight \(8\)/)
    expect(
      bad(`applies_to: [department], weight: 8, method: ${ok}, bonus: { points_per_pp: 1, cap: 1 }`),
    ).toMatch(/indicator tasks, field \(root\): Unrecognized key: "bonus"/)
    expect(
      bad(`indicator_id: online_availability_rate, applies_to: [department], weight: 8, method: ${ok}`),
    ).toMatch(/Unrecognized key: "indicator_id"/)
    expect(
      errorOf(withRule(`- { tasks: late_rate, applies_to: [department], weight: 8, method: ${ok} }`)).message,
    ).toMatch(/indicator tasks, field tasks: must be one of: on_time_completion/)
    const twice = taskRule(`applies_to: [department], weight: 8, method: ${ok}`)
    expect(errorOf(withRule(`${twice}\n${twice}`)).message).toMatch(
      /field applies_to: a second plan-task rule for department/,
    )
  })

  it('reports YAML syntax errors with their line', () => {
    expect(errorOf('format: 1\nschemes: [\n').issues[0]?.line).toBeGreaterThan(0)
    expect(errorOf('format: 1\n').message).toMatch(/field schemes: missing \(required\)/)
  })
})
