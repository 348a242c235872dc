import type {
  FinalEvaluation,
  FinalIndicator,
  UnitBreakdown,
  Verdict,
  VerdictCounts,
} from '../../../semantic-layer/queries/final-evaluation'
import type { FinalTasks } from '../tasks/task-summary'
import type { Block, ContentCell, ContentColumn, ReportContent, Tone } from './final-evaluation.blocks'
import { noteBlocks } from './final-evaluation.notes'
import { TASKS_HEADING, taskBlocks } from './final-evaluation.tasks'
import { formatGap, formatValue, NONE, shanghaiMinute } from './format'
import type { ReportNote } from './report-notes'

export type { Block, ContentCell, ContentColumn, ReportContent, Tone } from './final-evaluation.blocks'

/**
 * The 终期评估 report's content, written once as plain blocks; the DOCX and the PDF
 * (final-evaluation.docx.ts, final-evaluation.pdf.ts) only lay these out, so both say the
 * same thing in the same order.
 */

/** What the report builders take: the evaluation, the plan's tasks and when the document was made. */
export interface FinalEvaluationReport extends FinalEvaluation {
  /** The plan's tasks as they stood when the document was made (web/server/tasks/task-summary.ts). */
  tasks: FinalTasks
  /** Notes on indicators evaluators selected for the reports (web/server/notes/notes.reports.ts). */
  notes?: ReportNote[]
  generated_at: string | Date
}

export const VERDICT_LABEL: Record<Verdict, string> = {
  met: '达成',
  missed: '未达成',
  no_data: '无数据',
  no_target: '无目标',
}

const VERDICT_TONE: Record<Verdict, Tone> = {
  met: 'good',
  missed: 'bad',
  no_data: 'muted',
  no_target: 'muted',
}

export const LOCALLY_SET = '由本地考核办设定，非规划原文'

const BINDING_LABEL = { binding: '约束性', expected: '预期性' } as const
const DIRECTION_LABEL = { higher: '越高越好', lower: '越低越好' } as const
const UNIT_TYPE_LABEL = { department: '部门', town: '镇（街道）' } as const
const CN_NUMBER = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十']
const cn = (i: number) => CN_NUMBER[i] ?? String(i + 1)

/** 达成 / 未达成 with the gap: "未达成（差 0.6个百分点）". */
export function verdictText(ind: Pick<FinalIndicator, 'verdict' | 'gap' | 'unit' | 'direction'>): string {
  const label = VERDICT_LABEL[ind.verdict]
  if (ind.verdict !== 'met' && ind.verdict !== 'missed') return label
  return `${label}（${formatGap(ind.gap, ind.unit, ind.direction)}）`
}

const verdictCell = (ind: FinalIndicator): ContentCell => ({
  text: VERDICT_LABEL[ind.verdict],
  tone: VERDICT_TONE[ind.verdict],
  bold: true,
})

function countColumns(first: string, withNoTarget: boolean): ContentColumn[] {
  return [
    { header: first, width: 3 },
    { header: '指标数', width: 1, align: 'right' },
    { header: '达成', width: 1, align: 'right' },
    { header: '未达成', width: 1, align: 'right' },
    { header: '无数据', width: 1, align: 'right' },
    ...(withNoTarget ? [{ header: '无目标', width: 1, align: 'right' as const }] : []),
  ]
}

function countRow(label: string, c: VerdictCounts, withNoTarget: boolean): ContentCell[] {
  return [
    { text: label },
    { text: String(c.total) },
    { text: String(c.met), tone: 'good' },
    { text: String(c.missed), tone: c.missed ? 'bad' : undefined },
    { text: String(c.no_data) },
    ...(withNoTarget ? [{ text: String(c.no_target) }] : []),
  ]
}

