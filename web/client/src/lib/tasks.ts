import { isDone, TASK_STATUSES, type TaskStatus } from '../../../../indicators/tasks/status'
import type { Lang } from '../i18n/i18n'
import { currentPlan, type PlanChoice } from './plans'
import { href, type Params } from './router'
import type { Outputs } from './types'

/**
 * Plan tasks on the client: the types the tasks API answers with, the list's filters as the
 * URL keeps them (`#/tasks?plan=…&status=overdue&area=…&lead=…&due=…&q=…`), and how a
 * deadline and a file size read. Pure: the pages and the 总览 panel share it.
 */

export { TASK_STATUSES, type TaskStatus }
/** 按期完成 or 逾期完成. */
export const isDoneStatus = isDone
export type TaskList = Outputs['tasks']['list']
export type TaskRow = TaskList['tasks'][number]
export type TaskDetail = Outputs['tasks']['detail']
export type Checkin = TaskDetail['checkins'][number]
export type Evidence = Checkin['evidence'][number]

/** The filter value for tasks no department leads yet (待分配). */
export const NO_LEAD = 'none'

export interface TaskFilter {
  area?: string
  /** A lead's key (leadKey), or NO_LEAD. */
  lead?: string
  status?: TaskStatus
  /** The deadline's year. */
  due?: number
  /** Words looked for in the title, the clause or basis, the departments and the id. */
  q?: string
}

const isStatus = (s: string): s is TaskStatus => (TASK_STATUSES as readonly string[]).includes(s)

export function filterFromParams(params: URLSearchParams): TaskFilter {
  const status = params.get('status') ?? ''
  const due = params.get('due') ?? ''
  const f: TaskFilter = {}
  if (params.get('area')) f.area = params.get('area')!
  if (params.get('lead')) f.lead = params.get('lead')!
  if (isStatus(status)) f.status = status
  if (/^\d{4}$/.test(due)) f.due = Number(due)
  const q = (params.get('q') ?? '').trim()
  if (q) f.q = q
  return f
}

export function filterToParams(f: TaskFilter): Params {
  return { area: f.area, lead: f.lead, status: f.status, due: f.due, q: f.q }
}

export const hasFilter = (f: TaskFilter) => Object.values(filterToParams(f)).some((v) => v !== undefined)

/** A lead department's key: its code when it matched a district department, else its name. */
export function leadKey(task: Pick<TaskRow, 'lead'>): string {
  if (!task.lead) return NO_LEAD
  return task.lead.code ?? `name:${task.lead.name}`
}

/** The lead departments the tasks name (each once, by name), 待分配 last when some task has none. */
export function leadOptions(
  tasks: readonly Pick<TaskRow, 'lead'>[],
): Array<{ key: string; name: string | null }> {
  const byKey = new Map<string, string>()
  for (const t of tasks) if (t.lead) byKey.set(leadKey(t), t.lead.name)
  const named = [...byKey]
    .map(([key, name]) => ({ key, name }))
    .sort((a, b) => a.name.localeCompare(b.name, 'zh'))
  return tasks.some((t) => !t.lead) ? [...named, { key: NO_LEAD, name: null }] : named
}

/** The years the tasks' deadlines fall in, in order. */
export function deadlineYears(tasks: readonly Pick<TaskRow, 'deadline'>[]): number[] {
  return [...new Set(tasks.map((t) => Number(t.deadline.slice(0, 4))))].sort((a, b) => a - b)
}

const words = (t: TaskRow) =>
  [
    t.id,
    t.title_zh,
    t.source?.clause ?? '',
    t.source?.document ?? '',
    t.basis ?? '',
    t.lead?.name ?? '',
    ...t.partners.map((p) => p.name),
  ]
    .join('\n')
    .toLowerCase()

/** The tasks the filter keeps, in the order given (the server's: most urgent first). */
export function filterTasks(tasks: readonly TaskRow[], f: TaskFilter): TaskRow[] {
  const q = f.q?.toLowerCase().split(/\s+/).filter(Boolean) ?? []
  return tasks.filter(
    (t) =>
      (!f.area || t.area === f.area) &&
      (!f.lead || leadKey(t) === f.lead) &&
      (!f.status || t.status === f.status) &&
      (!f.due || t.deadline.startsWith(String(f.due))) &&
      (q.length === 0 || q.every((w) => words(t).includes(w))),
  )
}

/**
 * The deadline as the document states it: the end of a year (2023年底), a date, or the end
 * of the plan's period (规划期末, with the date it stands for).
 */
export function deadlineText(task: Pick<TaskRow, 'deadline' | 'deadline_stated'>, lang: Lang): string {
  const year = task.deadline.slice(0, 4)
  if (task.deadline_stated === 'year_end') return lang === 'zh' ? `${year}年底` : `End of ${year}`
  if (task.deadline_stated === 'plan_end')
    return lang === 'zh' ? `规划期末（${year}年底）` : `Plan end (end of ${year})`
  return task.deadline
}

/** A file size as people read it: 812 B, 35.2 KB, 4.1 MB. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}

/** The plan the URL names (`?plan=`), else the current plan; undefined before plans load. */
export function planFromParams(
  params: URLSearchParams,
  plans: readonly PlanChoice[],
): PlanChoice | undefined {
  const id = params.get('plan')
  return plans.find((p) => p.id === id) ?? currentPlan(plans)
}

/** The address of one task's page, in its plan. */
export function taskHref(id: string, plan: string): string {
  return href(`/tasks/${encodeURIComponent(id)}`, { plan })
}

/** The task list of a plan, filtered. */
export function tasksHref(plan: string, filter: TaskFilter = {}): string {
  return href('/tasks', { plan, ...filterToParams(filter) })
}
