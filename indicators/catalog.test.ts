import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse, stringify } from 'yaml'
import {
  areaOf,
  CatalogError,
  clearCatalogCache,
  defaultCatalogPath,
  getIndicator,
  loadCatalog,
  parseCatalog,
  targetFor,
} from './catalog'
import type { SeedClause } from './catalog.schema'
import { readPlanInfo } from './plan-files'
import { deriveYearlyTargets } from './targets'

// The current plan's catalog; its source documents sit beside it, in the repository, so a
// clone alone can check every clause.
const catalogPath = defaultCatalogPath()
const seedsDir = path.join(path.dirname(catalogPath), 'documents')
const catalogText = readFileSync(catalogPath, 'utf8')
const period = readPlanInfo(path.dirname(catalogPath)).period

// The ids of DATA-CONTRACT.md's "Indicator definitions" table, in its order.
const CONTRACT_IDS = [
  'online_availability_rate',
  'item_full_online_rate',
  'max_one_visit_rate',
  'mobile_availability_rate',
  'online_booking_rate',
  'online_application_rate',
  'full_online_rate',
  'e_certificate_usage_rate',
  'sharing_satisfaction_rate',
  'e_seal_coverage_rate',
  'gov_app_dau',
  'village_network_coverage',
  'evaluation_satisfaction_rate',
  'bad_review_rectification_rate',
  'hotline_ontime_rate',
  'hotline_satisfaction_rate',
  'event_closure_rate',
  'event_ontime_closure_rate',
  'bad_review_ontime_rectification_rate',
  'application_ontime_rate',
  'avg_visits',
  'evaluation_coverage_rate',
  'sharing_response_workdays',
]

const VIEW_OF: Record<string, string> = {
  online_availability_rate: 'item_kpis',
  item_full_online_rate: 'item_kpis',
  max_one_visit_rate: 'item_kpis',
  mobile_availability_rate: 'item_kpis',
  online_booking_rate: 'item_kpis',
  online_application_rate: 'application_kpis',
  full_online_rate: 'application_kpis',
  e_certificate_usage_rate: 'application_kpis',
  sharing_satisfaction_rate: 'sharing_kpis',
  e_seal_coverage_rate: 'department_kpis',
  gov_app_dau: 'app_kpis',
  village_network_coverage: 'region_kpis',
  evaluation_satisfaction_rate: 'evaluation_kpis',
  bad_review_rectification_rate: 'evaluation_kpis',
  hotline_ontime_rate: 'hotline_kpis',
  hotline_satisfaction_rate: 'hotline_kpis',
  event_closure_rate: 'event_kpis',
  event_ontime_closure_rate: 'event_kpis',
  bad_review_ontime_rectification_rate: 'evaluation_kpis',
  application_ontime_rate: 'completion_kpis',
  avg_visits: 'application_kpis',
  evaluation_coverage_rate: 'completion_kpis',
  sharing_response_workdays: 'sharing_kpis',
}

const LOCALLY_SET = [
  'online_application_rate',
  'evaluation_satisfaction_rate',
  'bad_review_rectification_rate',
  'hotline_ontime_rate',
  'hotline_satisfaction_rate',
  'event_closure_rate',
  'event_ontime_closure_rate',
  'bad_review_ontime_rectification_rate',
  'application_ontime_rate',
  'avg_visits',
  'evaluation_coverage_rate',
  'sharing_response_workdays',
]

const values = (id: string) => getIndicator(id).targets.map((t) => t.value)

