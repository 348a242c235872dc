import { TASK_STATUS_ZH, type TaskStatus } from '../../../../indicators/tasks/status'
import { shanghaiMinute } from '../../reports/format'
import { involves, type TaskView } from '../../tasks/board'
import { departmentDirectory } from '../../tasks/departments'
import { loadBoard } from '../../tasks/tasks.service'
import { type AlertEvent, type AlertRun, once } from '../event'

const DAY_MS = 86_400_000

/** The current plan's tasks as of the run (once per run). */
function board(run: AlertRun): Promise<TaskView[]> {
  return once(run, 'tasks', async () => {
    const departments = await departmentDirectory(run.deps)
    return loadBoard(run.deps, run.deps.plans.current, departments, run.now)
  })
}

const link = (t: TaskView) => `#/tasks/${encodeURIComponent(t.id)}`
const leadLine = (t: TaskView) => `牵头部门：${t.lead?.name ?? '待分配'}`

/** Tasks whose status is one of `statuses`; each is its lead department's (when one is known). */
export async function taskStatusEvents(
  run: AlertRun,
  statuses: readonly TaskStatus[],
): Promise<AlertEvent[]> {
  const plan = run.deps.plans.current
  return (await board(run))
    .filter((t) => statuses.includes(t.status))
    .map((t) => ({
      key: `${plan.id}:${t.id}:${t.status}`,
      ...(t.lead?.code ? { dept: t.lead.code } : {}),
      title: `规划任务「${t.title_zh}」${TASK_STATUS_ZH[t.status]}`,
      lines: [leadLine(t), `完成时限：${t.deadline}`, `已审核进度：${t.progress}%`],
      link: link(t),
      facts: { task: t.id, status: t.status, deadline: t.deadline, progress: t.progress },
    }))
}

/** Check-ins awaiting review for more than `days` days (for the evaluators). */
export async function waitingCheckinEvents(run: AlertRun, days: number): Promise<AlertEvent[]> {
  return (await board(run)).flatMap((t) => {
    if (!t.pending) return []
    const waited = Math.floor((run.now.getTime() - new Date(t.pending.filed_at).getTime()) / DAY_MS)
    if (waited <= days) return []
    return [
      {
        key: `checkin:${t.pending.id}`,
        ...(t.lead?.code ? { dept: t.lead.code } : {}),
        title: `任务进展待审核已 ${waited} 天：「${t.title_zh}」`,
        lines: [
          leadLine(t),
          `填报进度：${t.pending.percent}%`,
          `填报时间：${shanghaiMinute(t.pending.filed_at)}`,
        ],
        link: link(t),
        facts: { task: t.id, checkin: t.pending.id, waiting_days: waited },
      },
    ]
  })
}

/** Tasks a department leads or co-operates on, for its own subscription. */
export async function departmentTaskEvents(
  run: AlertRun,
  statuses: readonly TaskStatus[],
  dept: string,
): Promise<AlertEvent[]> {
  const events = await taskStatusEvents(run, statuses)
  const mine = new Set((await board(run)).filter((t) => involves(t, dept)).map((t) => t.id))
  return events.filter((e) => mine.has(String(e.facts.task))).map((e) => ({ ...e, dept }))
}
