import type { Catalog, Indicator } from '../catalog.schema'
import { achievement, bonusPoints, clean, methodScore } from './methods'
import { rankUnits } from './ranking'
import {
  type IndicatorRule,
  isTaskRule,
  type NoDataPolicy,
  type Rule,
  type Scheme,
  type TaskRule,
  type UnitType,
} from './scheme.schema'
import type { IndicatorScore, ScoreResult, UnitScore } from './score.types'
import type { TargetResolver } from './target-overrides'
import type { TaskFigures } from './task-figures'
import { scoreTaskRule } from './task-rule'

export { rankChange, rankUnits } from './ranking'
export type * from './score.types'

export interface ScoreUnitsInput {
  scheme: Scheme
  catalog: Catalog
  unitType: UnitType
  /** unit code → indicator id → value for the period (null, missing or NaN: no data) */
  values: ReadonlyMap<string, ReadonlyMap<string, number | null>>
  /** the target of an indicator for a unit in the period's year (plan target or override) */
  targets: TargetResolver
  /** defaults to the scheme's no_data */
  noData?: NoDataPolicy
  /** extra units to score even without any value (e.g. every department on file) */
  units?: readonly string[]
  names?: ReadonlyMap<string, string>
  /**
   * department code → its plan-task figures for the period (task-figures.ts); required when a
   * plan-task rule applies to `unitType`. A department in it is scored even without values.
   */
  tasks?: ReadonlyMap<string, TaskFigures>
}

/** Whether a rule scores this unit: its type is in applies_to and include/exclude allow the code. */
export function ruleApplies(rule: Rule, unitType: UnitType, unitCode: string): boolean {
  if (!rule.applies_to.includes(unitType)) return false
  const include = rule.include?.[unitType]
  if (include && !include.includes(unitCode)) return false
  return !rule.exclude?.[unitType]?.includes(unitCode)
}

const present = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v)

/**
 * Scores every unit on the scheme's rules that apply to it, then ranks them.
 * Per indicator: no target → left out (status no_target) whatever the policy; no value →
 * left out and the rest re-weighted (exclude_reweight) or 0 against full marks (zero);
 * else the method's score and the bonus. The plan-task rule adds its lines from the unit's
 * task figures (task-rule.ts; no task due is no data). A unit's total is Σ contribution +
 * Σ bonus, where contributions rescale the earned points to 100 over the applied lines' max.
 */
export function scoreUnits(input: ScoreUnitsInput): ScoreResult {
  const { scheme, catalog, unitType, values, targets } = input
  const noData = input.noData ?? scheme.no_data
  const indicators = new Map(catalog.indicators.map((i) => [i.id, i]))
  const scoresTasks = scheme.rules.some((r) => isTaskRule(r) && r.applies_to.includes(unitType))
  if (scoresTasks && !input.tasks) {
    throw new Error(`scheme ${scheme.id} scores plan tasks: pass the ${unitType} task figures`)
  }
  const rules = scheme.rules.map((rule): { rule: TaskRule } | { rule: IndicatorRule; ind: Indicator } => {
    if (isTaskRule(rule)) return { rule }
    const ind = indicators.get(rule.indicator_id)
    if (!ind) throw new Error(`scheme ${scheme.id}: indicator ${rule.indicator_id} is not in the catalog`)
    return { rule, ind }
  })
  const tasks = scoresTasks ? input.tasks : undefined
  const codes = [...new Set([...values.keys(), ...(input.units ?? []), ...(tasks?.keys() ?? [])])]
  const units = codes.map((code): UnitScore => {
    const own = values.get(code)
    const rows = rules
      .filter(({ rule }) => ruleApplies(rule, unitType, code))
      .flatMap((r) =>
        'ind' in r
          ? [scoreIndicator(r.rule, r.ind, own?.get(r.ind.id), targets(r.ind.id, code), noData)]
          : scoreTaskRule(r.rule, tasks?.get(code), noData),
      )
    return summarize(code, input.names?.get(code) ?? null, rows)
  })
  return {
    scheme_id: scheme.id,
    scheme_version: scheme.version,
    unit_type: unitType,
    no_data: noData,
    units: rankUnits(units),
    unmatched_adjustments: [],
  }
}

type Row = Omit<IndicatorScore, 'contribution' | 'full_points'>

function scoreIndicator(
  rule: IndicatorRule,
  ind: Pick<Indicator, 'direction'>,
  raw: number | null | undefined,
  target: number | null,
  noData: NoDataPolicy,
): Row {
  const value = present(raw) ? raw : null
  const base = {
    indicator_id: rule.indicator_id,
    method: rule.method.type,
    value,
    target: present(target) ? target : null,
    achievement: null,
    max: rule.weight,
    score: 0,
    bonus: 0,
    no_data: value === null,
  }
  if (base.target === null) return { ...base, applied: false, status: 'no_target' }
  if (value === null) {
    return noData === 'zero'
      ? { ...base, applied: true, status: 'no_data_zero' }
      : { ...base, applied: false, status: 'no_data_excluded' }
  }
  const t = base.target
  return {
    ...base,
    achievement: achievement(value, t, ind.direction),
    score: methodScore(rule.method, rule.weight, value, t, ind.direction),
    bonus: bonusPoints(rule.bonus, value, t, ind.direction),
    applied: true,
    status: 'scored',
  }
}

/** Adds up one unit: contributions, bonus and (none yet) adjustments, so total = Σ parts. */
export function summarize(
  unitCode: string,
  unitName: string | null,
  rows: readonly Row[],
  adjustments: UnitScore['adjustments'] = [],
): UnitScore {
  const applied = rows.filter((r) => r.applied)
  const max = clean(sum(applied.map((r) => r.max)))
  const earned = clean(sum(applied.map((r) => r.score)))
  // The one place 得分 and 满分 are put on the 0–100 scale: the screen, XLSX and PDF print these.
  const indicators = rows.map(
    ({ contribution: _c, full_points: _f, ...r }: Row & Partial<IndicatorScore>) => ({
      ...r,
      contribution: r.applied && max > 0 ? (r.score * 100) / max : 0,
      full_points: r.applied && max > 0 ? (r.max * 100) / max : 0,
    }),
  )
  const base = sum(indicators.map((r) => r.contribution))
  const bonus = sum(indicators.map((r) => r.bonus))
  const adjustment = sum(adjustments.map((a) => a.points))
  return {
    unit_code: unitCode,
    unit_name: unitName,
    indicators,
    earned,
    max,
    base,
    bonus,
    adjustment,
    adjustments: [...adjustments],
    total: max > 0 ? base + bonus + adjustment : null,
    rank: null,
  }
}

function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0)
}
