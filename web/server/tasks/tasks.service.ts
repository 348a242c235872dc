import { AppError } from '../../../errors/app-error'
import { AREA_CODES } from '../../../indicators/catalog.schema'
import type { Plan } from '../../../indicators/plans'
import { shanghaiDate } from '../../../indicators/shanghai-time'
import { isDone, TASK_STATUSES, type TaskStatus } from '../../../indicators/tasks/status'
import type { MetaDatabase } from '../../../meta/store'
import { audit, type PublicUser } from '../auth/users.store'
import { displayNames } from '../scoring/ranking.store'
import { buildBoard, involves, type TaskView } from './board'
import {
  addAssignment,
  addLocalTask,
  attachEvidence,
  checkinById,
  checkins,
  type DeptRef,
  decideCheckin,
  evidenceOf,
  insertCheckin,
  latestAssignments,
  localTasks,
} from './tasks.store'

/**
 * Plan tasks as people work on them: the board (every task with its status), one task with
 * its check-in timeline, a department's check-in, an evaluator's review, assignments and
 * locally agreed tasks. Every change is one transaction with its audit entry.
 */

export const NOTE_MAX = 1_000
export const REASON_MAX = 500
export const EVIDENCE_PER_CHECKIN = 5
/** Locally agreed tasks a plan may hold: a bound on what one list answer carries. */
export const LOCAL_TASKS_MAX = 500

export interface BoardDeps {
  meta: MetaDatabase
}

/** Every task of a plan with its status as of `now` (Asia/Shanghai day). */
export async function loadBoard(
  deps: BoardDeps,
  plan: Plan,
  departments: readonly DeptRef[],
  now = new Date(),
): Promise<TaskView[]> {
  const [local, assignments, rows] = await Promise.all([
    localTasks(deps.meta, plan.id),
    latestAssignments(deps.meta, plan.id),
    checkins(deps.meta, plan.id),
  ])
  return buildBoard({ plan, local, assignments, checkins: rows, departments, today: shanghaiDate(now) })
}

/** What a caller may see: a department only the tasks it leads or co-operates on. */
export function visibleTo(
  board: readonly TaskView[],
  user: Pick<PublicUser, 'role' | 'dept_code'>,
): TaskView[] {
  if (user.role !== 'department') return [...board]
  const dept = user.dept_code
  return dept ? board.filter((t) => involves(t, dept)) : []
}

/** Tasks by status, in TASK_STATUSES order (overdue first), and the total. */
export function statusCounts(board: readonly TaskView[]): { status: TaskStatus; count: number }[] {
  return TASK_STATUSES.map((status) => ({ status, count: board.filter((t) => t.status === status).length }))
}

/** The order lists use: by status (overdue first), then deadline, then id. */
export function byUrgency(a: TaskView, b: TaskView): number {
  return (
    TASK_STATUSES.indexOf(a.status) - TASK_STATUSES.indexOf(b.status) ||
    a.deadline.localeCompare(b.deadline) ||
    a.id.localeCompare(b.id)
  )
}

const notFound = (id: string) => new AppError('NOT_FOUND', `没有这项任务：${id} (no such task)`)

function findTask(
  board: readonly TaskView[],
  id: string,
  user: Pick<PublicUser, 'role' | 'dept_code'>,
): TaskView {
  const task = visibleTo(board, user).find((t) => t.id === id)
  if (!task) throw notFound(id)
  return task
}

/** One task with its check-ins (newest first), their evidence and who filed and decided. */
export async function taskDetail(
  deps: BoardDeps,
  plan: Plan,
  board: readonly TaskView[],
  user: PublicUser,
  taskId: string,
) {
  const task = findTask(board, taskId, user)
  const rows = await checkins(deps.meta, plan.id, taskId)
  const evidence = await evidenceOf(
    deps.meta,
    rows.map((r) => r.id),
  )
  const names = await displayNames(
    deps.meta,
    rows.flatMap((r) => [r.filed_by, r.reviewed_by ?? '']).concat(task.assigned?.by ?? ''),
  )
  const person = (u: string | null) => (u ? (names.get(u) ?? u) : null)
  return {
    task: {
      ...task,
      assigned: task.assigned ? { ...task.assigned, by_name: person(task.assigned.by) } : null,
    },
    /** The caller may file a check-in: its department leads the task, it is not done, none awaits review. */
    can_check_in:
      user.role === 'department' &&
      task.lead?.code === user.dept_code &&
      !isDone(task.status) &&
      !task.pending,
    can_review: (user.role === 'evaluator' || user.role === 'admin') && task.pending !== null,
    checkins: rows
      .slice()
      .reverse()
      .map((r) => ({
        id: r.id,
        percent: r.percent,
        note: r.note,
        filed_by_name: person(r.filed_by),
        filed_at: r.filed_at,
        state: r.state,
        reviewed_by_name: person(r.reviewed_by),
        reviewed_at: r.reviewed_at,
        review_reason: r.review_reason,
        evidence: evidence
          .filter((e) => e.checkin_id === r.id)
          .map(({ id, file_name, content_type, bytes, sha256 }) => ({
            id,
            file_name,
            content_type,
            bytes,
            sha256,
          })),
      })),
  }
}

