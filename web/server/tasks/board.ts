import type { Plan } from '../../../indicators/plans'
import { shanghaiDate } from '../../../indicators/shanghai-time'
import {
  type AcceptedProgress,
  TASK_STATUS_ZH,
  type TaskStatus,
  taskStatus,
} from '../../../indicators/tasks/status'
import type { PlanTask, TaskKind } from '../../../indicators/tasks/task.schema'
import type { AssignmentRow, CheckinRow, DeptRef, LocalTaskRow } from './tasks.store'

/**
 * A plan's tasks as people see them: the plan's own (tasks.yml) and the locally agreed ones,
 * each with who leads it, what was reported and accepted, and its status by the one rule
 * (indicators/tasks/status.ts). Pure: the API, the CLI, the briefing and the reports build
 * the same board from the same rows.
 */

/** A department named by a task: matched to the district's departments when it can be. */
export interface TaskDept {
  name: string
  /** The district department's code; null when no department matches the name. */
  code: string | null
}

export interface TaskView {
  id: string
  title_zh: string
  kind: TaskKind | 'local'
  area: string
  origin: 'plan' | 'local'
  /** The plan document's words, cited as 《document》; null for a local task. */
  source: { document: string; seed: string; clause: string } | null
  /** Where a local task was agreed. */
  basis: string | null
  /** Null: 待分配 (the text names none and no evaluator assigned one). */
  lead: TaskDept | null
  partners: TaskDept[]
  /** An evaluator assigned the lead/partners (else: as the plan names them). */
  assigned: { by: string; at: string; note: string } | null
  start: string
  deadline: string
  deadline_stated: PlanTask['deadline_stated'] | 'date'
  indicators: string[]
  /** The latest accepted percent done (0 when none). */
  progress: number
  /** The day the accepted completion was filed (YYYY-MM-DD), or null. */
  completed_on: string | null
  /** The check-in awaiting review, if one does. */
  pending: { id: number; percent: number; filed_at: string } | null
  last_checkin_at: string | null
  status: TaskStatus
  status_zh: string
}

/** Level prefixes a district department's name may carry before the role the plan names. */
const LEVELS = ['区', '市', '县', '新区']

/** The one department whose name is `name`, or a level prefix and `name`; none when ambiguous. */
export function matchDepartment(name: string, departments: readonly DeptRef[]): DeptRef | undefined {
  const exact = departments.filter((d) => d.name === name)
  if (exact.length === 1) return exact[0]
  const prefixed = departments.filter((d) => LEVELS.some((l) => d.name === `${l}${name}`))
  return prefixed.length === 1 ? prefixed[0] : undefined
}

const named = (name: string, departments: readonly DeptRef[]): TaskDept => {
  const d = matchDepartment(name, departments)
  return d ? { name: d.name, code: d.code } : { name, code: null }
}

/** Accepted progress of one task from its check-ins (oldest first). */
export function acceptedProgress(rows: readonly CheckinRow[]): AcceptedProgress {
  const accepted = rows.filter((r) => r.state === 'accepted')
  const done = accepted.find((r) => r.percent === 100)
  return {
    percent: accepted.at(-1)?.percent ?? 0,
    completed_on: done ? shanghaiDate(new Date(done.filed_at)) : null,
  }
}

export interface BoardInput {
  plan: Pick<Plan, 'tasks' | 'catalog'>
  local: readonly LocalTaskRow[]
  assignments: ReadonlyMap<string, AssignmentRow>
  /** Every check-in of the plan's tasks, oldest first. */
  checkins: readonly CheckinRow[]
  departments: readonly DeptRef[]
  /** YYYY-MM-DD, Asia/Shanghai. */
  today: string
}

export function buildBoard(input: BoardInput): TaskView[] {
  const { plan, departments, today } = input
  const byTask = new Map<string, CheckinRow[]>()
  for (const c of input.checkins) {
    const list = byTask.get(c.task_id)
    if (list) list.push(c)
    else byTask.set(c.task_id, [c])
  }
  const margin = plan.tasks.at_risk_margin
  const view = (
    base: Omit<
      TaskView,
      | 'lead'
      | 'partners'
      | 'assigned'
      | 'progress'
      | 'completed_on'
      | 'pending'
      | 'last_checkin_at'
      | 'status'
      | 'status_zh'
    >,
    statedLead: string | null,
    statedPartners: readonly string[],
  ): TaskView => {
    const a = input.assignments.get(base.id)
    const rows = byTask.get(base.id) ?? []
    const progress = acceptedProgress(rows)
    const pending = rows.find((r) => r.state === 'pending')
    const status = taskStatus(base, progress, today, margin)
    return {
      ...base,
      lead: a ? a.lead : statedLead === null ? null : named(statedLead, departments),
      partners: a ? a.partners : statedPartners.map((p) => named(p, departments)),
      assigned: a ? { by: a.assigned_by, at: a.assigned_at, note: a.note } : null,
      progress: progress.percent,
      completed_on: progress.completed_on,
      pending: pending ? { id: pending.id, percent: pending.percent, filed_at: pending.filed_at } : null,
      last_checkin_at: rows.at(-1)?.filed_at ?? null,
      status,
      status_zh: TASK_STATUS_ZH[status],
    }
  }
  const seeds = plan.catalog.seeds
  const own = plan.tasks.tasks.map((t) =>
    view(
      {
        id: t.id,
        title_zh: t.title_zh,
        kind: t.kind,
        area: t.area,
        origin: 'plan',
        source: { document: seeds[t.source.seed]?.title ?? '', seed: t.source.seed, clause: t.source.clause },
        basis: null,
        start: t.start,
        deadline: t.deadline,
        deadline_stated: t.deadline_stated,
        indicators: [...t.indicators],
      },
      t.lead,
      t.partners,
    ),
  )
  const local = input.local.map((t) =>
    view(
      {
        id: t.id,
        title_zh: t.title_zh,
        kind: 'local',
        area: t.area,
        origin: 'local',
        source: null,
        basis: t.basis,
        start: t.start,
        deadline: t.deadline,
        deadline_stated: 'date',
        indicators: t.indicators,
      },
      null,
      [],
    ),
  )
  return [...own, ...local]
}

/** A department sees the tasks it leads or co-operates on. */
export function involves(task: Pick<TaskView, 'lead' | 'partners'>, deptCode: string): boolean {
  return task.lead?.code === deptCode || task.partners.some((p) => p.code === deptCode)
}
