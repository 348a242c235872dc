import { z } from 'zod'

/**
 * Shape of a plan's `plan.yml` (plans/<id>/plan.yml): the plan's identity and period.
 * Imports nothing from node so the browser bundle can use the types.
 */

/** Calendar years any plan may cover: a sanity bound, not a plan's period. */
export const YEAR_MIN = 1_990
export const YEAR_MAX = 2_100

export const Year = z.number().int().min(YEAR_MIN).max(YEAR_MAX)
const Text = z.string().trim().min(1, 'must not be empty')

export const PlanPeriod = z
  .strictObject({ start: Year, end: Year })
  .refine((p) => p.start <= p.end, { message: 'start must not be after end' })
export type PlanPeriod = z.infer<typeof PlanPeriod>

/** A plan id is its folder's name. */
export const PlanId = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'must be lower-case letters, digits and -')

/**
 * Settings the evaluating office fixes for a plan's indicators, beyond the plan's text: the
 * semantic model reads them where an indicator's definition needs a number (plans/README.md).
 * One model serves every plan, so plans that state a rule must agree on it (`modelRules`).
 */
export const PlanRules = z.strictObject({
  /** 差评按期整改: a bad review is rectified on time within this many working days. */
  bad_review_rectification_workdays: z.number().int().min(1).max(365),
})
export type PlanRules = z.infer<typeof PlanRules>
export type PlanRuleName = keyof PlanRules
export const PLAN_RULE_NAMES = Object.keys(PlanRules.shape) as PlanRuleName[]

export const PlanFile = z.strictObject({
  format: z.literal(1),
  name_zh: Text,
  name_en: Text,
  /** The body that issued the plan (发文机关). */
  issuer_zh: Text,
  period: PlanPeriod,
  /** The evaluating office's settings for this plan's indicators; a plan may state none. */
  rules: PlanRules.partial().optional(),
})
export type PlanFile = z.infer<typeof PlanFile>

/** What everyone may know of a plan: the API's plan list and the plan switcher. */
export interface PlanInfo extends PlanFile {
  id: string
}

/** The years of a period, in order. */
export function periodYears(period: PlanPeriod): number[] {
  return Array.from({ length: period.end - period.start + 1 }, (_, i) => period.start + i)
}

/** The baseline year of a plan: the year before its period (the 基期). */
export function baselineYear(period: PlanPeriod): number {
  return period.start - 1
}

/**
 * The current plan: the latest one whose period has started by `year`; before any has
 * started, the earliest. `plans` must be non-empty.
 */
export function currentPlanOf<P extends { period: PlanPeriod }>(plans: readonly P[], year: number): P {
  const byStart = [...plans].sort((a, b) => a.period.start - b.period.start)
  return byStart.filter((p) => p.period.start <= year).at(-1) ?? byStart[0]!
}
