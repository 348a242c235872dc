import { loadPlans } from '../../../indicators/plans'
import { gapTo } from '../../../indicators/progress'
import { targetFor } from '../../../indicators/targets'
import type { FinalIndicator, UnitOutcome } from '../../../semantic-layer/queries/final-evaluation'
import { summarize } from '../../../semantic-layer/queries/final-evaluation.summary'
import { buildBoard, type TaskView } from '../tasks/board'
import { finalTasks } from '../tasks/task-summary'
import type { CheckinRow } from '../tasks/tasks.store'
import type { FinalEvaluationReport } from './final-evaluation.content'

/** A task of the fixture board completed on time, one completed late, one under way (60%), and the local one. */
export const SAMPLE_TASKS = {
  onTime: 'data_census',
  late: 'separate_management_operation_by_2021',
  underway: 'data_catalogue',
  local: 'local_1',
} as const

/**
 * The 十四五 plan's tasks as of `today` (YYYY-MM-DD), built by the app's own rule from made-up
 * check-ins: one completion accepted before its deadline, one after, 60% accepted on another,
 * a returned and a pending check-in that count for nothing, and one locally agreed task.
 */
export function sampleTaskBoard(today: string): TaskView[] {
  const plan = loadPlans().get('fyp14')!
  let id = 0
  const checkin = (
    task_id: string,
    percent: number,
    filed_at: string,
    state: CheckinRow['state'] = 'accepted',
  ): CheckinRow => ({
    id: ++id,
    plan_id: plan.id,
    task_id,
    dept_code: 'D01',
    percent,
    note: '按计划推进',
    filed_by: 'dept_d01',
    filed_at,
    state,
    reviewed_by: state === 'pending' ? null : 'evaluator',
    reviewed_at: state === 'pending' ? null : filed_at,
    review_reason: state === 'returned' ? '证明材料不全' : null,
  })
  return buildBoard({
    plan,
    local: [
      {
        id: SAMPLE_TASKS.local,
        plan_id: plan.id,
        title_zh: '政务服务“好差评”季度通报',
        area: 'evaluations',
        start: '2024-01-01',
        deadline: '2025-06-30',
        indicators: [],
        basis: '区数字政府建设领导小组第一次会议纪要',
        created_by: 'evaluator',
        created_at: '2024-01-05T02:00:00.000Z',
      },
    ],
    assignments: new Map(),
    checkins: [
      checkin(SAMPLE_TASKS.onTime, 100, '2021-06-01T02:00:00.000Z'),
      checkin(SAMPLE_TASKS.late, 100, '2021-12-20T02:00:00.000Z', 'returned'),
      checkin(SAMPLE_TASKS.late, 100, '2022-03-01T02:00:00.000Z'),
      checkin(SAMPLE_TASKS.underway, 60, '2023-05-01T02:00:00.000Z'),
      checkin(SAMPLE_TASKS.underway, 80, '2023-09-01T02:00:00.000Z', 'pending'),
    ],
    departments: [
      { code: 'D01', name: '区政务服务数据管理局' },
      { code: 'D02', name: '区公安分局' },
    ],
    today,
  })
}

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
    tasks: finalTasks(sampleTaskBoard('2026-11-30'), catalog.areas),
    generated_at: '2026-11-30 10:15:00',
  }
}
