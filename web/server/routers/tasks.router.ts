import { z } from 'zod'
import { AREA_CODES } from '../../../indicators/catalog.schema'
import { planInfo } from '../../../indicators/plans'
import { TASK_STATUSES } from '../../../indicators/tasks/status'
import type { Download } from '../export'
import { planById } from '../plans'
import { departmentDirectory } from '../tasks/departments'
import { evidenceForDownload, uploadEvidence } from '../tasks/evidence.service'
import {
  addLocal,
  assignTask,
  byUrgency,
  EVIDENCE_PER_CHECKIN,
  fileCheckin,
  loadBoard,
  NOTE_MAX,
  REASON_MAX,
  reviewCheckin,
  statusCounts,
  taskDetail,
  visibleTo,
} from '../tasks/tasks.service'
import { ALL_ROLES, type AppDeps, EVALUATION_ROLES, router, signedIn } from '../trpc'

const PlanRef = z.string().max(40)
const TaskId = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, '任务编号格式不正确 (invalid task id)')
const DeptCode = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, '部门编码格式不正确 (invalid department code)')
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')

async function boardOf(deps: AppDeps, planId?: string) {
  const plan = planById(deps, planId)
  const departments = await departmentDirectory(deps)
  return { plan, departments, board: await loadBoard(deps, plan, departments) }
}

/**
 * Plan tasks and milestones: the board (a department sees only the tasks it leads or
 * co-operates on), one task with its check-ins, a department's check-in, an evaluator's
 * review, assignment and locally agreed tasks.
 */
export const tasksRouter = router({
  list: signedIn(ALL_ROLES)
    .input(z.object({ plan: PlanRef.optional() }).default({}))
    .query(async ({ ctx, input }) => {
      const { plan, board } = await boardOf(ctx.deps, input.plan)
      const tasks = visibleTo(board, ctx.user).sort(byUrgency)
      return {
        plan: planInfo(plan, ctx.deps.plans),
        at_risk_margin: plan.tasks.at_risk_margin,
        areas: plan.catalog.areas.map(({ code, name_zh }) => ({ code, name_zh })),
        counts: statusCounts(tasks),
        tasks,
      }
    }),

  detail: signedIn(ALL_ROLES)
    .input(z.object({ plan: PlanRef.optional(), id: TaskId }))
    .query(async ({ ctx, input }) => {
      const { plan, board } = await boardOf(ctx.deps, input.plan)
      return taskDetail(ctx.deps, plan, board, ctx.user, input.id)
    }),

  checkIn: signedIn(['department'])
    .input(
      z.object({
        plan: PlanRef,
        taskId: TaskId,
        percent: z.number().int().min(0).max(100),
        note: z.string().max(NOTE_MAX * 2),
        evidenceIds: z
          .array(z.number().int().positive())
          .max(EVIDENCE_PER_CHECKIN * 2)
          .default([]),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { plan, board } = await boardOf(ctx.deps, input.plan)
      return fileCheckin(ctx.deps, plan, board, ctx.user, input)
    }),

  review: signedIn(EVALUATION_ROLES)
    .input(
      z.object({
        plan: PlanRef,
        checkinId: z.number().int().positive(),
        decision: z.enum(['accept', 'return']),
        reason: z
          .string()
          .max(REASON_MAX * 2)
          .default(''),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await reviewCheckin(ctx.deps, planById(ctx.deps, input.plan), ctx.user, input)
      return { ok: true as const }
    }),

  assign: signedIn(EVALUATION_ROLES)
    .input(
      z.object({
        plan: PlanRef,
        taskId: TaskId,
        leadCode: DeptCode.nullable(),
        partnerCodes: z.array(DeptCode).max(30).default([]),
        note: z.string().max(REASON_MAX * 2),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { plan, board, departments } = await boardOf(ctx.deps, input.plan)
      await assignTask(ctx.deps, plan, board, departments, ctx.user, input)
      return { ok: true as const }
    }),

  addLocal: signedIn(EVALUATION_ROLES)
    .input(
      z.object({
        plan: PlanRef,
        title: z.string().max(160),
        area: z.enum(AREA_CODES),
        start: IsoDate.optional(),
        deadline: IsoDate,
        leadCode: DeptCode.nullable(),
        indicators: z.array(z.string().max(64)).max(20).default([]),
        basis: z.string().max(REASON_MAX * 2),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const plan = planById(ctx.deps, input.plan)
      return addLocal(ctx.deps, plan, await departmentDirectory(ctx.deps), ctx.user, input)
    }),
})

/** Statuses a filter may ask for. */
export const TaskStatusInput = z.enum(TASK_STATUSES)

/** Evidence files over plain HTTP (web/server/file-routes.ts). */
export const tasksFiles = router({
  /** `POST /files/tasks.uploadEvidence` with the file as the body: checked, stored, not yet filed. */
  uploadEvidence: signedIn(['department'])
    .input(z.object({ file: z.instanceof(Buffer), name: z.string().max(200).default('') }))
    .mutation(({ ctx, input }) => uploadEvidence(ctx.deps, ctx.user, input.file, input.name)),

  /** `GET /files/tasks.evidence?input={"id":N}`: always an attachment, with the sniffed type. */
  evidence: signedIn(ALL_ROLES)
    .input(z.object({ id: z.number().int().positive() }))
    .query(async ({ ctx, input }): Promise<Download> => {
      const file = await evidenceForDownload(ctx.deps, ctx.user, input.id)
      const ext = file.file_name.split('.').pop() ?? 'bin'
      return {
        filename: file.file_name,
        asciiName: `evidence-${file.id}.${ext}`,
        contentType: file.content_type,
        body: Buffer.from(file.body),
      }
    }),
})
