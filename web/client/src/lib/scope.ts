import type { Params } from './router'
import type { Me } from './types'

/** The scope a leader picks (year, as-of date, town, department), kept in the URL. */
export interface Scope {
  year: number
  asOf?: string
  regionCode?: string
  deptCode?: string
  /** Set by a drill-down into the villages of the town in scope. */
  drill?: 'village'
}

/**
 * The scope in the URL at `year`: the page resolves the year first (the URL's, when it falls
 * in a plan — lib/plans.ts `yearFromUrl` — else the plan's default year), so an as-of date
 * outside that year is dropped.
 */
export function scopeFromParams(params: URLSearchParams, me: Me, year: number): Scope {
  const asOf = params.get('asOf') ?? ''
  const region = params.get('region') ?? ''
  const dept = params.get('dept') ?? ''
  return {
    year,
    ...(/^\d{4}-\d{2}-\d{2}$/.test(asOf) && asOf.startsWith(String(year)) ? { asOf } : {}),
    ...(region ? { regionCode: region } : {}),
    ...(region && params.get('drill') === 'village' ? { drill: 'village' as const } : {}),
    // A department account's scope is its own department (the server forces it too).
    ...(me.role !== 'department' && dept ? { deptCode: dept } : {}),
  }
}

export function scopeToParams(scope: Scope): Params {
  return {
    year: scope.year,
    asOf: scope.asOf,
    region: scope.regionCode,
    dept: scope.deptCode,
    drill: scope.drill,
  }
}

/** The date the scope stands at: the as-of date, else the year's last day. */
export function scopeDate(scope: Scope): string {
  return scope.asOf ?? `${scope.year}-12-31`
}
