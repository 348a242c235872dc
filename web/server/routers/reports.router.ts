import { z } from 'zod'
import { finalEvaluation } from '../../../semantic-layer/queries/final-evaluation'
import type { PublicUser } from '../auth/users.store'
import { download } from '../export'
import { finalReportNotes } from '../notes/notes.reports'
import { catalogForPlan } from '../plans'
import { finalEvaluationDocx, finalEvaluationPdf } from '../reports'
import { CONTENT_TYPE, closedPlan, finalEvaluationFileName } from '../reports/final-evaluation.plan'
import { departmentDirectory } from '../tasks/departments'
import { finalTasks } from '../tasks/task-summary'
import { loadBoard, visibleTo } from '../tasks/tasks.service'
import { type AppDeps, router, securityContextOf, signedIn } from '../trpc'

/**
 * 终期评估 (the final evaluation of a closed plan): the figures and the plan's tasks for the
 * page and the DOCX/PDF report. Leaders, evaluators and admins: it shows every department's and town's figures,
 * which a department account never sees (and the semantic layer refuses it anyway); analysts
 * work on ad-hoc queries, not on the plan's official outcome.
 */
const READERS = ['leader', 'evaluator', 'admin'] as const

const PlanInput = z.object({ plan: z.string().min(1).max(40) })

/** The evaluation of the plan's indicators and its tasks (as the caller may see them). */
async function evaluate(deps: AppDeps, user: PublicUser, planId: string) {
  const plan = closedPlan(deps.plans, planId)
  const catalog = await catalogForPlan(deps, plan)
  const [ev, board] = await Promise.all([
    finalEvaluation(deps.semantic, { plan, catalog }, securityContextOf(user)),
    departmentDirectory(deps).then((departments) => loadBoard(deps, plan, departments)),
  ])
  const notes = await finalReportNotes(deps, user, plan.period, catalog)
  return { ...ev, tasks: finalTasks(visibleTo(board, user), catalog.areas), notes }
}

export const reportsRouter = router({
  /** The evaluation as data (the 终期评估 page): 404 for an unknown plan, 409 for one still running. */
  finalEvaluationData: signedIn(READERS)
    .input(PlanInput)
    .query(({ ctx, input }) => evaluate(ctx.deps, ctx.user, input.plan)),
})

/** Served by web/server/file-routes.ts as `GET /files/reports.<name>`. */
export const reportsFiles = router({
  finalEvaluation: signedIn(READERS)
    .input(PlanInput.extend({ format: z.enum(['docx', 'pdf']) }))
    .query(async ({ ctx, input }) => {
      const ev = await evaluate(ctx.deps, ctx.user, input.plan)
      const report = { ...ev, generated_at: new Date() }
      const body =
        input.format === 'docx' ? await finalEvaluationDocx(report) : await finalEvaluationPdf(report)
      const names = finalEvaluationFileName(ev.plan, input.format)
      return { ...download(names.filename, names.asciiName, body), contentType: CONTENT_TYPE[input.format] }
    }),
})
