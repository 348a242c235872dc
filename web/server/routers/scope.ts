import { z } from 'zod'
import { Year } from '../../../indicators/plan.schema'
import type { PublicUser } from '../auth/users.store'

const Code = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, '代码格式不正确 (invalid code)')

export const ScopeInput = z.object({
  /** Within a plan's period (or its baseline year): checked against the plans when resolved. */
  year: Year,
  asOf: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
    .optional(),
  regionCode: Code.optional(),
  deptCode: Code.optional(),
})
export type ScopeInput = z.infer<typeof ScopeInput>

/** A department account's scope is always its own department, whatever it asks for. */
export function effectiveScope(user: PublicUser, input: ScopeInput) {
  const deptCode = user.role === 'department' ? (user.dept_code ?? undefined) : input.deptCode
  const asOf = input.asOf ?? `${input.year}-12-31`
  return {
    year: input.year,
    asOf: asOf.startsWith(String(input.year)) ? asOf : `${input.year}-12-31`,
    ...(deptCode ? { deptCode } : {}),
    ...(input.regionCode ? { regionCode: input.regionCode } : {}),
  }
}
