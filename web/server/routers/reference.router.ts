import { z } from 'zod'
import { planInfo } from '../../../indicators/plans'
import { listDepartments, listTowns } from '../departments'
import { catalogForPlan, planById } from '../plans'
import { ALL_ROLES, router, securityContextOf, signedIn } from '../trpc'

const PlanId = z.object({ plan: z.string().max(40).optional() }).default({})

/** Departments and regions for filters, read through the governed views. */
export const referenceRouter = router({
  departments: signedIn(ALL_ROLES).query(({ ctx }) =>
    listDepartments(ctx.deps.semantic, securityContextOf(ctx.user)),
  ),

  towns: signedIn(ALL_ROLES).query(({ ctx }) => listTowns(ctx.deps.semantic, securityContextOf(ctx.user))),

  /** The plans side by side (by period), the current one marked: the plan switcher. */
  plans: signedIn(ALL_ROLES).query(({ ctx }) => ctx.deps.plans.plans.map((p) => planInfo(p, ctx.deps.plans))),

  /** A plan's indicator catalog (default: the current plan's). */
  catalog: signedIn(ALL_ROLES)
    .input(PlanId)
    .query(({ ctx, input }) => catalogForPlan(ctx.deps, planById(ctx.deps, input.plan))),
})
