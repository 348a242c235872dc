import { loadPlans } from '../../../indicators/plans'
import { gapTo } from '../../../indicators/progress'
import { targetFor } from '../../../indicators/targets'
import type { FinalIndicator, UnitOutcome } from '../../../semantic-layer/queries/final-evaluation'
import { summarize } from '../../../semantic-layer/queries/final-evaluation.summary'
import type { FinalEvaluationReport } from './final-evaluation.content'

/**
 * A final evaluation of the 十四五 plan built from its real catalog with made-up figures
 * (no warehouse): met and missed targets, one without data, one without a target, a year
 * without data, current-state indicators and a breakdown without any unit's data — every
 * case the documents must print.
 */
export function sampleFinalEvaluation(): FinalEvaluationReport {
  const plan = loadPlans().get('fyp14')!
  const { catalog, period } = plan
  const end = period.end
  const areas = new Map(catalog.areas.map((a) => [a.code, a.name_zh]))
  const indicators = catalog.indicators.map((ind, k): FinalIndicator => {
    const endEntry = ind.targets.find((t) => t.year === end)!
    const noTarget = k === 3
    const target = noTarget ? null : targetFor(ind, end)
    const scale = ind.unit === '%' ? 1 : 200_000
    // Alternating around the target: even rows meet it, odd rows fall short; row 5 has no data.
    const value =
      k === 5 ? null : Math.min(scale, (target ?? 0.7 * scale) + (k % 2 === 0 ? 0.01 : -0.03) * scale)
    const verdict =
      value === null
        ? 'no_data'
        : target === null
          ? 'no_target'
          : gapTo(ind, value, target)! <= 0
            ? 'met'
            : 'missed'
    const unit = (code: string, name: string, v: number): UnitOutcome => {
      const gap = gapTo(ind, v, target)
      return { code, name, value: v, target, gap, met: gap === null ? null : gap <= 0 }
    }
    const current = ind.cube.time_dimension === null
    return {
      id: ind.id,
      name_zh: ind.name_zh,
      name_en: ind.name_en,
      area: ind.area,
      area_zh: areas.get(ind.area)!,
      unit: ind.unit,
      direction: ind.direction,
      binding: ind.binding,
      target: {
        value: target,
        derived: endEntry.derived,
        locally_set: endEntry.locally_set,
        clauses: endEntry.source
          ? [{ title: catalog.seeds[endEntry.source.seed]!.title, quote: endEntry.source.clause }]
          : [],
      },
      final_value: value,
      verdict,
      gap: gapTo(ind, value, target),
      trajectory: [
        { year: period.start - 1, actual: ind.baseline.value, target: null },
        ...ind.targets.map((t, i) => ({
          year: t.year,
          actual:
            k === 7 && i === 1 ? null : t.year === end ? value : (t.value ?? 0.5 * scale) - 0.01 * scale,
          target: noTarget && t.year === end ? null : t.value,
        })),
      ],
      units: [
        ...(ind.cube.breakdowns.includes('dept')
          ? [
              {
                unit_type: 'department' as const,
                units_with_data: 30,
                best: [
                  unit('D01', '区政务服务数据管理局', 0.99 * scale),
                  unit('D02', '区公安分局', 0.97 * scale),
                ],
                worst: [unit('D30', '区林业局', 0.61 * scale), unit('D29', '区档案馆', 0.7 * scale)],
              },
            ]
          : []),
        ...(ind.cube.breakdowns.includes('region')
          ? [
              {
                unit_type: 'town' as const,
                units_with_data: current ? 0 : 10,
                best: current ? [] : [unit('T01', '金沙街道', 0.98 * scale)],
                worst: current ? [] : [unit('T10', '龙泉镇', 0.52 * scale)],
              },
            ]
          : []),
      ],
      coverage: {
        data_as_of: current || value === null ? null : `${end}-12-31`,
        current_state: current,
        missing_years: k === 7 ? [period.start + 1] : [],
      },
    }
  })
  return {
    plan: { id: plan.id, name_zh: plan.name_zh, name_en: plan.name_en, issuer_zh: plan.issuer_zh, period },
    baseline_year: period.start - 1,
    final_year: end,
    as_of: `${end}-12-31`,
    indicators,
    summary: summarize(catalog, indicators),
    generated_at: '2026-11-30 10:15:00',
  }
}
