import { AppError } from '../../../errors/app-error'
import { type Plan, type PlanSet, planClosed } from '../../../indicators/plans'
import { planById } from '../plans'

/**
 * The plan a final evaluation (终期评估) is made of: the one asked for, which must exist
 * (404) and be over (409); without one, the latest plan that is over. Shared by the download
 * route and `npm run report`.
 */
export function closedPlan(plans: PlanSet, id?: string, today = new Date()): Plan {
  if (id !== undefined) {
    const plan = planById({ plans }, id)
    if (!planClosed(plan, today)) {
      const { start, end } = plan.period
      throw new AppError(
        'CONFLICT',
        `${plan.name_zh}（${start}–${end}年）尚未结束，规划期满后才能做终期评估 (the plan runs until the end of ${end}; evaluate it once it is over)`,
      )
    }
    return plan
  }
  const latest = plans.plans.filter((p) => planClosed(p, today)).at(-1)
  if (!latest) throw new AppError('CONFLICT', '还没有已结束的规划，无法做终期评估 (no plan is over yet)')
  return latest
}

export type ReportFormat = 'docx' | 'pdf'

export const CONTENT_TYPE: Record<ReportFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
}

/** The document's names: Chinese first (`终期评估_<plan name>.docx`) and an ASCII fallback. */
export function finalEvaluationFileName(
  plan: Pick<Plan, 'id' | 'name_zh'>,
  format: ReportFormat,
): { filename: string; asciiName: string } {
  return {
    filename: `终期评估_${plan.name_zh}.${format}`,
    asciiName: `final-evaluation_${plan.id}.${format}`,
  }
}
