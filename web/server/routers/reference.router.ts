import { ALL_ROLES, router, securityContextOf, signedIn } from '../trpc'

/** Departments and regions for filters, read through the governed views. */
export const referenceRouter = router({
  departments: signedIn(ALL_ROLES).query(async ({ ctx }) => {
    const r = await ctx.deps.semantic.load(
      {
        dimensions: ['department_kpis.dept_code', 'department_kpis.dept_name'],
        order: [['department_kpis.dept_code', 'asc']],
        limit: 1000,
      },
      securityContextOf(ctx.user),
    )
    return r.data.map((d) => ({
      code: String(d['department_kpis.dept_code']),
      name: String(d['department_kpis.dept_name']),
    }))
  }),

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

  catalog: signedIn(ALL_ROLES).query(({ ctx }) => ctx.deps.catalog),
})