function summaryBlocks(ev: FinalEvaluationReport): Block[] {
  const s = ev.summary
  const nt = s.no_target > 0
  const tail = nt ? `；另有 ${s.no_target} 项无规划期末目标` : ''
  return [
    { kind: 'heading', level: 1, text: '一、总体情况' },
    {
      kind: 'text',
      text: `规划共设 ${s.total} 项指标，其中 ${s.with_target} 项有规划期末目标：达成 ${s.met} 项，未达成 ${s.missed} 项，无数据 ${s.no_data} 项${tail}。`,
    },
    {
      kind: 'figures',
      items: [
        { label: '达成', value: String(s.met), tone: 'good' },
        { label: '未达成', value: String(s.missed), tone: 'bad' },
        { label: '无数据', value: String(s.no_data), tone: 'muted' },
        ...(nt ? [{ label: '无目标', value: String(s.no_target), tone: 'muted' as const }] : []),
      ],
    },
    { kind: 'heading', level: 2, text: '分领域完成情况' },
    {
      kind: 'table',
      columns: countColumns('领域', nt),
      rows: [...s.by_area.map((a) => countRow(a.area_zh, a, nt)), countRow('合计', s, nt)],
    },
    { kind: 'heading', level: 2, text: '约束性与预期性指标' },
    {
      kind: 'table',
      columns: countColumns('指标属性', nt),
      rows: s.by_binding.map((b) => countRow(`${BINDING_LABEL[b.binding]}指标`, b, nt)),
    },
    { kind: 'heading', level: 2, text: '各指标评估结论' },
    {
      kind: 'table',
      columns: [
        { header: '指标', width: 4 },
        { header: '领域', width: 3 },
        { header: '规划期末目标', width: 2.4, align: 'right' },
        { header: `${ev.final_year}年期末值`, width: 2.4, align: 'right' },
        { header: '评估结论', width: 1.8, align: 'center' },
        { header: '差距', width: 3, align: 'right' },
      ],
      rows: ev.indicators.map((i) => [
        { text: i.name_zh },
        { text: i.area_zh },
        { text: formatValue(i.target.value, i.unit) },
        { text: formatValue(i.final_value, i.unit) },
        verdictCell(i),
        { text: formatGap(i.gap, i.unit, i.direction) },
      ]),
    },
  ]
}

function unitBlocks(ind: FinalIndicator, u: UnitBreakdown, year: number): Block[] {
  const kind = UNIT_TYPE_LABEL[u.unit_type]
  const title = `各${kind}完成情况（${year}年）`
  if (u.units_with_data === 0)
    return [{ kind: 'text', label: title, text: `无分${kind}数据。`, tone: 'muted' }]
  const row = (group: string, n: number, x: UnitBreakdown['best'][number]): ContentCell[] => [
    { text: `${group} ${n}` },
    { text: x.name },
    { text: formatValue(x.value, ind.unit), bold: true },
    { text: formatValue(x.target, ind.unit) },
    {
      text: formatGap(x.gap, ind.unit, ind.direction),
      tone: x.met === null ? undefined : x.met ? 'good' : 'bad',
    },
  ]
  return [
    {
      kind: 'text',
      label: title,
      text: `共 ${u.units_with_data} 个${kind}有数据，按与规划目标的差距排序，列出最好与最差的各至多 3 个。`,
    },
    {
      kind: 'table',
      columns: [
        { header: '排序', width: 1.4 },
        { header: kind, width: 4 },
        { header: '期末值', width: 1.6, align: 'right' },
        { header: '目标', width: 1.6, align: 'right' },
        { header: '差距', width: 2.6, align: 'right' },
      ],
      rows: [...u.best.map((x, i) => row('最好', i + 1, x)), ...u.worst.map((x, i) => row('最差', i + 1, x))],
    },
  ]
}

function coverageText(ind: FinalIndicator, ev: FinalEvaluationReport): string {
  const c = ind.coverage
  const parts: string[] = []
  if (c.current_state) {
    parts.push('当前状态数据：该指标无逐年记录，期末值为数据中的现状，非期末时点值')
  } else {
    parts.push(`数据截至 ${c.data_as_of ?? NONE}`)
    parts.push(
      c.missing_years.length
        ? `规划期内无数据的年份：${c.missing_years.map((y) => `${y}年`).join('、')}`
        : `${ev.plan.period.start}–${ev.plan.period.end}年各年均有数据`,
    )
  }
  return `${parts.join('；')}。`
}

