/**
 * A plan task's status: one rule, derived from its dates, today and what was reported and
 * accepted. Deadlines are dates (the last day due, inclusive), so holidays play no part.
 * Pure: the server, the CLI and the reports all use it.
 */

/** In the order lists show them: what needs attention first. */
export const TASK_STATUSES = [
  'overdue',
  'at_risk',
  'in_progress',
  'not_started',
  'done_late',
  'done_on_time',
] as const
export type TaskStatus = (typeof TASK_STATUSES)[number]

export const TASK_STATUS_ZH: Record<TaskStatus, string> = {
  overdue: '逾期',
  at_risk: '有风险',
  in_progress: '进行中',
  not_started: '未开始',
  done_late: '逾期完成',
  done_on_time: '按期完成',
}

export const isDone = (s: TaskStatus) => s === 'done_on_time' || s === 'done_late'

/** What the responsible department reported and an evaluator accepted. */
export interface AcceptedProgress {
  /** The latest accepted check-in's percent done (0–100); 0 when none was accepted. */
  percent: number
  /**
   * The day (YYYY-MM-DD, Asia/Shanghai) the accepted completion check-in (100%) was filed:
   * the department reported completion then, whenever the evaluator got to it. Null: not done.
   */
  completed_on: string | null
}

const DAY_MS = 86_400_000
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS

/**
 * Share of the task's days (start to deadline, both inclusive) that are over by the end of
 * `today`: 0 before the start, 1 from the deadline on.
 */
export function timeElapsed(task: { start: string; deadline: string }, today: string): number {
  const total = dayNumber(task.deadline) - dayNumber(task.start) + 1
  if (total <= 0) return 1
  const over = dayNumber(today) - dayNumber(task.start) + 1
  return Math.min(1, Math.max(0, over / total))
}

/**
 * - 按期完成 / 逾期完成: an accepted completion check-in, filed on or before / after the deadline;
 * - 逾期: not done and the deadline has passed;
 * - 有风险: accepted progress trails the time elapsed by more than `margin`
 *   (percent/100 + margin < elapsed);
 * - 未开始: nothing accepted yet (0%) and not at risk;
 * - 进行中: the rest.
 */
export function taskStatus(
  task: { start: string; deadline: string },
  progress: AcceptedProgress,
  today: string,
  margin: number,
): TaskStatus {
  if (progress.completed_on !== null) {
    return progress.completed_on <= task.deadline ? 'done_on_time' : 'done_late'
  }
  if (today > task.deadline) return 'overdue'
  if (progress.percent / 100 + margin < timeElapsed(task, today)) return 'at_risk'
  return progress.percent === 0 ? 'not_started' : 'in_progress'
}
