import { loadCatalog } from '../../indicators/catalog'
import type { Catalog, Indicator } from '../../indicators/catalog.schema'
import { type Standing, standing } from '../../indicators/progress'
import { planEndForecast } from '../../indicators/projection'
import { shanghaiDate } from '../../indicators/shanghai-time'
import type { SemanticLayer } from '../engine/engine'
import type { RegionLevel } from '../engine/meta'
import type { QueryFilter } from '../engine/query'
import type { SecurityContext } from '../engine/security'
import { latestDataDate } from './data-dates'
import { type IndicatorScope, indicatorView, scopeFilters, yearlyValues } from './indicator-query'

export interface ScorecardScope extends IndicatorScope {
  year: number
  /** Asia/Shanghai date (YYYY-MM-DD); default: the year's last day, or today in the current year. */
  asOf?: string
}

/** One scorecard card: this year's value and where it stands (target, 序时进度, status, gap). */
export interface IndicatorValue extends Standing {
  id: string
  /** false: the indicator has no breakdown for the requested scope (e.g. app DAU for a department). */
  applicable: boolean
  value: number | null
  /** The plan period's last year and its target (规划期末目标). */
  goal_year: number
  goal: number | null
  /**
   * The value the trend of yearly actuals reaches in the plan's last year (least squares);
   * null with fewer than two years of data, or once the plan is over.
   */
  projected_final: number | null
  /** The trend projection falls short of the plan-end goal (in the indicator's direction). */
  projected_miss: boolean
  /**
   * The change per month still needed from this value to reach the goal by the plan's end
   * (positive = up); null once the plan is over, without a goal or value, or when reached.
   */
  monthly_pace_needed: number | null
  /** Yearly actuals from the plan's first year to the scope's year. */
  series: Array<{ year: number; value: number | null }>
  member: string
  /**
   * 数据截至: the latest day with data behind the figure, within the scope's year and on or
   * before the as-of date (null: none, or a current-state indicator, which has no dates).
   */
  data_as_of: string | null
  /** No time dimension: the value is the current state, whatever the year. */
  current_state: boolean
  /** The region levels the indicator's data is recorded at (its view's, in the Cube model). */
  region_levels: RegionLevel[]
}

export function resolveAsOf(scope: ScorecardScope, today = new Date()): string {
  if (scope.asOf) return scope.asOf
  const local = shanghaiDate(today)
  return Number(local.slice(0, 4)) === scope.year ? local : `${scope.year}-12-31`
}

/**
 * Every catalog indicator for one scope: this year's value, targets, 序时进度, status,
 * gap, the yearly series and a projection — one Cube query per view (its measures
 * together), so a scorecard is at most nine queries, each served by a rollup.
 */
export async function indicatorValues(
  sl: SemanticLayer,
  scope: ScorecardScope,
  context: SecurityContext,
  catalog: Catalog = loadCatalog(),
): Promise<IndicatorValue[]> {
  const asOf = resolveAsOf(scope)
  const firstYear = Math.min(...catalog.indicators.map((i) => i.plan_period.start))
  const groups = new Map<
    string,
    { timeDimension: string | null; filters: QueryFilter[]; indicators: Indicator[] }
  >()
  const skipped = new Set<string>()
  for (const ind of catalog.indicators) {
    const filters = scopeFilters(ind, scope)
    if (filters === null) {
      skipped.add(ind.id)
      continue
    }
    const key = `${indicatorView(ind)}|${ind.cube.time_dimension ?? ''}`
    const g = groups.get(key) ?? { timeDimension: ind.cube.time_dimension ?? null, filters, indicators: [] }
    g.indicators.push(ind)
    groups.set(key, g)
  }

  const values = new Map<string, Map<number, number | null>>()
  const asOfDates = new Map<string, string | null>()
  const views = await sl.meta(context)
  const levels = new Map(views.map((v) => [v.name, v.regionLevels]))
  await Promise.all(
    [...groups.values()].map(async (g) => {
      // Together, so a failure of either is the one error (none left unhandled).
      const [date, byMeasure] = await Promise.all([
        g.timeDimension
          ? latestDataDate(
              sl,
              { timeDimension: g.timeDimension, filters: g.filters, from: `${scope.year}-01-01`, to: asOf },
              context,
            )
          : null,
        yearlyValues(
          sl,
          {
            measures: g.indicators.map((i) => i.cube.measure),
            timeDimension: g.timeDimension,
            filters: g.filters,
            fromYear: firstYear,
            asOf,
            year: scope.year,
          },
          context,
        ),
      ])
      for (const ind of g.indicators) {
        values.set(ind.id, byMeasure.get(ind.cube.measure)!)
        asOfDates.set(ind.id, date)
      }
    }),
  )

  return catalog.indicators.map((ind) => {
    const byYear = values.get(ind.id) ?? new Map<number, number | null>()
    const value = byYear.get(scope.year) ?? null
    const series = []
    for (let y = ind.plan_period.start; y <= scope.year; y++)
      series.push({ year: y, value: byYear.get(y) ?? null })
    return {
      id: ind.id,
      applicable: !skipped.has(ind.id),
      value,
      ...standing(ind, value, scope.year, asOf),
      goal_year: ind.plan_period.end,
      ...planEndForecast(ind, series, value, asOf),
      series,
      member: ind.cube.measure,
      data_as_of: asOfDates.get(ind.id) ?? null,
      current_state: ind.cube.time_dimension === null,
      region_levels: ind.cube.breakdowns.includes('region') ? (levels.get(indicatorView(ind)) ?? []) : [],
    }
  })
}
