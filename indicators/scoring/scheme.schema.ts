import { z } from 'zod'
import type { Catalog } from '../catalog.schema'
import { Year } from '../plan.schema'

/**
 * Shape of indicators/scoring/schemes.yml. Keys keep the YAML's snake_case, as the catalog
 * does, so a field has one name in the file, in error messages and in the API. No node
 * imports: the browser bundle may use the types.
 */

export const UNIT_TYPES = ['department', 'town'] as const
export const UnitType = z.enum(UNIT_TYPES)
export type UnitType = z.infer<typeof UnitType>

export const PeriodType = z.enum(['year', 'quarter', 'month'])
export type PeriodType = z.infer<typeof PeriodType>

/** exclude_reweight: a missing value leaves the indicator out of the total; zero: it scores 0. */
export const NoDataPolicy = z.enum(['exclude_reweight', 'zero'])
export type NoDataPolicy = z.infer<typeof NoDataPolicy>

/** The catalog breakdown (`cube.breakdowns`) that holds a unit type's values. */
export const BREAKDOWN_OF = { department: 'dept', town: 'region' } as const

const Text = z.string().trim().min(1, 'must not be empty')
const Share = z.number().finite().min(0).max(1)
// YAML reads 11440306001 as a number and would drop leading zeros: codes must be quoted.
const UnitCode = z
  .string({ error: "must be a quoted string, e.g. '11440306001'" })
  .regex(/^\S+$/, 'must not be empty or contain spaces')

export const Band = z.strictObject({
  /** achievement (value ÷ target, target ÷ value for lower-is-better) at or above which the band applies */
  min_ratio: z.number().finite().gt(0).max(1),
  /** share of the weight the band earns */
  share: Share,
})
export type Band = z.infer<typeof Band>

export const ProportionalMethod = z.strictObject({ type: z.literal('proportional') })

export const BandsMethod = z
  .strictObject({
    type: z.literal('bands'),
    bands: z.array(Band).min(1),
    /** share earned below the lowest band */
    below_share: Share.default(0),
  })
  .superRefine((m, ctx) => {
    m.bands.forEach((b, i) => {
      const prev = m.bands[i - 1]
      if (prev && !(b.min_ratio < prev.min_ratio)) {
        ctx.addIssue({
          code: 'custom',
          path: ['bands', i, 'min_ratio'],
          message: 'bands must be listed from the highest min_ratio down',
        })
      }
      if (prev && b.share > prev.share) {
        ctx.addIssue({
          code: 'custom',
          path: ['bands', i, 'share'],
          message: 'a lower band must not earn more than a higher one',
        })
      }
    })
    const last = m.bands.at(-1)
    if (last && m.below_share > last.share) {
      ctx.addIssue({ code: 'custom', path: ['below_share'], message: 'must not exceed the lowest band' })
    }
  })

export const DeductionMethod = z.strictObject({
  type: z.literal('deduction'),
  /** points taken off the weight per percentage point short of the target */
  points_per_pp: z.number().finite().positive(),
  /** the score never goes below this (points, 0 ≤ floor ≤ weight) */
  floor: z.number().finite().nonnegative().default(0),
})

export const Method = z.discriminatedUnion('type', [ProportionalMethod, BandsMethod, DeductionMethod])
export type Method = z.infer<typeof Method>
export type MethodType = Method['type']

/** Points on top of the base score for beating the target, capped. */
export const Bonus = z.strictObject({
  points_per_pp: z.number().finite().positive(),
  cap: z.number().finite().positive(),
})
export type Bonus = z.infer<typeof Bonus>

/** Unit codes by unit type; a type left out is not restricted. */
export const UnitCodes = z.strictObject({
  department: z.array(UnitCode).min(1).optional(),
  town: z.array(UnitCode).min(1).optional(),
})
export type UnitCodes = z.infer<typeof UnitCodes>

type Fail = (path: (string | number)[], message: string) => void

/** What every rule is checked for: unit types once each, include/exclude within them, floors within the weight. */
function checkRule(
  r: { applies_to: UnitType[]; weight: number; method: Method; include?: UnitCodes; exclude?: UnitCodes },
  fail: Fail,
): void {
  if (new Set(r.applies_to).size !== r.applies_to.length) fail(['applies_to'], 'lists a unit type twice')
  for (const key of ['include', 'exclude'] as const) {
    for (const t of UNIT_TYPES) {
      if (r[key]?.[t] && !r.applies_to.includes(t)) {
        fail([key, t], `${t} is not in applies_to`)
      }
    }
  }
  if (r.method.type === 'deduction' && r.method.floor > r.weight) {
    fail(['method', 'floor'], `must not exceed the weight (${r.weight})`)
  }
}

const failOn =
  (ctx: z.core.$RefinementCtx): Fail =>
  (path, message) =>
    ctx.addIssue({ code: 'custom', path, message })

/** A rule scoring a catalog indicator. */
export const IndicatorRule = z
  .strictObject({
    indicator_id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be a catalog indicator id'),
    /** never given: tells an indicator rule from the plan-task rule */
    tasks: z.undefined().optional(),
    applies_to: z.array(UnitType).min(1),
    /** full marks of the indicator; totals are rescaled to 100 per unit */
    weight: z.number().finite().positive(),
    method: Method,
    bonus: Bonus.optional(),
    /** only these units (per type) are scored on the indicator */
    include: UnitCodes.optional(),
    /** these units are not scored on the indicator */
    exclude: UnitCodes.optional(),
    note: Text.optional(),
  })
  .superRefine((r, ctx) => checkRule(r, failOn(ctx)))
export type IndicatorRule = z.infer<typeof IndicatorRule>

