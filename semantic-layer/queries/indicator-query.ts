import type { Indicator } from '../../indicators/catalog.schema'
import type { SemanticLayer } from '../engine/engine'
import { type CubeQuery, type QueryFilter, viewOf } from '../engine/query'
import type { Row } from '../engine/results'
import type { SecurityContext } from '../engine/security'

/**
 * The core every indicator query shares (scorecard, detail, unit values, briefing): which
 * view an indicator reads, how a scope narrows it, and how its values come back by year.
 */

/** Where the figures stand: the whole district, one department, one town or village, or both. */
export interface IndicatorScope {
  deptCode?: string
  /** A town or village code: matches the region itself and everything under it. */
  regionCode?: string
}

/** The view an indicator is read from (its measure's view). */
export const indicatorView = (ind: Pick<Indicator, 'cube'>): string => viewOf(ind.cube.measure)

/**
 * The filters that narrow an indicator's view to a scope; null when the indicator does not
 * apply to it: a department is asked for and the indicator has no department breakdown, or
 * a town and it has no region breakdown. Callers show such an indicator as not applicable,
 * never with the unfiltered (district-wide) figures.
 */
export function scopeFilters(ind: Pick<Indicator, 'cube'>, scope: IndicatorScope): QueryFilter[] | null {
  const view = indicatorView(ind)
  const filters: QueryFilter[] = []
  if (scope.deptCode) {
    if (!ind.cube.breakdowns.includes('dept')) return null
    filters.push({ member: `${view}.dept_code`, operator: 'equals', values: [scope.deptCode] })
  }
  if (scope.regionCode) {
    if (!ind.cube.breakdowns.includes('region')) return null
    filters.push({
      or: [
        { member: `${view}.town_code`, operator: 'equals', values: [scope.regionCode] },
        { member: `${view}.region_code`, operator: 'equals', values: [scope.regionCode] },
      ],
    })
  }
  return filters
}

/** A measure's value in a result row (null: no value). */
export const measureValue = (row: Row | undefined, member: string): number | null => {
  const v = row?.[member]
  return v === null || v === undefined || v === '' ? null : Number(v)
}

/** The Shanghai calendar year of a time dimension's value ('2024-01-01T00:00:00.000' → 2024). */
export const yearOf = (v: unknown): number => Number(String(v).slice(0, 4))

export interface YearlyQuery {
  /** Measures of one view that share `timeDimension` (null: current-state indicators). */
  measures: string[]
  timeDimension: string | null
  filters: QueryFilter[]
  /** First year of the series; the last is the year of `asOf`. */
  fromYear: number
  asOf: string
  /** The scope's year: a current-state indicator's value (today's) stands for it. */
  year: number
}

/**
 * Yearly values of measures that share a view and time dimension, in one query: measure →
 * year → value. A current-state indicator has no history; its value today stands for `year`.
 */
export async function yearlyValues(
  sl: SemanticLayer,
  q: YearlyQuery,
  context: SecurityContext,
): Promise<Map<string, Map<number, number | null>>> {
  const td = q.timeDimension
  const query: CubeQuery = {
    measures: q.measures,
    filters: q.filters,
    ...(td
      ? {
          timeDimensions: [
            { dimension: td, granularity: 'year', dateRange: [`${q.fromYear}-01-01`, q.asOf] },
          ],
        }
      : {}),
  }
  const { data } = await sl.load(query, context)
  const out = new Map<string, Map<number, number | null>>()
  for (const measure of q.measures) {
    const byYear = new Map<number, number | null>()
    if (td) for (const row of data) byYear.set(yearOf(row[`${td}.year`]), measureValue(row, measure))
    else byYear.set(q.year, measureValue(data[0], measure))
    out.set(measure, byYear)
  }
  return out
}