describe('the catalog', () => {
  const catalog = loadCatalog()

  it('has one entry per contract indicator, with the contract ids', () => {
    expect(catalog.indicators.map((i) => i.id)).toEqual(CONTRACT_IDS)
  })

  it('weights sum to 100', () => {
    expect(catalog.indicators.reduce((s, i) => s + i.weight, 0)).toBeCloseTo(100, 9)
  })

  it('reads the agreed cube members', () => {
    for (const ind of catalog.indicators) {
      const view = VIEW_OF[ind.id]
      expect(ind.cube.measure).toBe(`${view}.${ind.id}`)
      const current = ['e_seal_coverage_rate', 'village_network_coverage'].includes(ind.id)
      expect(ind.cube.time_dimension, ind.id).toBe(current ? null : `${view}.date`)
    }
    expect(getIndicator('gov_app_dau').cube.breakdowns).toEqual([])
    expect(getIndicator('online_availability_rate').cube.breakdowns).toEqual(['dept'])
    expect(getIndicator('hotline_ontime_rate').cube.breakdowns).toEqual(['dept', 'region'])
  })

  it('every area used is labelled in zh and en', () => {
    for (const ind of catalog.indicators) expect(areaOf(ind).name_zh).toBeTruthy()
    expect(areaOf(getIndicator('hotline_ontime_rate'))).toMatchObject({
      code: 'hotline',
      name_zh: '12345热线',
    })
  })

  it('carries the plan figures', () => {
    expect(values('e_certificate_usage_rate')).toEqual([0.6, 0.85, 0.95, 0.95, 0.95])
    expect(values('sharing_satisfaction_rate')).toEqual([0.5, 0.75, 0.95, 0.95, 0.95])
    expect(values('e_seal_coverage_rate')).toEqual([0.1, 0.3, 0.5, 0.5, 0.5])
    expect(values('gov_app_dau')).toEqual([50000, 70000, 100000, 100000, 100000])
    expect(values('village_network_coverage')).toEqual([null, null, 1, 1, 1])
    for (const id of ['online_availability_rate', 'max_one_visit_rate', 'online_booking_rate']) {
      expect(targetFor(getIndicator(id), 2025), id).toBe(1)
    }
    for (const id of ['mobile_availability_rate', 'full_online_rate', 'item_full_online_rate']) {
      expect(targetFor(getIndicator(id), 2025), id).toBe(0.8)
    }
    expect(getIndicator('online_availability_rate').baseline).toMatchObject({ year: 2020, value: 0.8929 })
    // The procedural indicators: two are lower-is-better means, in their own units.
    expect(
      ['avg_visits', 'sharing_response_workdays'].map((id) => [
        getIndicator(id).unit,
        getIndicator(id).direction,
      ]),
    ).toEqual([
      ['times', 'lower'],
      ['workdays', 'lower'],
    ])
    expect(values('avg_visits')).toEqual([0.8, 0.7, 0.6, 0.5, 0.4])
    expect(1500 / 1680).toBeCloseTo(0.8929, 4)
  })

  it('derived targets follow the one derivation rule (targets.ts) exactly', () => {
    for (const ind of catalog.indicators) {
      const stated = ind.targets.flatMap(({ year, value, source, derived, locally_set }) =>
        !derived && value !== null ? [{ year, value, source, locally_set }] : [],
      )
      const rederived = deriveYearlyTargets(ind, stated)
      expect(rederived, ind.id).toEqual(ind.targets)
    }
  })

  it("states the on-time rectification limit the plan's rules set (plan.yml)", () => {
    const limit = readPlanInfo(path.dirname(catalogPath)).rules?.bad_review_rectification_workdays
    expect(limit).toBe(15)
    const ind = getIndicator('bad_review_ontime_rectification_rate')
    expect(ind.definition_zh).toContain(`${limit}个工作日`)
    expect(ind.definition_en).toContain(`${limit} working days`)
    expect(ind.note).toContain(`${limit}个工作日`)
  })

  it('locally set targets are exactly the indicators the plans give no figure for', () => {
    for (const ind of catalog.indicators) {
      const local = ind.targets.filter((t) => t.locally_set)
      if (LOCALLY_SET.includes(ind.id)) {
        expect(local, ind.id).toHaveLength(5)
        expect(local.every((t) => t.source === null)).toBe(true)
        expect(ind.note).toContain('由本地考核办设定，非规划原文')
      } else {
        expect(local, ind.id).toHaveLength(0)
      }
    }
  })

  it('is cached and frozen', () => {
    expect(loadCatalog()).toBe(catalog)
    expect(Object.isFrozen(catalog.indicators[0]?.targets[0])).toBe(true)
    clearCatalogCache()
    expect(loadCatalog()).not.toBe(catalog)
  })
})

