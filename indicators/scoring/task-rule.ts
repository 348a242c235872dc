import { achievement, clean, methodScore } from './methods'
import type { NoDataPolicy, TaskRule } from './scheme.schema'
import type { IndicatorScore } from './score.types'
import { onTimeRate, type TaskFigures } from './task-figures'

/**
 * The lines the plan-task rule adds to a unit's scores. Their ids cannot be catalog ids
 * (those have no dot), so they share `indicator_id` with the indicators' lines. Browser-safe:
 * the client names the lines from here.
 */
export const TASK_ON_TIME = 'tasks.on_time_rate'
export const TASK_OVERDUE = 'tasks.overdue'

export const TASK_LINES = {
  [TASK_ON_TIME]: { name_zh: '规划任务按期完成率', name_en: 'Plan tasks completed on time', unit: '%' },
  [TASK_OVERDUE]: { name_zh: '逾期任务扣分', name_en: 'Deduction for overdue plan tasks', unit: 'tasks' },
} as const

export const isTaskLine = (id: string): id is keyof typeof TASK_LINES => Object.hasOwn(TASK_LINES, id)

type Line = Omit<IndicatorScore, 'contribution' | 'full_points'>

/**
 * The rule's lines for one unit: 规划任务按期完成率 (the method on the on-time rate against
 * 100%, the rule's weight as full marks) and, when the rule has `overdue`, 逾期任务扣分 (no
 * full marks of its own: −min(points_per_task × overdue, cap, the rate line's points), so the
 * rule's points never go below 0, 扣完为止). No task due: no data, both lines as the policy says.
 */
export function scoreTaskRule(
  rule: TaskRule,
  figures: TaskFigures | undefined,
  noData: NoDataPolicy,
): Line[] {
  const rate = onTimeRate(figures)
  const has = rate !== null && figures !== undefined
  const status = has ? 'scored' : noData === 'zero' ? 'no_data_zero' : 'no_data_excluded'
  const common = {
    target: null,
    bonus: 0,
    applied: status !== 'no_data_excluded',
    no_data: !has,
    status,
  } as const
  const counts = has ? { tasks: { ...figures } } : {}
  const score = has ? methodScore(rule.method, rule.weight, rate, 1, 'higher') : 0
  const onTime: Line = {
    ...common,
    indicator_id: TASK_ON_TIME,
    method: rule.method.type,
    value: rate,
    target: 1,
    achievement: has ? achievement(rate, 1, 'higher') : null,
    max: rule.weight,
    score,
    ...counts,
  }
  if (!rule.overdue) return [onTime]
  const { points_per_task, cap } = rule.overdue
  const lost = has ? clean(Math.min(points_per_task * figures.overdue, cap ?? rule.weight, score)) : 0
  const overdue: Line = {
    ...common,
    indicator_id: TASK_OVERDUE,
    method: 'overdue_deduction',
    value: has ? figures.overdue : null,
    achievement: null,
    max: 0,
    score: lost > 0 ? -lost : 0,
    ...counts,
  }
  return [onTime, overdue]
}