function indicatorBlocks(ind: FinalIndicator, n: number, ev: FinalEvaluationReport): Block[] {
  const t = ind.target
  const basis: Block[] = t.locally_set
    ? [{ kind: 'text', label: '规划依据', text: LOCALLY_SET, tone: 'muted' }]
    : t.clauses.length
      ? [
          { kind: 'text', label: '规划依据', text: t.derived ? '（期末目标按规划原文所列目标推算）' : '' },
          ...t.clauses.map((c): Block => ({ kind: 'quote', title: c.title, text: c.quote })),
        ]
      : [{ kind: 'text', label: '规划依据', text: NONE, tone: 'muted' }]
  return [
    { kind: 'heading', level: 3, text: `${n}. ${ind.name_zh}（${VERDICT_LABEL[ind.verdict]}）` },
    ...basis,
    {
      kind: 'text',
      label: '规划期末目标',
      text: `${formatValue(t.value, ind.unit)}（${BINDING_LABEL[ind.binding]}，${DIRECTION_LABEL[ind.direction]}）`,
    },
    {
      kind: 'text',
      label: '期末值',
      // A current-state indicator has no year-end figure: its value is the state in the data.
      text: `${formatValue(ind.final_value, ind.unit)}（${ind.coverage.current_state ? '当前状态数据' : `${ev.final_year}年`}）`,
    },
    { kind: 'text', label: '评估结论', text: verdictText(ind), tone: VERDICT_TONE[ind.verdict] },
    { kind: 'text', label: '历年目标与实际', text: '' },
    {
      kind: 'table',
      narrow: true,
      columns: [
        { header: '年份', width: 2 },
        { header: '目标', width: 2, align: 'right' },
        { header: '实际', width: 2, align: 'right' },
      ],
      rows: ind.trajectory.map((p) => [
        { text: p.year === ev.baseline_year ? `${p.year}（基期）` : String(p.year) },
        { text: formatValue(p.target, ind.unit) },
        { text: formatValue(p.actual, ind.unit), bold: p.year === ev.final_year },
      ]),
    },
    ...ind.units.flatMap((u) => unitBlocks(ind, u, ev.final_year)),
    ...noteBlocks(ind.id, ev.notes),
    { kind: 'text', label: '数据说明', text: coverageText(ind, ev), tone: 'muted' },
  ]
}

/** The whole report: cover lines, summary, one section per area, the tasks section, notes. */
export function finalEvaluationContent(ev: FinalEvaluationReport): ReportContent {
  const { period } = ev.plan
  const areas = ev.summary.by_area
  let n = 0
  const perArea = areas.flatMap((a, i): Block[] => [
    { kind: 'heading', level: 2, text: `（${cn(i)}）${a.area_zh}` },
    ...ev.indicators.filter((ind) => ind.area === a.area).flatMap((ind) => indicatorBlocks(ind, ++n, ev)),
  ])
  return {
    title: `${ev.plan.name_zh}终期评估报告`,
    cover: [
      `发文机关：${ev.plan.issuer_zh}`,
      `规划期：${period.start}–${period.end}年（基期 ${ev.baseline_year}年）`,
      `评估依据：各指标${ev.final_year}年全年数据（截至 ${ev.as_of}）与规划期末目标`,
      `生成日期：${shanghaiMinute(ev.generated_at).slice(0, 10)}`,
    ],
    blocks: [
      ...summaryBlocks(ev),
      { kind: 'heading', level: 1, text: '二、分领域指标评估' },
      ...perArea,
      ...taskBlocks(ev.tasks, `三、${TASKS_HEADING}`),
      { kind: 'heading', level: 1, text: '说明' },
      {
        kind: 'text',
        text: `评估结论按各指标${ev.final_year}年全年数据与规划期末目标比较得出；差距为目标与期末值之差，“差”为未达到的部分，“超”为超出部分（越低越好的指标方向相反）。各部门、镇（街道）以规划目标为准排序。`,
        tone: 'muted',
      },
      {
        kind: 'text',
        text: `规划任务以牵头部门填报、考核办审核确认的完成情况为准：确认完成的填报日期不晚于截止日期为按期完成，晚于截止日期为逾期完成；统计截至报告生成日。`,
        tone: 'muted',
      },
    ],
  }
}
