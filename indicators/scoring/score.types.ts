import type { MethodType, NoDataPolicy, UnitType } from './scheme.schema'
import type { TaskFigures } from './task-figures'

/**
 * The result of scoring one period, as plain JSON-safe objects (no Maps): it is what an
 * official ranking freezes. Keys are snake_case like the scheme's and the catalog's.
 */

/** Why an indicator that applies to a unit does or does not count in its total. */
export type IndicatorStatus =
  /** value and target present: scored */
  | 'scored'
  /** no value; policy exclude_reweight: left out of both earned and max */
  | 'no_data_excluded'
  /** no value; policy zero: scores 0 against its full weight */
  | 'no_data_zero'
  /** no target for the unit this year: left out whatever the policy (not the unit's doing) */
  | 'no_target'

export interface IndicatorScore {
  /**
   * The catalog indicator scored, or one of the plan-task rule's lines (task-rule.ts):
   * `tasks.on_time_rate` (value: the on-time rate, target 100%) and `tasks.overdue` (value:
   * the overdue count; max 0 and score ≤ 0, the deduction out of the rule's points).
   */
  indicator_id: string
  /** the rule's method; `overdue_deduction` on the overdue line */
  method: MethodType | 'overdue_deduction'
  value: number | null
  target: number | null
  /** value ÷ target (target ÷ value for lower-is-better), uncapped; null without both */
  achievement: number | null
  /** full marks in weight points (the rule's weight) */
  max: number
  /** base score earned, 0 … max, in weight points (the raw score) */
  score: number
  /** bonus points for beating the target, added to the total unscaled */
  bonus: number
  /** counts in the total: its max is in the unit's denominator */
  applied: boolean
  no_data: boolean
  status: IndicatorStatus
  /**
   * 得分 — the points this indicator earned on the unit's 0–100 scale: score × 100 ÷ the
   * unit's applicable max (0 when not applied). Σ contribution is the unit's base score.
   */
  contribution: number
  /**
   * 满分 — what this indicator is worth on the unit's 0–100 scale: max × 100 ÷ the unit's
   * applicable max (its weight's share of 100 after any re-weighting; 0 when not applied).
   * contribution ≤ full_points; Σ full_points over applied indicators is 100.
   */
  full_points: number
  /** the plan-task lines only, when tasks are due: the department's counts behind the line */
  tasks?: TaskFigures
}

export interface Adjustment {
  unit_code: string
  /** points added to the total (negative to deduct) */
  points: number
  reason: string
  author: string
  /** when it was made (ISO or the warehouse's DateTime text) */
  at: string
}

export interface UnitScore {
  unit_code: string
  unit_name: string | null
  /** the rules that apply to the unit, in scheme order */
  indicators: IndicatorScore[]
  /** Σ score of applied indicators (weight points) */
  earned: number
  /** Σ max of applied indicators (weight points); 0 means nothing could be scored */
  max: number
  /** Σ contribution = earned ÷ max × 100 */
  base: number
  /** Σ bonus */
  bonus: number
  /** Σ adjustments' points */
  adjustment: number
  adjustments: Adjustment[]
  /** base + bonus + adjustment; null (and unranked) when max is 0 */
  total: number | null
  /** competition rank, 1 = best; null when total is null */
  rank: number | null
}

export interface ScoreResult {
  scheme_id: string
  scheme_version: number
  unit_type: UnitType
  no_data: NoDataPolicy
  /** by rank, then unit code; unranked units last */
  units: UnitScore[]
  /** adjustments naming a unit that is not in the result (kept, never silently dropped) */
  unmatched_adjustments: Adjustment[]
}

export interface RankChange {
  unit_code: string
  unit_name: string | null
  rank: number | null
  previous_rank: number | null
  /** previous_rank − rank: positive means the unit moved up; null without both ranks */
  rank_change: number | null
  total: number | null
  previous_total: number | null
  /** total − previous_total; null without both totals */
  total_change: number | null
}
