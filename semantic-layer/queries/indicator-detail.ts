import type { Indicator } from '../../indicators/catalog.schema'
import { gapTo, type Standing, standing } from '../../indicators/progress'
import { targetFor } from '../../indicators/targets'
import type { SemanticLayer } from '../engine/engine'
import { badQuery, forbidden } from '../engine/errors'
import type { RegionLevel } from '../engine/meta'
import type { CubeQuery } from '../engine/query'
import type { SecurityContext } from '../engine/security'
import { latestDataDate } from './data-dates'
import {
  type IndicatorScope,
  indicatorView,
  measureValue,
  scopeFilters,
  yearlyValues,
} from './indicator-query'
import { type TrajectoryPlan, trajectory } from './trajectory'

export interface DetailScope extends IndicatorScope {
  year: number
  asOf: string
  /**
   * The region level to break down by: 'town' (the district's towns) or 'village' (the
   * villages of the town in scope). Default: towns without a town in scope, else villages
   * where the data has them. Asking for a level the data lacks is a bad request.
   */
  drill?: RegionLevel
}

export interface BreakdownRow {
  code: string
  name: string
  value: number | null
  target: number | null
  gap: number | null
}

/** The page of one indicator: this year's value and where it stands, its history and breakdowns. */
export interface IndicatorDetail extends Standing {
  /** false: the indicator has no breakdown for the scope (see scopeFilters); no figures then. */
  applicable: boolean
  /** The scope year's value; for a current-state indicator, today's (as on the scorecard). */
  value: number | null
  /**
   * Actuals and targets by year, from the baseline year of the first plan the indicator runs
   * in (a carried-over indicator: the earlier plan's) to the later of the scope's year and
   * the plan's end; each year's target is that of the plan the year belongs to (`plan`).
   */
  yearly: Array<{ year: number; value: number | null; target: number | null; plan: string | null }>
  /** The plans `yearly` runs through, earliest first (empty when the caller named none). */
  trajectory_plans: Array<{ id: string; name_zh: string; name_en: string }>
  monthly: Array<{ month: string; value: number | null }>
  yoy: number | null
  mom: number | null
  byDepartment: BreakdownRow[]
  /** The region breakdown at `region_level` (empty when null). */
  byRegion: BreakdownRow[]
  /** The level byRegion is at; null: no region breakdown for this scope. */
  region_level: RegionLevel | null
  /** The region levels the indicator's data is recorded at (its view's, in the Cube model). */
  region_levels: RegionLevel[]
  /** 数据截至: the latest day with data in the scope's year, on or before the as-of date. */
  data_as_of: string | null
  current_state: boolean
}

/** The region levels an indicator can be broken down by: its view's, if it has a region breakdown. */
export async function regionLevelsOf(
  sl: SemanticLayer,
  ind: Indicator,
  context: SecurityContext,
): Promise<RegionLevel[]> {
  if (!ind.cube.breakdowns.includes('region')) return []
  const view = (await sl.meta(context)).find((v) => v.name === indicatorView(ind))
  return view?.regionLevels ?? []
}

const LEVEL_ZH: Record<RegionLevel, string> = { town: '镇街', village: '村（社区）' }

/** The breakdown level for a scope, refusing a level the indicator's data is not recorded at. */
export function breakdownLevel(
  ind: Pick<Indicator, 'name_zh'>,
  levels: RegionLevel[],
  scope: Pick<DetailScope, 'regionCode' | 'drill'>,
): RegionLevel | null {
  if (scope.drill) {
    if (!levels.includes(scope.drill)) {
      throw badQuery(
        `${ind.name_zh}的数据没有${LEVEL_ZH[scope.drill]}一级，不能按${LEVEL_ZH[scope.drill]}分解`,
        `this indicator's data is not recorded at ${scope.drill} level`,
      )
    }
    if (scope.drill === 'village' && !scope.regionCode) {
      throw badQuery('下钻到村（社区）需先选定镇街', 'a village drill-down needs a town in scope')
    }
    return scope.drill
  }
  const wanted: RegionLevel = scope.regionCode ? 'village' : 'town'
  return levels.includes(wanted) ? wanted : null
}

/** The plans an indicator's trajectory runs through: those given, or its own plan alone (unnamed). */
const runsThrough = (ind: Indicator, plans?: readonly TrajectoryPlan[]): readonly TrajectoryPlan[] =>
  plans?.length ? plans : [{ id: '', name_zh: '', name_en: '', indicator: ind }]

const planNames = (plans?: readonly TrajectoryPlan[]) =>
  (plans ?? []).map(({ id, name_zh, name_en }) => ({ id, name_zh, name_en }))

/**
 * One indicator in depth: this year's value and where it stands (as on the scorecard),
 * yearly actuals against targets, the monthly trend of the year, YoY/MoM, and the
 * breakdowns a leader drills into (departments; towns, or the villages of the town in
 * scope), each sorted by gap to this year's target. An indicator that does not apply to
 * the scope has no figures (applicable: false), as on the scorecard.
 */