describe(`plan clauses (documents in ${seedsDir})`, () => {
  const catalog = loadCatalog()
  const quoted: { where: string; src: SeedClause }[] = []
  for (const [name, src] of Object.entries(catalog.clauses ?? {}))
    quoted.push({ where: `clauses.${name}`, src })
  for (const ind of catalog.indicators) {
    if (ind.baseline.source) quoted.push({ where: `${ind.id} baseline`, src: ind.baseline.source })
    for (const t of ind.targets) if (t.source) quoted.push({ where: `${ind.id} ${t.year}`, src: t.source })
  }

  it.each(Object.entries(catalog.seeds))('%s has its document title as written there', (file, { title }) => {
    expect(readFileSync(path.join(seedsDir, file), 'utf8')).toContain(title)
  })

  it('cites no document without a title', () => {
    const raw = parse(catalogText)
    delete raw.seeds['004_d5dd6e1ab9dcf28b.txt']
    expect(catchError(() => parseCatalog(stringify(raw), period)).message).toContain(
      '004_d5dd6e1ab9dcf28b.txt is quoted but has no title',
    )
  })

  it('explains itself in plain words: no seed numbers, field names or file paths in notes', () => {
    const notes = catalog.indicators.flatMap((i) => [i.note ?? '', i.baseline.note ?? ''])
    for (const note of notes) expect(note).not.toMatch(/种子|locally_set|catalog\.yml|\.txt|[a-z]+_[a-z]+/)
  })

  it.each(quoted)('$where quotes its seed verbatim', ({ src }) => {
    const file = path.join(seedsDir, src.seed)
    expect(existsSync(file), src.seed).toBe(true)
    expect(readFileSync(file, 'utf8')).toContain(src.clause)
  })
})

describe('catalog errors', () => {
  const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length

  it('names the file, line, indicator and field of a bad value', () => {
    const bad = catalogText.replace('value: 0.8929', 'value: 89.29')
    const err = catchError(() => parseCatalog(bad, period, '/x/catalog.yml'))
    expect(err).toBeInstanceOf(CatalogError)
    expect(err.message).toContain(
      `catalog.yml:${lineOf(bad, 'value: 89.29')}: indicator online_availability_rate, field baseline.value: rates are fractions`,
    )
    expect(err.issues[0]).toMatchObject({ indicatorId: 'online_availability_rate', field: 'baseline.value' })
  })

  it('reports an unknown enum value and a missing field', () => {
    const raw = parse(catalogText)
    raw.indicators[3].unit = 'percent'
    delete raw.indicators[10].direction
    const err = catchError(() => parseCatalog(stringify(raw), period))
    expect(err.message).toMatch(/indicator mobile_availability_rate, field unit: /)
    expect(err.message).toContain('indicator gov_app_dau, field direction: missing (required)')
  })

  it('checks the catalog as a whole: weights, duplicate ids, years, cube member', () => {
    const raw = parse(catalogText)
    raw.indicators[0].weight += 1
    raw.indicators[2].id = raw.indicators[1].id
    raw.indicators[4].targets.pop()
    raw.indicators[5].cube.measure = 'application_kpis.something_else'
    const msg = catchError(() => parseCatalog(stringify(raw), period)).message
    expect(msg).toContain('weights must sum to 100 (they sum to 101)')
    expect(msg).toContain('duplicate id item_full_online_rate')
    expect(msg).toMatch(/field targets: must list each year 2021–2025 once/)
    expect(msg).toContain('must be <view>.online_application_rate')
  })

  it('rejects a plan target without a source and a locally set one with a source', () => {
    const raw = parse(catalogText)
    raw.indicators[7].targets[0].source = null
    raw.indicators[12].targets[0].source = { seed: '001_a5d8dd1e8ca85863.txt', clause: 'x' }
    const msg = catchError(() => parseCatalog(stringify(raw), period)).message
    expect(msg).toContain('e_certificate_usage_rate, field targets[0].source: a plan target needs')
    expect(msg).toContain('evaluation_satisfaction_rate, field targets[0].source: a locally set target')
  })

  it('takes the period from the plan: a catalog that states its own is refused', () => {
    const raw = parse(catalogText)
    raw.indicators[1].plan_period = { start: period.start, end: period.end }
    expect(catchError(() => parseCatalog(stringify(raw), period)).message).toContain(
      "indicator item_full_online_rate, field plan_period: is the plan's period (plan.yml)",
    )
    for (const ind of loadCatalog().indicators) expect(ind.plan_period).toEqual(period)
  })

  it('reports YAML syntax errors with a line', () => {
    const err = catchError(() => parseCatalog('version: 1\nareas: [\n', period, 'broken.yml'))
    expect(err.message).toMatch(/broken\.yml:\d+: field \(root\): YAML syntax/)
  })

  it('reports a missing file', () => {
    const err = catchError(() => loadCatalog('/nonexistent/catalog.yml'))
    expect(err.message).toContain('/nonexistent/catalog.yml: invalid indicator catalog')
    expect(err.message).toContain('cannot read the file')
  })

  it('getIndicator names the known ids', () => {
    expect(() => getIndicator('nope')).toThrow(/unknown indicator nope; known: online_availability_rate/)
  })
})

function catchError(fn: () => unknown): CatalogError {
  try {
    fn()
  } catch (err) {
    return err as CatalogError
  }
  throw new Error('expected an error')
}
