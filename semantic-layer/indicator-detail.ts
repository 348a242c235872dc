import type { Indicator } from '../indicators/catalog.schema'
import { targetFor } from '../indicators/targets'
import type { SemanticLayer } from './engine'
import type { CubeQuery, QueryFilter } from './query'
import type { SecurityContext } from './security'

export interface DetailScope {
  year: number
  asOf: string
  deptCode?: string
  regionCode?: string
}

export interface BreakdownRow {
  code: string
  name: string
  value: number | null
  target: number | null
  gap: number | null
}

export interface IndicatorDetail {
  yearly: Array<{ year: number; value: number | null; target: number | null }>
  monthly: Array<{ month: string; value: number | null }>
  yoy: number | null
  mom: number | null
  byDepartment: BreakdownRow[]
  byRegion: BreakdownRow[]
}

const num = (v: unknown) => (v === null || v === undefined || v === '' ? null : Number(v))

function filtersFor(view: string, ind: Indicator, scope: DetailScope): QueryFilter[] {
  const f: QueryFilter[] = []
  if (scope.deptCode && ind.cube.breakdowns.includes('dept')) {
    f.push({ member: `${view}.dept_code`, operator: 'equals', values: [scope.deptCode] })
  }
  if (scope.regionCode && ind.cube.breakdowns.includes('region')) {
    f.push({
      or: [
        { member: `${view}.town_code`, operator: 'equals', values: [scope.regionCode] },
        { member: `${view}.region_code`, operator: 'equals', values: [scope.regionCode] },
      ],
    })
  }
  return f
}

/**
 * One indicator in depth: yearly actuals against targets, the monthly trend of the
 * year, YoY/MoM, and the breakdowns a leader drills into (departments; towns, or the
 * villages of the town in scope), each sorted by gap to this year's target.
 */
export async function indicatorDetail(
  sl: SemanticLayer,
  ind: Indicator,
  scope: DetailScope,
  context: SecurityContext,
): Promise<IndicatorDetail> {
  const view = ind.cube.measure.split('.')[0]!
  const measure = ind.cube.measure
  const td = ind.cube.time_dimension
  const filters = filtersFor(view, ind, scope)
  const target = targetFor(ind, scope.year)
  const range = (from: string): NonNullable<CubeQuery['timeDimensions']> =>
    td ? [{ dimension: td, dateRange: [from, scope.asOf] }] : []
  const run = (q: CubeQuery) => sl.load(q, context).then((r) => r.data)

  const yearlyQ = td
    ? run({
        measures: [measure],
        filters,
        timeDimensions: [{ dimension: td, granularity: 'year', dateRange: ['2020-01-01', scope.asOf] }],
      })
    : Promise.resolve([])
  const monthlyQ = td
    ? run({
        measures: [measure],
        filters,
        timeDimensions: [
          { dimension: td, granularity: 'month', dateRange: [`${scope.year - 1}-01-01`, scope.asOf] },
        ],
      })
    : Promise.resolve([])
  const breakdown = async (codeDim: string, nameDim: string, extra: QueryFilter[] = []) => {
    const rows = await run({
      measures: [measure],
      dimensions: [codeDim, nameDim],
      filters: [...filters, ...extra],
      timeDimensions: range(`${scope.year}-01-01`),
      limit: 5000,
    })
    return rows
      .map((r) => {
        const value = num(r[measure])
        const gap =
          value === null || target === null
            ? null
            : ind.direction === 'higher'
              ? target - value
              : value - target
        // Rows whose code is missing (a ticket without a region) are kept, named as unassigned.
        const code = r[codeDim] === null || r[codeDim] === undefined ? '' : String(r[codeDim])
        const name = code === '' ? '未归属 (unassigned)' : String(r[nameDim] ?? code)
        return { code, name, value, target, gap }
      })
      .sort((a, b) => (b.gap ?? Number.NEGATIVE_INFINITY) - (a.gap ?? Number.NEGATIVE_INFINITY))
  }
  const deptQ = ind.cube.breakdowns.includes('dept')
    ? breakdown(`${view}.dept_code`, `${view}.dept_name`)
    : Promise.resolve([])
  // District scope: towns; a town in scope: its villages.
  const regionQ = ind.cube.breakdowns.includes('region')
    ? scope.regionCode
      ? breakdown(`${view}.region_code`, `${view}.region_name`)
      : breakdown(`${view}.town_code`, `${view}.town_name`)
    : Promise.resolve([])

  const [yearlyRows, monthlyRows, byDepartment, byRegion] = await Promise.all([
    yearlyQ,
    monthlyQ,
    deptQ,
    regionQ,
  ])
  const byYear = new Map(
    yearlyRows.map((r) => [Number(String(r[`${td}.year`]).slice(0, 4)), num(r[measure])]),
  )
  const yearly = [2020, 2021, 2022, 2023, 2024, 2025].map((year) => ({
    year,
    value: byYear.get(year) ?? null,
    target: targetFor(ind, year),
  }))
  const months = monthlyRows.map((r) => ({
    month: String(r[`${td}.month`]).slice(0, 7),
    value: num(r[measure]),
  }))
  const monthly = months.filter((m) => m.month.startsWith(String(scope.year)))
  const last = monthly.at(-1)
  const prevMonth = monthly.at(-2)
  const sameMonthLastYear = last
    ? months.find((m) => m.month === `${scope.year - 1}${last.month.slice(4)}`)
    : undefined
  const delta = (a?: number | null, b?: number | null) => (a == null || b == null ? null : a - b)
  const thisYear = byYear.get(scope.year)
  const lastYear = byYear.get(scope.year - 1)
  return {
    yearly,
    monthly,
    yoy: delta(thisYear, lastYear) ?? delta(last?.value, sameMonthLastYear?.value),
    mom: delta(last?.value, prevMonth?.value),
    byDepartment,
    byRegion,
  }
}
