import type { Inputs, Outputs } from '../../lib/types'

/** The ranking API's shapes, taken from the server's router (one source of truth). */
export type RankingView = Outputs['ranking']['get']
export type RankingScope = Inputs['ranking']['get']
export type UnitType = RankingScope['unitType']
export type Period = RankingScope['period']
export type PeriodType = NonNullable<Period['type']>
export type RankingStatus = RankingView['status']
export type UnitScore = RankingView['result']['units'][number]
export type IndicatorScore = UnitScore['indicators'][number]
export type Adjustment = UnitScore['adjustments'][number]
export type MethodType = IndicatorScore['method']

/** One line of the ranking table: the unit's score joined with its change against the previous period. */
export interface RankingRow {
  code: string
  name: string
  rank: number | null
  total: number | null
  base: number
  bonus: number
  adjustment: number
  rank_change: number | null
  total_change: number | null
}
