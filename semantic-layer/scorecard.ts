import { loadCatalog } from '../indicators/catalog'
import type { Catalog, Indicator } from '../indicators/catalog.schema'
import { expectedToDate, gapToTarget, type Status, status } from '../indicators/progress'
import { projectEndOfPeriod } from '../indicators/projection'
import { targetFor } from '../indicators/targets'
import type { SemanticLayer } from './engine'
import type { CubeQuery, QueryFilter } from './query'
import type { SecurityContext } from './security'

export interface ScorecardScope {
  year: number
  /** Asia/Shanghai date (YYYY-MM-DD); default: the year's last day, or today in the current year. */
  asOf?: string
  deptCode?: string
  /** A town or village code: matches the region itself and everything under it. */
  regionCode?: string
}

export interface IndicatorValue {
  id: string
  /** false: the indicator has no breakdown for the requested scope (e.g. app DAU for a department). */
  applicable: boolean
  value: number | null
  target: number | null
  target_2025: number | null
  expected_to_date: number | null
  status: Status
  gap: number | null
  projected_2025: number | null
  /** Yearly actuals from 2021 to the scope's year. */
  series: Array<{ year: number; value: number | null }>
  member: string
}

const FIRST_YEAR = 2021

export function resolveAsOf(scope: ScorecardScope, today = new Date()): string {
  if (scope.asOf) return scope.asOf
  const local = new Date(today.getTime() + 8 * 3600_000).toISOString().slice(0, 10)
  return Number(local.slice(0, 4)) === scope.year ? local : `${scope.year}-12-31`
}

function scopeFilters(view: string, ind: Indicator, scope: ScorecardScope): QueryFilter[] | null {
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

const yearOf = (v: unknown) => Number(String(v).slice(0, 4))
const num = (v: unknown) => (v === null || v === undefined || v === '' ? null : Number(v))

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
  const groups = new Map<
    string,
    { timeDimension: string | null; filters: QueryFilter[]; indicators: Indicator[] }
  >()
  const skipped = new Set<string>()
  for (const ind of catalog.indicators) {
    const view = ind.cube.measure.split('.')[0]!
    const filters = scopeFilters(view, ind, scope)
    if (filters === null) {
      skipped.add(ind.id)
      continue
    }
    const key = `${view}|${ind.cube.time_dimension ?? ''}`
    const g = groups.get(key) ?? { timeDimension: ind.cube.time_dimension ?? null, filters, indicators: [] }
    g.indicators.push(ind)
    groups.set(key, g)
  }

  const values = new Map<string, Map<number, number | null>>()
  await Promise.all(
    [...groups.values()].map(async (g) => {
      const query: CubeQuery = {
        measures: g.indicators.map((i) => i.cube.measure),
        filters: g.filters,
        ...(g.timeDimension
          ? {
              timeDimensions: [
                { dimension: g.timeDimension, granularity: 'year', dateRange: [`${FIRST_YEAR}-01-01`, asOf] },
              ],
            }
          : {}),
      }
      const { data } = await sl.load(query, context)
      for (const ind of g.indicators) {
        const byYear = new Map<number, number | null>()
        if (g.timeDimension) {
          for (const row of data)
            byYear.set(yearOf(row[`${g.timeDimension}.year`]), num(row[ind.cube.measure]))
        } else {
          // Current-state indicators: today's value stands for the scope's year.
          byYear.set(scope.year, num(data[0]?.[ind.cube.measure]))
        }
        values.set(ind.id, byYear)
      }
    }),
  )

  return catalog.indicators.map((ind) => {
    const byYear = values.get(ind.id) ?? new Map<number, number | null>()
    const value = byYear.get(scope.year) ?? null
    const series = []
    for (let y = FIRST_YEAR; y <= scope.year; y++) series.push({ year: y, value: byYear.get(y) ?? null })
    return {
      id: ind.id,
      applicable: !skipped.has(ind.id),
      value,
      target: targetFor(ind, scope.year),
      target_2025: targetFor(ind, 2025),
      expected_to_date: expectedToDate(ind, asOf),
      status: status(ind, value, asOf),
      gap: gapToTarget(ind, value, scope.year),
      projected_2025: projectEndOfPeriod(series, 2025, ind.unit),
      series,
      member: ind.cube.measure,
    }
  })
}
