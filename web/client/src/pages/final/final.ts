import type { Params } from '../../lib/router'
import type { Outputs } from '../../lib/types'

/** The final evaluation of a plan as the API gives it (reports.finalEvaluationData). */
export type FinalEvaluation = Outputs['reports']['finalEvaluationData']
export type FinalIndicator = FinalEvaluation['indicators'][number]
export type Verdict = FinalIndicator['verdict']
/** A task the plan lists, as the evaluation reports it. */
export type FinalTaskLine = FinalEvaluation['tasks']['open'][number]
export type PlanChoice = Outputs['reference']['plans'][number]

/** The verdicts, in the order the summary shows them. */
export const VERDICTS: readonly Verdict[] = ['met', 'missed', 'no_data', 'no_target']

/** The plans a final evaluation can be made of: those that are over, latest first. */
export function closedPlans(plans: readonly PlanChoice[]): PlanChoice[] {
  return plans.filter((p) => p.closed).sort((a, b) => b.period.end - a.period.end)
}

/** `#/final?plan=<id>`: the plan the URL names when it is over, else the latest one that is. */
export function pickPlan(params: URLSearchParams, plans: readonly PlanChoice[]): PlanChoice | null {
  const closed = closedPlans(plans)
  return closed.find((p) => p.id === params.get('plan')) ?? closed[0] ?? null
}

export const finalParams = (plan: PlanChoice): Params => ({ plan: plan.id })
