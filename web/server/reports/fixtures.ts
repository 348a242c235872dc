import { loadPlans } from '../../../indicators/plans'
import { briefingTasks } from '../tasks/task-summary'
import { sampleTaskBoard } from './final-evaluation.fixtures'
import type { Briefing, RankingReport, RankingRow, ScorePart } from './types'

/** Test data for the report builders: realistic names, every edge the layout must handle. */

const DEPTS = [
  '区政务服务数据管理局',
  '区公安分局',
  '区人力资源和社会保障局',
  '区市场监督管理局',
  '区卫生健康局',
  '区教育局',
  '区住房和城乡建设局',
  '区民政局',
  '区自然资源局',
  '区生态环境分局',
  '区交通运输局',
  '区农业农村局',
]

const INDICATORS: Array<Pick<ScorePart, 'indicator_id' | 'indicator_name' | 'unit'> & { max: number }> = [
  { indicator_id: 'online_available_rate', indicator_name: '政务服务事项网上可办率', unit: '%', max: 30 },
  { indicator_id: 'full_online_rate', indicator_name: '政务服务事项全程网办率', unit: '%', max: 30 },
  { indicator_id: 'e_license_use_rate', indicator_name: '电子证照用证率', unit: '%', max: 25 },
  { indicator_id: 'app_dau', indicator_name: '移动端日活跃用户数', unit: 'users', max: 15 },
]

/**
 * `n` units; unit 3 has a formula-looking name, unit 2 a no-data indicator and adjustments,
 * unit 0 bonus points that take its total above 100.
 */
export function sampleReport(n = 8, overrides: Partial<RankingReport> = {}): RankingReport {
  const rows: RankingRow[] = Array.from({ length: n }, (_, i) => {
    const base = DEPTS[i % DEPTS.length]!
    const unit_name =
      i === 3 ? '=HYPERLINK("http://evil.example","点我")' : i < DEPTS.length ? base : `${base}（${i + 1}）`
    const parts: ScorePart[] = INDICATORS.map((ind, k) => {
      const noData = i === 2 && k === 2
      const ratio = 0.98 - i * 0.011 - k * 0.02
      const value = noData ? null : ind.unit === '%' ? 0.9 * ratio : Math.round(52_000 * ratio)
      const target = ind.unit === '%' ? 0.9 : 52_000
      return {
        ...ind,
        weight: ind.max,
        value,
        target,
        score: noData ? null : Math.round(ind.max * Math.min(ratio, 1) * 100) / 100,
        bonus: i === 0 && k === 0 ? 5.01 : 0,
        no_data: noData,
      }
    })
    const adjustments_points = i === 2 ? -1.5 : 0
    const baseScore = parts.reduce((s, p) => s + (p.score ?? 0), 0)
    const bonus = parts.reduce((s, p) => s + p.bonus, 0)
    const total = baseScore + bonus + adjustments_points
    return {
      rank: i + 1,
      unit_code: `1144030600${String(i + 1).padStart(2, '0')}`,
      unit_name,
      total: Math.round(total * 100) / 100,
      base: Math.round(baseScore * 100) / 100,
      bonus,
      rank_change: i === 0 ? null : ((i * 7) % 5) - 2,
      total_change: i === 0 ? null : Math.round((((i * 13) % 9) - 4) * 37) / 100,
      adjustments_points,
      frozen: true,
      parts,
      ...(i === 2
        ? {
            adjustments: [
              {
                points: -1,
                reason: '12345热线工单超期未办结，经核实扣分',
                author: 'evaluator',
                at: '2025-01-08 10:12:00',
              },
              { points: -0.5, reason: '数据报送迟报', author: 'evaluator', at: '2025-01-09T02:30:00Z' },
            ],
          }
        : {}),
    }
  })
  // Rank by total as the scorer would, so the fixture reads like a real ranking.
  rows.sort((a, b) => b.total - a.total)
  rows.forEach((r, i) => {
    r.rank = i + 1
  })
  return {
    title: '2024年度部门数字政府建设考核排名',
    period_label: '2024年度',
    unit_type: 'department',
    scheme_id: 'dept-2024-v1',
    frozen_at: '2025-01-10 09:30:00',
    published_at: null,
    rows,
    generated_at: '2025-01-12 16:45:10',
    notes: ['无数据的指标不计分，其权重按比例分配给其余指标。'],
    ...overrides,
  }
}

export function sampleBriefing(): Briefing {
  const ind = (
    id: string,
    name_zh: string,
    area_zh: string,
    value: number | null,
    target: number | null,
    status: Briefing['indicators'][number]['status'],
  ) => ({
    id,
    name_zh,
    area_zh,
    value,
    target,
    goal: target === null ? null : Math.min(1, target + 0.05),
    goal_year: 2025,
    status,
    gap: value === null || target === null ? null : Math.round((target - value) * 1e6) / 1e6,
    unit: '%' as const,
    direction: 'higher' as const,
  })
  const indicators = [
    ind('online_available_rate', '政务服务事项网上可办率', '一网通办', 0.96, 0.95, 'met'),
    ind('full_online_rate', '政务服务事项全程网办率', '一网通办', 0.78, 0.85, 'behind'),
    ind('e_license_use_rate', '电子证照用证率', '电子证照与电子印章', 0.66, 0.7, 'at_risk'),
    ind('sharing_satisfaction_rate', '数据共享需求满足率', '数据共享', 0.9, 0.9, 'on_track'),
    ind('hotline_resolution_rate', '12345热线问题解决率', '12345热线', null, 0.9, 'no_data'),
  ]
  return {
    title: '数字政府"十四五"规划指标监测简报',
    period_label: '2024年',
    as_of: '2024-12-31',
    indicators,
    off_track: indicators.filter((i) => i.status === 'behind' || i.status === 'at_risk'),
    lagging_units: [
      {
        unit_name: '沙头街道',
        indicator_name: '政务服务事项全程网办率',
        value: 0.61,
        target: 0.85,
        gap: 0.24,
        unit: '%',
        direction: 'higher',
      },
      {
        unit_name: '区卫生健康局',
        indicator_name: '电子证照用证率',
        value: 0.52,
        target: 0.7,
        gap: 0.18,
        unit: '%',
        direction: 'higher',
      },
    ],
    // Early 2024: early deadlines passed, the long tasks behind their time, one not begun yet.
    tasks: briefingTasks(
      sampleTaskBoard('2024-03-01'),
      loadPlans().get('fyp14')!.catalog.areas,
      '2024-03-01',
    ),
    generated_at: '2025-01-12T08:45:10Z',
  }
}
