import { z } from 'zod'
import { AreaCode, SeedClause } from '../catalog.schema'

/**
 * Shape of a plan's task catalog (plans/<id>/tasks.yml): the dated milestones and
 * measurable tasks the plan documents state, each quoted from its document. Keys keep the
 * YAML's snake_case. Imports nothing from node so the browser bundle can use the types.
 */

const Text = z.string().trim().min(1, 'must not be empty')
const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine(
    (s) =>
      !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    {
      message: 'must be a calendar date',
    },
  )

/** A department as the plan names it (its role, without the 市/区/县 level), e.g. 政务服务数据管理局. */
export const DepartmentName = Text.max(60)

/**
 * The deadline as the document states it: the end of a year (`年底`, `2023年`), a date, or
 * the end of the plan's period (`到“十四五”末`).
 */
export const DeadlineSpec = z.union([
  z.strictObject({ year_end: z.number().int() }),
  z.strictObject({ date: IsoDate }),
  z.literal('plan_end'),
])
export type DeadlineSpec = z.infer<typeof DeadlineSpec>

export const TaskKind = z.enum(['milestone', 'task'])
export type TaskKind = z.infer<typeof TaskKind>

export const TaskEntry = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be snake_case, at most 64 characters'),
  title_zh: Text.max(80),
  /** A dated milestone (a state to reach) or a measurable task (work to do). */
  kind: TaskKind,
  area: AreaCode,
  /** The document's words; an exact substring of the document (indicators/plans.test.ts). */
  source: SeedClause,
  /** Lead department as the text names it; null: the text names none (待分配 until assigned). */
  lead: DepartmentName.nullable(),
  /** Co-operating departments the text names (配合单位). */
  partners: z.array(DepartmentName).default([]),
  deadline: DeadlineSpec,
  /** When work is due to start; default the first day of the plan's period. */
  start: IsoDate.optional(),
  /** Indicators of the plan's catalog this task moves. */
  indicators: z.array(z.string().regex(/^[a-z][a-z0-9_]*$/)).default([]),
  note: Text.optional(),
})
export type TaskEntry = z.infer<typeof TaskEntry>

export const TaskFile = z.strictObject({
  format: z.literal(1),
  /**
   * 有风险 when reported progress trails the share of time elapsed to the deadline by more
   * than this (a fraction: 0.2 is 20 percentage points).
   */
  at_risk_margin: z.number().min(0).max(1),
  tasks: z.array(TaskEntry),
})
export type TaskFile = z.infer<typeof TaskFile>

/** A task as the app uses it: dates resolved against the plan's period. */
export interface PlanTask extends Omit<TaskEntry, 'start' | 'deadline'> {
  /** The deadline as stated, for display: a year end, a date, or the plan end. */
  deadline_stated: 'year_end' | 'date' | 'plan_end'
  /** Last day the task is due (inclusive), YYYY-MM-DD. */
  deadline: string
  /** First day work is due, YYYY-MM-DD. */
  start: string
  /** From the plan's documents; local tasks (agreed locally, added by evaluators) are not. */
  origin: 'plan' | 'local'
}

export interface PlanTasks {
  at_risk_margin: number
  tasks: readonly PlanTask[]
}
