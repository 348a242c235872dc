import type { QueryParams } from '../../warehouse/client'
import { alwaysPresentCount, type ServiceItem } from './catalogue'
import { allVillages, type Department, type Town, type Village } from './dimensions'
import { EXPORT_AT, FACTS_START } from './story'

/**
 * What every fact query shares: the dimensions as server-side array parameters
 * (codes are values, so they travel as parameters) and the same lists in JavaScript
 * for generating per-department/per-town constants.
 */
export interface FactContext {
  depts: readonly Department[]
  towns: readonly Town[]
  villages: readonly Village[]
  items: readonly ServiceItem[]
  /** the first `alwaysPresent` items exist in every snapshot year */
  alwaysPresent: number
  params: QueryParams
}

/** SQL text declaring the shared parameters, one place for their names and types. */
export const P = {
  start: `toDateTime({factsStart:String}, 'Asia/Shanghai')`,
  exportAt: `toDateTime({exportAt:String}, 'Asia/Shanghai')`,
  depts: '{deptCodes:Array(String)}',
  towns: '{townCodes:Array(String)}',
  villages: '{villageCodes:Array(String)}',
  items: '{itemCodes:Array(String)}',
  itemDept: '{itemDept:Array(UInt8)}',
  itemFrom: '{itemFrom:Array(UInt16)}',
  itemTo: '{itemTo:Array(UInt16)}',
  itemOnline: '{itemOnline:Array(UInt16)}',
  itemFull: '{itemFull:Array(UInt16)}',
  itemMobile: '{itemMobile:Array(UInt16)}',
  itemOneVisit: '{itemOneVisit:Array(UInt16)}',
  itemCert: '{itemCert:Array(UInt8)}',
  itemDays: '{itemDays:Array(UInt16)}',
} as const

export function buildFactContext(depts: Department[], towns: Town[], items: ServiceItem[]): FactContext {
  const villages = allVillages(towns)
  return {
    depts,
    towns,
    villages,
    items,
    alwaysPresent: alwaysPresentCount(items),
    params: {
      factsStart: FACTS_START,
      exportAt: EXPORT_AT,
      deptCodes: depts.map((d) => d.code),
      townCodes: towns.map((t) => t.code),
      villageCodes: villages.map((v) => v.code),
      itemCodes: items.map((it) => it.code),
      // 1-based, like ClickHouse arrays.
      itemDept: items.map((it) => it.deptIndex + 1),
      itemFrom: items.map((it) => it.fromYear),
      itemTo: items.map((it) => it.toYear),
      itemOnline: items.map((it) => it.firstYear.online),
      itemFull: items.map((it) => it.firstYear.full),
      itemMobile: items.map((it) => it.firstYear.mobile),
      itemOneVisit: items.map((it) => it.firstYear.oneVisit),
      itemCert: items.map((it) => (it.cert ? 1 : 0)),
      itemDays: items.map((it) => it.promisedDays),
    },
  }
}

/** Per-department constant array (1-based by dept index in SQL). */
export const perDept = (ctx: FactContext, f: (d: Department) => number): number[] => ctx.depts.map(f)

/** Per-town constant array (1-based by town index in SQL). */
export const perTown = (ctx: FactContext, f: (t: Town) => number): number[] => ctx.towns.map(f)

/** Village weights: a town's population spread evenly over its villages. */
export const villageWeights = (ctx: FactContext): number[] =>
  ctx.villages.map((v) => ctx.towns[v.townIndex]!.weight / ctx.towns[v.townIndex]!.villages.length)

/** Town index (1-based) of each village, for rolling village draws up to town lags. */
export const villageTown = (ctx: FactContext): number[] => ctx.villages.map((v) => v.townIndex + 1)
