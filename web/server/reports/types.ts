import type { Unit } from '../../../indicators/catalog.schema'
import type { BriefingIndicator, LaggingUnit } from '../../../semantic-layer/queries/briefing'
import type { BriefingTasks } from '../tasks/task-summary'
import type { BriefingNotes } from './report-notes'

/**
 * Inputs of the report builders (issue 6, "Exports"). Plain data, snake_case like the
 * catalog and the scoring API, so the scorer's output and a frozen ranking's stored payload
 * can be passed as they are. The builders do no scoring and no lookups: what is given is
 * what is printed.
 *
 * Conventions shared by every type here:
 * - rates (`unit: '%'`) are fractions (0.85 is 85%); `users` are plain counts;
 * - timestamps are strings: a zone-less 'YYYY-MM-DD HH:mm[:ss]' is read as Asia/Shanghai
 *   local time (the warehouse convention), an ISO string with Z/offset or a Date is
 *   converted to Shanghai time; reports show them to the minute;
 * - `null` means unknown and prints as "—".
 */

export type UnitType = 'department' | 'town'

/**
 * One indicator's part in a unit's total, on the unit's 0–100 scale (computed once by the
 * scorer, see indicators/scoring/score.types.ts): 满分 `max` is the indicator's weight as a
 * share of 100 after any re-weighting, 得分 `score` the points earned out of it; the base
 * score is Σ score (at most 100), the total base + Σ bonus + adjustments.
 */
export interface ScorePart {
  indicator_id: string
  indicator_name: string
  /** the unit's actual value for the period */
  value: number | null
  /** the target the score was measured against (unit- or plan-level) */
  target: number | null
  /** `tasks`: a count of plan tasks (the overdue line of the plan-task rule) */
  unit: Unit | 'tasks'
  /** the scheme's weight of the indicator (weight points, before rescaling to 100) */
  weight: number
  /** 得分: points earned out of `max`; null when the indicator does not count (no data under exclude_reweight, no target) */
  score: number | null
  /** 满分: full marks of this indicator on the unit's 0–100 scale (after any re-weighting) */
  max: number
  /** 加分: bonus points for beating the target, added to the total on top of the base score */
  bonus: number
  /** the value was missing; the score column then shows how the scheme treated it */
  no_data: boolean
  /** a deduction line (逾期任务扣分): no weight or full marks of its own, score ≤ 0 */
  deduction?: boolean
  /** what stands behind the line, printed with it (the plan-task lines' counts) */
  note?: string
}

/** A manual adjustment, printed on the unit's report card. */
export interface ScoreAdjustment {
  points: number
  reason: string
  author: string
  at: string
}

export interface RankingRow {
  /** 1-based; ties share a rank */
  rank: number
  unit_code: string
  unit_name: string
  /** base + bonus + adjustments_points (may exceed 100 with bonus or adjustments) */
  total: number
  /** 基础分: Σ parts.score, at most 100 */
  base: number
  /** 加分: Σ parts.bonus */
  bonus: number
  /** previous rank − this rank: positive = moved up; null when not ranked last period */
  rank_change: number | null
  /** this total − previous total; null when not scored last period */
  total_change: number | null
  /** sum of the manual adjustments (may be negative; 0 when none) */
  adjustments_points: number
  /** true when the row comes from the stored official (frozen) ranking */
  frozen: boolean
  parts: ScorePart[]
  /** the adjustments behind adjustments_points, for the report card; optional */
  adjustments?: ScoreAdjustment[]
}

export interface RankingReport {
  /** e.g. '2024年度部门数字政府建设考核排名' */
  title: string
  /** e.g. '2024年度', '2024年第3季度' */
  period_label: string
  unit_type: UnitType
  scheme_id: string
  /** when the period was frozen; null = provisional ranking (may change with reloads) */
  frozen_at: string | null
  /** when the frozen ranking was published; null = not published */
  published_at: string | null
  /** in rank order */
  rows: RankingRow[]
  generated_at: string | Date
  /** footnotes printed under the tables, e.g. how "no data" is scored under this scheme */
  notes?: string[]
}

// The briefing's figures are assembled by the semantic layer's briefing query; the report
// renders exactly those shapes.
export type { BriefingIndicator, LaggingUnit } from '../../../semantic-layer/queries/briefing'
export type { BriefingTasks, FinalTasks, TaskLine } from '../tasks/task-summary'
export type { BriefingNotes, ReportNote } from './report-notes'

export interface Briefing {
  /** e.g. '数字政府"十四五"规划指标监测简报' */
  title: string
  period_label: string
  /** 'YYYY-MM-DD', the scorecard's "数据截至" */
  as_of: string
  /** every indicator, in display order (grouped by area_zh in the PDF) */
  indicators: BriefingIndicator[]
  /** the indicators to call out (status at_risk or behind), most urgent first */
  off_track: BriefingIndicator[]
  /** largest gaps first */
  lagging_units: LaggingUnit[]
  /** the plan's tasks as the caller may see them (web/server/tasks/task-summary.ts) */
  tasks: BriefingTasks
  /** notes on indicators evaluators selected for the reports, as the reader may see them */
  notes?: BriefingNotes
  generated_at: string | Date
}
