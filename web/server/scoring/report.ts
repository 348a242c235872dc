import type { Unit } from '../../../indicators/catalog.schema'
import type { TaskFigures } from '../../../indicators/scoring/task-figures'
import { isTaskLine, TASK_LINES, TASK_ON_TIME, TASK_OVERDUE } from '../../../indicators/scoring/task-rule'
import type { RankingReport } from '../reports'
import type { RankingView } from './ranking.service'

const UNIT_LABEL = { department: '部门', town: '镇（街道）' } as const

/** How the figures add up; printed under every ranking and report card (the screen says the same). */
export const SCORE_NOTE =
  '满分（百分制）= 指标权重折算到100分中的分值；得分 = 该指标在其满分中获得的分数；基础分 = 各指标得分之和（最高100）；总分 = 基础分 + 加分（超额完成目标）+ 调整分，因此可能超过100。'

/** Printed under rankings whose scheme scores the plan tasks (the second part with a deduction). */
export function taskNote(withDeduction: boolean): string {
  return withDeduction
    ? '规划任务按期完成率 = 按期完成的任务 ÷ 截至期末到期的任务（按牵头部门计）；逾期任务扣分从规划任务一项的分值中扣除，扣完为止。(Plan tasks: on time ÷ due by the period end, per lead department; overdue deductions come out of the task rule’s points, down to 0.)'
    : '规划任务按期完成率 = 按期完成的任务 ÷ 截至期末到期的任务（按牵头部门计）。(Plan tasks: on time ÷ due by the period end, per lead department.)'
}

/** The counts behind 规划任务按期完成率, as the report card prints them. */
export function taskCounts(f: TaskFigures): string {
  return `到期${f.due}项：按期完成${f.on_time}项，逾期完成${f.done_late}项，逾期未完成${f.overdue}项`
}

/** The ranking as the document builders take it: ranked units only, parts with names. */
export function toRankingReport(view: RankingView, units: Map<string, Unit>): RankingReport {
  const changes = new Map(view.changes.map((c) => [c.unit_code, c]))
  const r = view.result
  const lines = new Set(r.units.flatMap((u) => u.indicators.map((i) => i.indicator_id)))
  return {
    title: `${view.period_label}${UNIT_LABEL[r.unit_type]}数字政府建设考核排名`,
    period_label: view.period_label,
    unit_type: r.unit_type,
    scheme_id: r.scheme_id,
    frozen_at: view.status === 'live' ? null : view.changed_at,
    published_at: view.status === 'published' ? view.changed_at : null,
    generated_at: new Date(),
    notes: [
      SCORE_NOTE,
      r.no_data === 'exclude_reweight'
        ? '无数据的指标不计分，其权重按比例分配给其余指标。(No-data indicators are left out and the rest re-weighted.)'
        : '无数据的指标计0分。(No-data indicators score zero.)',
      ...(lines.has(TASK_ON_TIME) ? [taskNote(lines.has(TASK_OVERDUE))] : []),
    ],
    rows: r.units
      .filter((u) => u.rank !== null && u.total !== null)
      .map((u) => ({
        rank: u.rank!,
        unit_code: u.unit_code,
        unit_name: u.unit_name ?? u.unit_code,
        total: u.total!,
        base: u.base,
        bonus: u.bonus,
        rank_change: changes.get(u.unit_code)?.rank_change ?? null,
        total_change: changes.get(u.unit_code)?.total_change ?? null,
        adjustments_points: u.adjustment,
        frozen: view.status !== 'live',
        adjustments: u.adjustments.map((a) => ({
          points: a.points,
          reason: a.reason,
          author: view.people[a.author] ?? a.author,
          at: a.at,
        })),
        parts: u.indicators.map((p) => ({
          indicator_id: p.indicator_id,
          indicator_name: view.indicator_names[p.indicator_id] ?? p.indicator_id,
          value: p.value,
          target: p.target,
          unit: isTaskLine(p.indicator_id)
            ? TASK_LINES[p.indicator_id].unit
            : (units.get(p.indicator_id) ?? '%'),
          weight: p.max,
          score: p.applied ? p.contribution : null,
          max: p.full_points,
          bonus: p.bonus,
          no_data: p.no_data,
          ...(p.method === 'overdue_deduction' ? { deduction: true } : {}),
          ...(p.indicator_id === TASK_ON_TIME && p.tasks ? { note: taskCounts(p.tasks) } : {}),
        })),
      })),
  }
}