export async function indicatorDetail(
  sl: SemanticLayer,
  ind: Indicator,
  scope: DetailScope,
  context: SecurityContext,
  /** The plans the indicator runs in, earliest first, `ind`'s plan last (see trajectory). */
  plans?: readonly TrajectoryPlan[],
): Promise<IndicatorDetail> {
  const view = indicatorView(ind)
  const measure = ind.cube.measure
  const td = ind.cube.time_dimension
  const filters = scopeFilters(ind, scope)
  const levels = await regionLevelsOf(sl, ind, context)
  const level = breakdownLevel(ind, levels, scope)
  if (filters === null) return notApplicable(sl, ind, scope, context, levels, plans)
  const path = trajectory(runsThrough(ind, plans), scope.year)
  const target = targetFor(ind, scope.year)
  const range = (from: string): NonNullable<CubeQuery['timeDimensions']> =>
    td ? [{ dimension: td, dateRange: [from, scope.asOf] }] : []
  const run = (q: CubeQuery) => sl.load(q, context).then((r) => r.data)

  // Current-state indicators (no time dimension): today's value stands for the scope's year.
  const yearlyQ = yearlyValues(
    sl,
    {
      measures: [measure],
      timeDimension: td,
      filters,
      fromYear: path[0]!.year,
      asOf: scope.asOf,
      year: scope.year,
    },
    context,
  ).then((m) => m.get(measure)!)
  const monthlyQ = td
    ? run({
        measures: [measure],
        filters,
        timeDimensions: [
          { dimension: td, granularity: 'month', dateRange: [`${scope.year - 1}-01-01`, scope.asOf] },
        ],
      })
    : Promise.resolve([])
  const breakdown = async (codeDim: string, nameDim: string) => {
    const rows = await run({
      measures: [measure],
      dimensions: [codeDim, nameDim],
      filters,
      timeDimensions: range(`${scope.year}-01-01`),
      limit: 5000,
    })
    return rows
      .map((r) => {
        const value = measureValue(r, measure)
        // Rows whose code is missing (a ticket without a region) are kept, named as unassigned.
        const code = r[codeDim] === null || r[codeDim] === undefined ? '' : String(r[codeDim])
        const name = code === '' ? '未归属 (unassigned)' : String(r[nameDim] ?? code)
        return { code, name, value, target, gap: gapTo(ind, value, target) }
      })
      .sort((a, b) => (b.gap ?? Number.NEGATIVE_INFINITY) - (a.gap ?? Number.NEGATIVE_INFINITY))
  }
  const deptQ = ind.cube.breakdowns.includes('dept')
    ? breakdown(`${view}.dept_code`, `${view}.dept_name`)
    : Promise.resolve([])
  // Towns, or the villages of the town in scope — only at a level the data is recorded at.
  const regionQ =
    level === 'village'
      ? breakdown(`${view}.region_code`, `${view}.region_name`)
      : level === 'town'
        ? breakdown(`${view}.town_code`, `${view}.town_name`)
        : Promise.resolve([])
  const dateQ = td
    ? latestDataDate(sl, { timeDimension: td, filters, from: `${scope.year}-01-01`, to: scope.asOf }, context)
    : Promise.resolve(null)

  const [byYear, monthlyRows, byDepartment, byRegion, dataAsOf] = await Promise.all([
    yearlyQ,
    monthlyQ,
    deptQ,
    regionQ,
    dateQ,
  ])
  const yearly = path.map((y) => ({
    year: y.year,
    value: byYear.get(y.year) ?? null,
    target: y.target,
    plan: y.plan || null,
  }))
  const months = monthlyRows.map((r) => ({
    month: String(r[`${td}.month`]).slice(0, 7),
    value: measureValue(r, measure),
  }))
  const monthly = months.filter((m) => m.month.startsWith(String(scope.year)))
  const last = monthly.at(-1)
  const prevMonth = monthly.at(-2)
  const sameMonthLastYear = last
    ? months.find((m) => m.month === `${scope.year - 1}${last.month.slice(4)}`)
    : undefined
  const delta = (a?: number | null, b?: number | null) => (a == null || b == null ? null : a - b)
  const value = byYear.get(scope.year) ?? null
  const lastYear = byYear.get(scope.year - 1)
  return {
    applicable: true,
    value,
    ...standing(ind, value, scope.year, scope.asOf),
    yearly,
    trajectory_plans: planNames(plans),
    monthly,
    yoy: delta(value, lastYear) ?? delta(last?.value, sameMonthLastYear?.value),
    mom: delta(last?.value, prevMonth?.value),
    byDepartment,
    byRegion,
    region_level: level,
    region_levels: levels,
    data_as_of: dataAsOf,
    current_state: td === null,
  }
}

/**
 * No figures for a scope the indicator has no breakdown for. A caller who may not read the
 * view at all (a department account on a city-wide view) is refused, as the engine would.
 */
async function notApplicable(
  sl: SemanticLayer,
  ind: Indicator,
  scope: DetailScope,
  context: SecurityContext,
  levels: RegionLevel[],
  plans?: readonly TrajectoryPlan[],
): Promise<IndicatorDetail> {
  const view = indicatorView(ind)
  if (!(await sl.meta(context)).some((v) => v.name === view)) {
    throw forbidden(`无权查询视图 ${view}`, `this account may not query ${view}`)
  }
  return {
    applicable: false,
    value: null,
    ...standing(ind, null, scope.year, scope.asOf),
    yearly: trajectory(runsThrough(ind, plans), scope.year).map((y) => ({
      year: y.year,
      value: null,
      target: y.target,
      plan: y.plan || null,
    })),
    trajectory_plans: planNames(plans),
    monthly: [],
    yoy: null,
    mom: null,
    byDepartment: [],
    byRegion: [],
    region_level: null,
    region_levels: levels,
    data_as_of: null,
    current_state: ind.cube.time_dimension === null,
  }
}