/**
 * A department files a check-in on a task it leads: percent done, a note, and evidence it
 * uploaded (at most EVIDENCE_PER_CHECKIN). Refused while another awaits review or once done.
 */
export async function fileCheckin(
  deps: BoardDeps,
  plan: Plan,
  board: readonly TaskView[],
  user: PublicUser,
  input: { taskId: string; percent: number; note: string; evidenceIds: readonly number[] },
): Promise<{ id: number }> {
  const task = findTask(board, input.taskId, user)
  if (user.role !== 'department' || !user.dept_code || task.lead?.code !== user.dept_code) {
    throw new AppError('FORBIDDEN', '只有牵头部门可以填报进展 (only the lead department files check-ins)')
  }
  if (isDone(task.status)) {
    throw new AppError('CONFLICT', '该任务已确认完成，无需再填报 (the task is already complete)')
  }
  const note = input.note.trim()
  if (note.length === 0 || note.length > NOTE_MAX) {
    throw new AppError(
      'BAD_REQUEST',
      `请填写进展说明（不超过${NOTE_MAX}字） (a note of 1–${NOTE_MAX} characters is required)`,
    )
  }
  const ids = [...new Set(input.evidenceIds)]
  if (ids.length > EVIDENCE_PER_CHECKIN) {
    throw new AppError(
      'BAD_REQUEST',
      `每次填报最多附${EVIDENCE_PER_CHECKIN}个证明材料 (at most ${EVIDENCE_PER_CHECKIN} files per check-in)`,
    )
  }
  const dept = user.dept_code
  return deps.meta.transaction().execute(async (trx) => {
    let id: number
    try {
      id = await insertCheckin(trx, {
        plan_id: plan.id,
        task_id: task.id,
        dept_code: dept,
        percent: input.percent,
        note,
        filed_by: user.username,
      })
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new AppError(
          'CONFLICT',
          '该任务已有待审核的填报，请等待审核结果 (a check-in already awaits review)',
        )
      }
      throw err
    }
    const attached = await attachEvidence(trx, ids, user.username, id)
    if (attached !== ids.length) {
      throw new AppError(
        'BAD_REQUEST',
        '证明材料已失效，请重新上传 (an evidence file is no longer available; upload it again)',
      )
    }
    await audit(
      trx,
      user.username,
      'task_checkin_filed',
      `${plan.id}:${task.id}`,
      JSON.stringify({ checkin: id, percent: input.percent, evidence: ids }),
      { after: { state: 'pending', percent: input.percent, note, evidence: ids.length } },
    )
    return { id }
  })
}

/** PostgreSQL's unique_violation (both backends report the SQLSTATE as `code`). */
function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === '23505'
}

/**
 * An evaluator accepts a pending check-in, or returns it with a reason. Two reviewers at once:
 * the first decision stands, the second gets 409.
 */
export async function reviewCheckin(
  deps: BoardDeps,
  plan: Plan,
  user: PublicUser,
  input: { checkinId: number; decision: 'accept' | 'return'; reason: string },
): Promise<void> {
  const c = await checkinById(deps.meta, input.checkinId)
  if (!c || c.plan_id !== plan.id) throw new AppError('NOT_FOUND', '没有这条填报记录 (no such check-in)')
  const reason = input.reason.trim()
  if (input.decision === 'return' && reason.length === 0) {
    throw new AppError('BAD_REQUEST', '退回时请说明原因 (a reason is required to return a check-in)')
  }
  if (reason.length > REASON_MAX) {
    throw new AppError('BAD_REQUEST', `原因不超过${REASON_MAX}字 (reason at most ${REASON_MAX} characters)`)
  }
  if (c.filed_by === user.username) {
    throw new AppError('FORBIDDEN', '不能审核自己提交的填报 (you cannot review your own check-in)')
  }
  const state = input.decision === 'accept' ? 'accepted' : 'returned'
  await deps.meta.transaction().execute(async (trx) => {
    const decided = await decideCheckin(trx, c.id, { state, by: user.username, reason: reason || null })
    if (!decided) {
      throw new AppError(
        'CONFLICT',
        '该填报已被审核，请刷新查看结果 (already reviewed; refresh to see the decision)',
      )
    }
    await audit(
      trx,
      user.username,
      state === 'accepted' ? 'task_checkin_accepted' : 'task_checkin_returned',
      `${plan.id}:${c.task_id}`,
      JSON.stringify({ checkin: c.id, percent: c.percent, reason: reason || null }),
      {
        before: { state: 'pending', percent: c.percent },
        after: { state, percent: c.percent, ...(reason ? { reason } : {}) },
      },
    )
  })
}

