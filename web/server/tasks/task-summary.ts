import { isDone, TASK_STATUS_ZH, type TaskStatus } from '../../../indicators/tasks/status'
import type { TaskView } from './board'
import { byUrgency, statusCounts } from './tasks.service'

/**
 * Plan tasks as the documents report them: the leaders' briefing (counts by status, what is
 * overdue or at risk, what was lately completed) and the final evaluation (completed on time,
 * late, not at all; by area; what is left, each with the clause it rests on). Pure: shaped
 * from a board (tasks.service.ts `loadBoard`, already filtered for the caller).
 */

/** What a task's lead reads as when the plan names none and no evaluator assigned one. */
export const UNASSIGNED = '待分配'

/** One task as a report lists it. */
export interface TaskLine {
  id: string
  title_zh: string
  area: string
  area_zh: string
  /** The lead department's name, or 待分配. */
  lead: string
  /** YYYY-MM-DD, the last day due. */
  deadline: string
  status: TaskStatus
  status_zh: string
  /** The latest accepted percent done. */
  progress: number
  /** The day the accepted completion was filed, or null. */
  completed_on: string | null
  origin: TaskView['origin']
  /** The plan clause (cited as 《document》); null for a locally agreed task. */
  source: TaskView['source']
  /** Where a local task was agreed. */
  basis: string | null
}

/** Most overdue and at-risk tasks the briefing lists. */
export const ATTENTION_MAX = 15
/** Most recently completed tasks the briefing lists. */
export const COMPLETED_MAX = 10

export interface BriefingTasks {
  /** YYYY-MM-DD (Asia/Shanghai): the day the statuses hold for. */
  as_of: string
  total: number
  /** Every status, in TASK_STATUSES order (overdue first), with its label. */
  counts: Array<{ status: TaskStatus; label: string; count: number }>
  /** Overdue and at-risk tasks, most urgent first, at most ATTENTION_MAX. */
  attention: TaskLine[]
  /** How many tasks are overdue or at risk in all. */
  attention_total: number
  /** Tasks whose completion was accepted, latest completion first, at most COMPLETED_MAX. */
  completed: TaskLine[]
  completed_total: number
}

/** Completed on time, late, or not (yet). */
export interface TaskTally {
  total: number
  done_on_time: number
  done_late: number
  not_done: number
  /** (on time + late) / total; null without tasks. */
  completion_rate: number | null
}

export interface FinalTasks extends TaskTally {
  /** How many of them were agreed locally (not in the plan's documents). */
  local: number
  /** Areas with tasks, in catalog order. */
  by_area: Array<TaskTally & { area: string; area_zh: string; area_en: string }>
  /** Tasks not completed, by deadline then id. */
  open: TaskLine[]
  /** Tasks completed, by completion day then id. */
  completed: TaskLine[]
}

/** An area as the catalog names it (catalog.areas fits). */
export interface AreaNames {
  code: string
  name_zh: string
  name_en: string
}

const lineOf =
  (areas: readonly AreaNames[]) =>
  (t: TaskView): TaskLine => ({
    id: t.id,
    title_zh: t.title_zh,
    area: t.area,
    area_zh: areas.find((a) => a.code === t.area)?.name_zh ?? t.area,
    lead: t.lead?.name ?? UNASSIGNED,
    deadline: t.deadline,
    status: t.status,
    status_zh: t.status_zh,
    progress: t.progress,
    completed_on: t.completed_on,
    origin: t.origin,
    source: t.source,
    basis: t.basis,
  })

/** Latest completion first, then id. */
const byCompletionDesc = (a: TaskView, b: TaskView) =>
  (b.completed_on ?? '').localeCompare(a.completed_on ?? '') || a.id.localeCompare(b.id)

/** `asOf`: the day the board was built for (YYYY-MM-DD, Asia/Shanghai). */
export function briefingTasks(
  board: readonly TaskView[],
  areas: readonly AreaNames[],
  asOf: string,
): BriefingTasks {
  const line = lineOf(areas)
  const attention = board.filter((t) => t.status === 'overdue' || t.status === 'at_risk').sort(byUrgency)
  const completed = board.filter((t) => isDone(t.status)).sort(byCompletionDesc)
  return {
    as_of: asOf,
    total: board.length,
    counts: statusCounts(board).map((c) => ({ ...c, label: TASK_STATUS_ZH[c.status] })),
    attention: attention.slice(0, ATTENTION_MAX).map(line),
    attention_total: attention.length,
    completed: completed.slice(0, COMPLETED_MAX).map(line),
    completed_total: completed.length,
  }
}

function tally(tasks: readonly TaskView[]): TaskTally {
  const done_on_time = tasks.filter((t) => t.status === 'done_on_time').length
  const done_late = tasks.filter((t) => t.status === 'done_late').length
  return {
    total: tasks.length,
    done_on_time,
    done_late,
    not_done: tasks.length - done_on_time - done_late,
    completion_rate: tasks.length ? (done_on_time + done_late) / tasks.length : null,
  }
}

const byDeadline = (a: TaskView, b: TaskView) =>
  a.deadline.localeCompare(b.deadline) || a.id.localeCompare(b.id)

/** The catalog's areas, then any a task names that the catalog does not list (by its code). */
function withUnlisted(areas: readonly AreaNames[], board: readonly TaskView[]): AreaNames[] {
  const listed = new Set(areas.map((a) => a.code))
  const extra = [...new Set(board.map((t) => t.area))].filter((c) => !listed.has(c))
  return [...areas, ...extra.map((code) => ({ code, name_zh: code, name_en: code }))]
}

export function finalTasks(board: readonly TaskView[], areas: readonly AreaNames[]): FinalTasks {
  const line = lineOf(areas)
  return {
    ...tally(board),
    local: board.filter((t) => t.origin === 'local').length,
    by_area: withUnlisted(areas, board)
      .map((a) => ({
        area: a.code,
        area_zh: a.name_zh,
        area_en: a.name_en,
        ...tally(board.filter((t) => t.area === a.code)),
      }))
      .filter((a) => a.total > 0),
    open: board
      .filter((t) => !isDone(t.status))
      .sort(byDeadline)
      .map(line),
    completed: board
      .filter((t) => isDone(t.status))
      .sort((a, b) => (a.completed_on ?? '').localeCompare(b.completed_on ?? '') || a.id.localeCompare(b.id))
      .map(line),
  }
}
