import { z } from 'zod'
import { planInfo } from '../../../indicators/plans'
import { listDepartments } from '../departments'
import { catalogForPlan, planById } from '../plans'
import { ALL_ROLES, router, securityContextOf, signedIn } from '../trpc'

const PlanId = z.object({ plan: z.string().max(40).optional() }).default({})

/** Departments and regions for filters, read through the governed views. */
export const referenceRouter = router({
  departments: signedIn(ALL_ROLES).query(({ ctx }) =>
    listDepartments(ctx.deps.semantic, securityContextOf(ctx.user)),
  ),

  towns: signedIn(ALL_ROLES).query(async ({ ctx }) => {
    // Towns from the applications view (every town has service applications).
    const r = await ctx.deps.semantic.load(
      {
        dimensions: ['application_kpis.town_code', 'application_kpis.town_name'],
        order: [['application_kpis.town_code', 'asc']],
        limit: 1000,
      },
      securityContextOf(ctx.user),
    )
    return r.data
      .filter((d) => d['application_kpis.town_code'])
      .map((d) => ({
        code: String(d['application_kpis.town_code']),
        name: String(d['application_kpis.town_name']),
      }))
  }),

  /** The plans side by side (by period), the current one marked: the plan switcher. */
  plans: signedIn(ALL_ROLES).query(({ ctx }) => ctx.deps.plans.plans.map((p) => planInfo(p, ctx.deps.plans))),

  /** A plan's indicator catalog (default: the current plan's). */
  catalog: signedIn(ALL_ROLES)
    .input(PlanId)
    .query(({ ctx, input }) => catalogForPlan(ctx.deps, planById(ctx.deps, input.plan))),
})
