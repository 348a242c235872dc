import type { T } from '../../i18n/i18n'
import type { Params } from '../../lib/router'
import type { Period, PeriodType, RankingScope, UnitType } from './types'

export const PERIOD_TYPES: readonly PeriodType[] = ['year', 'quarter', 'month']
export const UNIT_TYPES: readonly UnitType[] = ['department', 'town']

/** What the page shows, kept in the URL: `#/ranking?unit=town&year=2024&period=quarter&index=2&code=…`. */
export interface Selection {
  scope: RankingScope
  /** the unit whose score card is open */
  code: string | null
}

/** How many sub-periods a period type has in a year (quarters 1–4, months 1–12). */
export function indexCount(type: PeriodType): number {
  return type === 'quarter' ? 4 : type === 'month' ? 12 : 0
}

/**
 * The selection in the URL at `year`, which the page resolves first: the URL's when it falls
 * in a plan (lib/plans.ts `yearFromUrl`), else the server's latest closed year with data.
 */
export function selectionFromParams(params: URLSearchParams, year: number): Selection {
  const unitType: UnitType = params.get('unit') === 'town' ? 'town' : 'department'
  const rawType = params.get('period') as PeriodType | null
  const type: PeriodType = rawType && PERIOD_TYPES.includes(rawType) ? rawType : 'year'
  const n = indexCount(type)
  const i = Number(params.get('index'))
  const period: Period =
    n === 0 ? { type, year } : { type, year, index: Number.isInteger(i) && i >= 1 && i <= n ? i : 1 }
  return { scope: { unitType, period }, code: params.get('code') || null }
}

export function selectionToParams(sel: Selection): Params {
  const { unitType, period } = sel.scope
  return {
    unit: unitType === 'department' ? undefined : unitType,
    year: period.year,
    period: period.type === 'year' ? undefined : period.type,
    index: period.type === 'year' ? undefined : period.index,
    code: sel.code,
  }
}

/** "2024年度", "2024年第2季度", "2024年3月" (and the English forms). */
export function periodLabel(p: Period, t: T): string {
  const type = p.type ?? 'year'
  if (type === 'year') return t('rk.label.year', { year: p.year })
  return t(type === 'quarter' ? 'rk.label.quarter' : 'rk.label.month', { year: p.year, n: p.index ?? 1 })
}
