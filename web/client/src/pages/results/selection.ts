import type { Params } from '../../lib/router'
import type { Period, RankingScope, UnitType } from '../ranking/types'

/** A published ranking as the results list names it. */
export interface Published {
  period_key: string
  unit_type: UnitType
}

/** The period a stored key names ('2025', '2025-Q2', '2025-03'), as the API takes it; null for anything else. */
export function periodOfKey(key: string): Period | null {
  const m = /^(\d{4})(?:-Q([1-4])|-(\d{2}))?$/.exec(key)
  if (!m) return null
  const year = Number(m[1])
  if (m[2]) return { type: 'quarter', year, index: Number(m[2]) }
  if (m[3]) return { type: 'month', year, index: Number(m[3]) }
  return { type: 'year', year }
}

/** `#/results?key=2025&unit=department&code=…`: the chosen publication (else the newest) and open unit. */
export function pickPublished<P extends Published>(
  params: URLSearchParams,
  list: readonly P[],
): { item: P; scope: RankingScope; code: string | null } | null {
  const key = params.get('key')
  const unit = params.get('unit')
  const item = list.find((p) => p.period_key === key && p.unit_type === unit) ?? list[0]
  const period = item && periodOfKey(item.period_key)
  if (!item || !period) return null
  return { item, scope: { unitType: item.unit_type, period }, code: params.get('code') || null }
}

export function resultsParams(p: Published, code: string | null = null): Params {
  return { key: p.period_key, unit: p.unit_type, code }
}
