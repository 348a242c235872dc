import { loadCatalog } from '../../indicators/catalog'
import type { Catalog } from '../../indicators/catalog.schema'
import type { SemanticLayer } from '../engine/engine'
import type { CubeQuery } from '../engine/query'
import type { SecurityContext } from '../engine/security'
import { indicatorView, measureValue } from './indicator-query'

export type UnitType = 'department' | 'town'

export interface UnitPeriod {
  /** Inclusive Asia/Shanghai dates, e.g. a year, a quarter or a month. */
  from: string
  to: string
}

export interface UnitValues {
  /** unit code → indicator id → value (null: no data). Units seen in any indicator. */
  values: Map<string, Map<string, number | null>>
  names: Map<string, string>
}

/**
 * Every catalog indicator by department or by town for one period — what the evaluators
 * score. One Cube query per view (its measures together), served by the rollups.
 * Indicators without that breakdown are left out (the scheme decides what applies).
 */
export async function unitValues(
  sl: SemanticLayer,
  unitType: UnitType,
  period: UnitPeriod,
  context: SecurityContext,
  catalog: Catalog = loadCatalog(),
): Promise<UnitValues> {
  const breakdown = unitType === 'department' ? 'dept' : 'region'
  const byView = new Map<string, { td: string | null; ids: string[]; measures: string[] }>()
  for (const ind of catalog.indicators) {
    if (!ind.cube.breakdowns.includes(breakdown)) continue
    const view = indicatorView(ind)
    const g = byView.get(view) ?? { td: ind.cube.time_dimension ?? null, ids: [], measures: [] }
    g.ids.push(ind.id)
    g.measures.push(ind.cube.measure)
    byView.set(view, g)
  }
  const values = new Map<string, Map<string, number | null>>()
  const names = new Map<string, string>()
  await Promise.all(
    [...byView].map(async ([view, g]) => {
      const code = unitType === 'department' ? `${view}.dept_code` : `${view}.town_code`
      const name = unitType === 'department' ? `${view}.dept_name` : `${view}.town_name`
      const query: CubeQuery = {
        measures: g.measures,
        dimensions: [code, name],
        ...(g.td ? { timeDimensions: [{ dimension: g.td, dateRange: [period.from, period.to] }] } : {}),
        limit: 10_000,
      }
      const { data } = await sl.load(query, context)
      for (const row of data) {
        const unit = row[code]
        if (unit === null || unit === undefined || unit === '') continue
        const u = String(unit)
        names.set(u, String(row[name] ?? u))
        const m = values.get(u) ?? new Map<string, number | null>()
        for (const [i, id] of g.ids.entries()) m.set(id, measureValue(row, g.measures[i]!))
        values.set(u, m)
      }
    }),
  )
  return { values, names }
}
