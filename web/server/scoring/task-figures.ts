import type { Plan } from '../../../indicators/plans'
import { type TaskFigures, taskFigures } from '../../../indicators/scoring/task-figures'
import { shanghaiDate } from '../../../indicators/shanghai-time'
import { departmentDirectory } from '../tasks/departments'
import { loadBoard } from '../tasks/tasks.service'
import type { AppDeps } from '../trpc'
import type { Period } from './period'

export interface PeriodTasks {
  /** department code → its figures; departments without a counted task are absent (no data) */
  figures: Map<string, TaskFigures>
  /** department code → name, for departments that lead a task (one may have no indicator values) */
  names: Map<string, string>
}

/**
 * The plan-task figures of a period for the ranking: the plan's task board (its own tasks
 * and the local ones, with accepted completions), counted as of the period's end and today
 * (Asia/Shanghai) by the one rule in indicators/scoring/task-figures.ts.
 */
export async function periodTaskFigures(
  deps: Pick<AppDeps, 'meta' | 'semantic'>,
  plan: Plan,
  period: Pick<Period, 'to'>,
  now = new Date(),
): Promise<PeriodTasks> {
  const board = await loadBoard(deps, plan, await departmentDirectory(deps), now)
  const names = new Map<string, string>()
  for (const t of board) if (t.lead?.code) names.set(t.lead.code, t.lead.name)
  return { figures: taskFigures(board, { periodEnd: period.to, today: shanghaiDate(now) }), names }
}