/**
 * An evaluator assigns (or re-assigns) a task's lead and co-operating departments from the
 * district's departments; lead null: 待分配. Audited with the note saying why.
 */
export async function assignTask(
  deps: BoardDeps,
  plan: Plan,
  board: readonly TaskView[],
  departments: readonly DeptRef[],
  user: PublicUser,
  input: { taskId: string; leadCode: string | null; partnerCodes: readonly string[]; note: string },
): Promise<void> {
  const task = findTask(board, input.taskId, user)
  const dept = (code: string) => {
    const d = departments.find((x) => x.code === code)
    if (!d) throw new AppError('BAD_REQUEST', `未知部门编码 ${code} (unknown department)`)
    return d
  }
  const lead = input.leadCode === null ? null : dept(input.leadCode)
  const partners = [...new Set(input.partnerCodes)].filter((c) => c !== input.leadCode).map(dept)
  const note = input.note.trim()
  if (note.length === 0 || note.length > REASON_MAX) {
    throw new AppError(
      'BAD_REQUEST',
      `请填写分配依据（不超过${REASON_MAX}字） (a note of 1–${REASON_MAX} characters is required)`,
    )
  }
  await deps.meta.transaction().execute(async (trx) => {
    await addAssignment(trx, { plan_id: plan.id, task_id: task.id, lead, partners, note, by: user.username })
    await audit(
      trx,
      user.username,
      'task_assigned',
      `${plan.id}:${task.id}`,
      JSON.stringify({
        before: { lead: task.lead, partners: task.partners },
        after: { lead, partners },
        note,
      }),
      {
        before: { lead: task.lead?.name ?? null, partners: task.partners.map((p) => p.name) },
        after: { lead: lead?.name ?? null, partners: partners.map((p) => p.name), note },
      },
    )
  })
}

/** An evaluator adds a locally agreed task (marked 本地任务, with where it was agreed). */
export async function addLocal(
  deps: BoardDeps,
  plan: Plan,
  departments: readonly DeptRef[],
  user: PublicUser,
  input: {
    title: string
    area: string
    start?: string | undefined
    deadline: string
    leadCode: string | null
    indicators: readonly string[]
    basis: string
  },
): Promise<{ id: string }> {
  const title = input.title.trim()
  const basis = input.basis.trim()
  if (title.length === 0 || title.length > 80) {
    throw new AppError('BAD_REQUEST', '任务名称应为1–80字 (title of 1–80 characters)')
  }
  if (basis.length === 0 || basis.length > REASON_MAX) {
    throw new AppError('BAD_REQUEST', `请填写任务依据（不超过${REASON_MAX}字） (the basis is required)`)
  }
  if (!(AREA_CODES as readonly string[]).includes(input.area)) {
    throw new AppError('BAD_REQUEST', '未知领域 (unknown area)')
  }
  const known = new Set(plan.catalog.indicators.map((i) => i.id))
  const unknown = input.indicators.find((i) => !known.has(i))
  if (unknown) throw new AppError('BAD_REQUEST', `未知指标 ${unknown} (unknown indicator)`)
  const start = input.start ?? `${plan.period.start}-01-01`
  const last = `${plan.period.end}-12-31`
  if (input.deadline < start || input.deadline > last) {
    throw new AppError(
      'BAD_REQUEST',
      `截止日期应在 ${start} 至 ${last} 之间 (the deadline must fall between the start and the plan's end)`,
    )
  }
  const lead = input.leadCode === null ? null : departments.find((d) => d.code === input.leadCode)
  if (lead === undefined)
    throw new AppError('BAD_REQUEST', `未知部门编码 ${input.leadCode} (unknown department)`)
  if ((await localTasks(deps.meta, plan.id)).length >= LOCAL_TASKS_MAX) {
    throw new AppError(
      'BAD_REQUEST',
      `本地任务已达上限${LOCAL_TASKS_MAX}项 (at most ${LOCAL_TASKS_MAX} local tasks per plan)`,
    )
  }
  return deps.meta.transaction().execute(async (trx) => {
    const id = await addLocalTask(trx, {
      plan_id: plan.id,
      title_zh: title,
      area: input.area,
      start,
      deadline: input.deadline,
      indicators: [...new Set(input.indicators)],
      basis,
      created_by: user.username,
    })
    if (lead) {
      await addAssignment(trx, {
        plan_id: plan.id,
        task_id: id,
        lead,
        partners: [],
        note: basis,
        by: user.username,
      })
    }
    await audit(
      trx,
      user.username,
      'task_added_local',
      `${plan.id}:${id}`,
      JSON.stringify({ title, area: input.area, start, deadline: input.deadline, lead, basis }),
      { after: { title, deadline: input.deadline, lead: lead?.name ?? null, note: basis } },
    )
    return { id }
  })
}
