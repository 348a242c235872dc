import type { AreaCode, Binding, Catalog, Direction, Indicator, Unit } from '../../indicators/catalog.schema'
import { baselineYear, type PlanInfo, periodYears } from '../../indicators/plan.schema'
import type { Status } from '../../indicators/progress'
import { planTargets } from '../../indicators/scoring/target-overrides'
import { targetEntry, targetFor } from '../../indicators/targets'
import type { SemanticLayer } from '../engine/engine'
import { forbidden } from '../engine/errors'
import type { SecurityContext } from '../engine/security'
import { type FinalSummary, summarize, type Verdict } from './final-evaluation.summary'
import { hasBreakdown, type UnitBreakdown, unitBreakdown } from './final-evaluation.units'
import { indicatorValues } from './scorecard'
import { type UnitValues, unitValues } from './unit-values'

export type { FinalSummary, Verdict, VerdictCounts } from './final-evaluation.summary'
export type { UnitBreakdown, UnitOutcome } from './final-evaluation.units'

/** A plan clause a target rests on: the document's title (cited as 《title》) and the quotation. */
export interface PlanClause {
  title: string
  quote: string
}

/** The plan-end target and what it rests on. */
export interface FinalTarget {
  value: number | null
  /** Derived from a stated target by the one derivation rule (held or interpolated). */
  derived: boolean
  /** Set by the local evaluation office, not by a plan document: `clauses` is empty. */
  locally_set: boolean
  clauses: PlanClause[]
}

export interface TrajectoryPoint {
  year: number
  /** The baseline year's value from the catalog; a period year's actual as of its last day. */
  actual: number | null
  /** The year's target (none in the baseline year). */
  target: number | null
}

export interface Coverage {
  /** 数据截至: the latest day with data behind the final value (null: none, or current state). */
  data_as_of: string | null
  /** No history: the final value is the current state (当前状态数据), whatever the year. */
  current_state: boolean
  /** Years of the period without data (none listed for current-state indicators). */
  missing_years: number[]
}

export interface FinalIndicator {
  id: string
  name_zh: string
  name_en: string
  area: AreaCode
  area_zh: string
  unit: Unit
  direction: Direction
  binding: Binding
  target: FinalTarget
  /** The final year's value, as of its last day. */
  final_value: number | null
  /** The final year's closed-year status (达成 / 未达成 / 无数据 / 无目标). */
  verdict: Verdict
  /** Signed gap to the plan-end target: positive = shortfall, negative = beaten. */
  gap: number | null
  /** Baseline year to the final year. */
  trajectory: TrajectoryPoint[]
  /** Departments, then towns, where the indicator has that breakdown. */
  units: UnitBreakdown[]
  coverage: Coverage
}

export interface FinalEvaluation {
  plan: Pick<PlanInfo, 'id' | 'name_zh' | 'name_en' | 'issuer_zh' | 'period'>
  baseline_year: number
  final_year: number
  /** The final year's last day: the as-of date of every figure (current-state ones excepted). */
  as_of: string
  /** In catalog order. */
  indicators: FinalIndicator[]
  summary: FinalSummary
}

export interface FinalEvaluationInput {
  plan: FinalEvaluation['plan']
  /** The plan's effective catalog (targets and baselines as the app resolves them). */
  catalog: Catalog
}

/** A closed year's status is an outcome; anything else means the year was not closed. */
function verdictOf(status: Status): Verdict {
  if (status === 'met' || status === 'missed' || status === 'no_data' || status === 'no_target') return status
  throw new Error(`final-year status ${status} is not an outcome: the year was judged as still running`)
}

function finalTarget(ind: Indicator, catalog: Catalog, year: number): FinalTarget {
  const entry = targetEntry(ind, year)
  const source = entry?.source ?? null
  return {
    value: targetFor(ind, year),
    derived: entry?.derived ?? false,
    locally_set: entry?.locally_set ?? false,
    clauses: source ? [{ title: catalog.seeds[source.seed]?.title ?? '', quote: source.clause }] : [],
  }
}

/**
 * The final evaluation (终期评估) of a plan: per indicator the plan-end target and the clause
 * behind it, the final value and verdict (the final year's closed status, as the scorecard
 * computes it), the trajectory from the baseline year, the departments and towns that carried
 * it or held it back in the final year (against the plan's targets), and what the data covers;
 * then the counts. District-wide only: a department-scoped context is refused, since the
 * figures and the other units' values are the whole district's.
 */
export async function finalEvaluation(
  sl: SemanticLayer,
  { plan, catalog }: FinalEvaluationInput,
  context: SecurityContext,
): Promise<FinalEvaluation> {
  if (context.deptCode !== undefined) {
    throw forbidden(
      '终期评估面向全区，部门账号不能查看 (department accounts may not see it)',
      'the final evaluation covers the whole district',
    )
  }
  const end = plan.period.end
  const asOf = `${end}-12-31`
  const year = { from: `${end}-01-01`, to: asOf }
  const none: UnitValues = { values: new Map(), names: new Map() }
  // One after the other: each is a query or two per view at once, and a user's queue is bounded.
  const values = await indicatorValues(sl, { year: end, asOf }, context, catalog)
  const [depts, towns] = await Promise.all([
    hasBreakdown(catalog, 'department') ? unitValues(sl, 'department', year, context, catalog) : none,
    hasBreakdown(catalog, 'town') ? unitValues(sl, 'town', year, context, catalog) : none,
  ])
  const targets = planTargets(catalog, end)
  const areas = new Map(catalog.areas.map((a) => [a.code, a.name_zh]))
  const base = baselineYear(plan.period)

  const indicators = catalog.indicators.map((ind, i): FinalIndicator => {
    const v = values[i]!
    const actual = new Map(v.series.map((s) => [s.year, s.value]))
    const trajectory: TrajectoryPoint[] = [
      { year: base, actual: ind.baseline.year === base ? ind.baseline.value : null, target: null },
      ...periodYears(plan.period).map((y) => ({
        year: y,
        actual: actual.get(y) ?? null,
        target: targetFor(ind, y),
      })),
    ]
    const units = [
      unitBreakdown(ind, 'department', depts, targets),
      unitBreakdown(ind, 'town', towns, targets),
    ].filter((u): u is UnitBreakdown => u !== null)
    return {
      id: ind.id,
      name_zh: ind.name_zh,
      name_en: ind.name_en,
      area: ind.area,
      area_zh: areas.get(ind.area) ?? ind.area,
      unit: ind.unit,
      direction: ind.direction,
      binding: ind.binding,
      target: finalTarget(ind, catalog, end),
      final_value: v.value,
      verdict: verdictOf(v.status),
      gap: v.gap,
      trajectory,
      units,
      coverage: {
        data_as_of: v.data_as_of,
        current_state: v.current_state,
        missing_years: v.current_state
          ? []
          : trajectory.filter((p) => p.year !== base && p.actual === null).map((p) => p.year),
      },
    }
  })
  return {
    plan: {
      id: plan.id,
      name_zh: plan.name_zh,
      name_en: plan.name_en,
      issuer_zh: plan.issuer_zh,
      period: plan.period,
    },
    baseline_year: base,
    final_year: end,
    as_of: asOf,
    indicators,
    summary: summarize(catalog, indicators),
  }
}
