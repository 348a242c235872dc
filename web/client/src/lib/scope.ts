import type { Params } from './router'
import type { Me } from './types'

export const YEARS = [2021, 2022, 2023, 2024, 2025] as const

/** The scope a leader picks (year, as-of date, town, department), kept in the URL. */
export interface Scope {
  year: number
  asOf?: string
  regionCode?: string
  deptCode?: string
}

export function scopeFromParams(params: URLSearchParams, me: Me): Scope {
  const y = Number(params.get('year'))
  const year = (YEARS as readonly number[]).includes(y) ? y : 2025
  const asOf = params.get('asOf') ?? ''
  const region = params.get('region') ?? ''
  const dept = params.get('dept') ?? ''
  return {
    year,
    ...(/^\d{4}-\d{2}-\d{2}$/.test(asOf) && asOf.startsWith(String(year)) ? { asOf } : {}),
    ...(region ? { regionCode: region } : {}),
    // A department account's scope is its own department (the server forces it too).
    ...(me.role !== 'department' && dept ? { deptCode: dept } : {}),
  }
}

export function scopeToParams(scope: Scope): Params {
  return { year: scope.year, asOf: scope.asOf, region: scope.regionCode, dept: scope.deptCode }
}

/** The date the scope stands at: the as-of date, else the year's last day. */
export function scopeDate(scope: Scope): string {
  return scope.asOf ?? `${scope.year}-12-31`
}