/** Points taken off the plan-task rule per overdue task, within the rule's own points. */
export const OverdueDeduction = z.strictObject({
  /** weight points per task overdue at the period's end */
  points_per_task: z.number().finite().positive(),
  /** at most this many points in all (0 < cap ≤ weight); default: the rule's points (扣完为止) */
  cap: z.number().finite().positive().optional(),
})
export type OverdueDeduction = z.infer<typeof OverdueDeduction>

/** What the plan-task rule measures; one measure so far. */
export const TASK_MEASURES = ['on_time_completion'] as const

/**
 * A rule scoring the plan tasks a department leads (indicators/scoring/task-figures.ts): the
 * method scores the on-time completion rate against 100%; `overdue` takes points off per task
 * overdue at the period's end. Departments only: towns lead no tasks.
 */
export const TaskRule = z
  .strictObject({
    tasks: z.enum(TASK_MEASURES),
    applies_to: z.array(UnitType).min(1),
    /** full marks of the rule; the deduction comes out of these */
    weight: z.number().finite().positive(),
    method: Method,
    overdue: OverdueDeduction.optional(),
    include: UnitCodes.optional(),
    exclude: UnitCodes.optional(),
    note: Text.optional(),
  })
  .superRefine((r, ctx) => {
    const fail = failOn(ctx)
    checkRule(r, fail)
    r.applies_to.forEach((t, i) => {
      if (t !== 'department') {
        fail(['applies_to', i], `plan tasks are led by departments: ${t} cannot be scored on them`)
      }
    })
    if (r.overdue?.cap !== undefined && r.overdue.cap > r.weight) {
      fail(['overdue', 'cap'], `must not exceed the weight (${r.weight})`)
    }
  })
export type TaskRule = z.infer<typeof TaskRule>

/** A scheme's rule: a catalog indicator's (`indicator_id`) or the plan tasks' (`tasks`). */
export const Rule = z.discriminatedUnion('tasks', [IndicatorRule, TaskRule], {
  error: (iss) =>
    iss.code === 'invalid_union'
      ? `must be one of: ${TASK_MEASURES.join(', ')} (or leave it out)`
      : undefined,
})
export type Rule = z.infer<typeof Rule>

export const isTaskRule = (r: Rule): r is TaskRule => r.tasks !== undefined

export const Scheme = z.strictObject({
  /** stable id stored with every official ranking, e.g. 2024-v1: never reuse one for other rules */
  id: z.string().regex(/^[0-9a-z][0-9a-z._-]*$/, 'must be lower-case letters, digits, ".", "_" or "-"'),
  /** revision number; the newest version that covers a period is the one used */
  version: z.number().int().positive(),
  name_zh: Text,
  name_en: Text,
  period_types: z.array(PeriodType).min(1),
  /** plan years the scheme scores, inclusive; to: null means open-ended */
  years: z.strictObject({ from: Year, to: Year.nullable() }),
  /** default no-data policy; a caller may override it per run */
  no_data: NoDataPolicy,
  rules: z.array(Rule).min(1),
  note: Text.optional(),
})
export type Scheme = z.infer<typeof Scheme>

export const SchemeFile = z.strictObject({
  format: z.literal(1),
  /** anchors (&name) the schemes reference with aliases; not read otherwise */
  shared: z.record(z.string(), z.unknown()).optional(),
  schemes: z.array(Scheme).min(1),
})
export type SchemeFile = z.infer<typeof SchemeFile>

/** SchemeFile plus the checks that need the catalog (ids, breakdowns, units). */
export function schemeFileFor(catalog: Catalog) {
  return SchemeFile.superRefine((file, ctx) => {
    const fail = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path, message })
    const ids = new Set<string>()
    const versions = new Set<number>()
    file.schemes.forEach((s, si) => {
      if (ids.has(s.id)) fail(['schemes', si, 'id'], `duplicate scheme id ${s.id}`)
      if (versions.has(s.version)) fail(['schemes', si, 'version'], `duplicate version ${s.version}`)
      ids.add(s.id)
      versions.add(s.version)
      if (s.years.to !== null && s.years.to < s.years.from) {
        fail(['schemes', si, 'years', 'to'], 'must not be before years.from')
      }
      const seen = new Set<string>()
      s.rules.forEach((r, ri) => {
        const at = (...p: (string | number)[]) => ['schemes', si, 'rules', ri, ...p]
        if (isTaskRule(r)) {
          for (const t of r.applies_to) {
            if (seen.has(`tasks/${t}`)) fail(at('applies_to'), `a second plan-task rule for ${t}`)
            seen.add(`tasks/${t}`)
          }
          return
        }
        const ind = catalog.indicators.find((i) => i.id === r.indicator_id)
        if (!ind) {
          fail(at('indicator_id'), `unknown indicator ${r.indicator_id} (not in catalog.yml)`)
          return
        }
        for (const t of r.applies_to) {
          const key = `${r.indicator_id}/${t}`
          if (seen.has(key)) fail(at('applies_to'), `a second rule for ${r.indicator_id} and ${t}`)
          seen.add(key)
          const breakdown = BREAKDOWN_OF[t]
          if (!ind.cube.breakdowns.includes(breakdown)) {
            fail(at('applies_to'), `${t} needs the ${breakdown} breakdown, which ${r.indicator_id} lacks`)
          }
        }
        if (ind.unit !== '%' && r.method.type === 'deduction') {
          fail(at('method', 'type'), 'deduction counts percentage points: only for rate (%) indicators')
        }
        if (ind.unit !== '%' && r.bonus) {
          fail(at('bonus'), 'a bonus counts percentage points: only for rate (%) indicators')
        }
      })
    })
  })
}
