import { z } from 'zod'
import { badQuery, forbidden } from './errors'
import type { ViewCatalog } from './meta'
import { type CubeQuery, referencedMembers, viewOf } from './query'

/**
 * Who is asking. `deptCode` set = a department account: it sees only its own
 * department's rows. Codes are plain identifiers (they end up in SQL through Cube's
 * escaping, so the allow-list is a second line of defence).
 */
export const SecurityContext = z.object({
  role: z.string().min(1),
  deptCode: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'deptCode must be a department code (letters, digits, _ . -)')
    .optional(),
})
export type SecurityContext = z.infer<typeof SecurityContext>

export function parseSecurityContext(input: unknown): SecurityContext {
  const parsed = SecurityContext.safeParse(input)
  if (!parsed.success) {
    throw badQuery('安全上下文无效', parsed.error.issues.map((i) => i.message).join('; '))
  }
  return parsed.data
}

/** The views (or cubes) a query names. */
export const referencedViews = (query: CubeQuery): string[] => [
  ...new Set(referencedMembers(query).map(viewOf)),
]

/** Only view members may be queried; cubes are private building blocks. */
export function assertViewMembers(query: CubeQuery, catalog: ViewCatalog): string[] {
  for (const member of referencedMembers(query)) {
    if (!catalog.members.has(member)) {
      throw badQuery(
        `未知或不可查询的成员：${member}`,
        `unknown or private member: ${member} (query views only)`,
      )
    }
  }
  return referencedViews(query)
}

/**
 * Row-level security. A department account gets, on every view in the query, an extra
 * top-level filter `<view>.dept_code = deptCode`. Top-level filters are AND-ed, so a
 * filter the caller adds (even one naming another department) can only narrow the
 * result. Views without a department dimension (app_kpis: city-wide app activity;
 * region_kpis: village network coverage) hold no department's rows: a department
 * account is refused there rather than shown city-wide figures it did not ask to see.
 */
export function restrictToDepartment(
  query: CubeQuery,
  views: string[],
  context: SecurityContext,
  catalog: ViewCatalog,
): CubeQuery {
  const { deptCode } = context
  if (deptCode === undefined) return query
  const deptFilters = views.map((name) => {
    if (!catalog.byName.get(name)?.hasDepartment) {
      throw forbidden(
        `部门账号无权查询没有部门维度的视图 ${name}`,
        `a department account may not query ${name}, which has no department dimension`,
      )
    }
    return { member: `${name}.dept_code`, operator: 'equals', values: [deptCode] }
  })
  return { ...query, filters: [...(query.filters ?? []), ...deptFilters] }
}
