import type { FinalTasks, TaskLine, TaskTally } from '../tasks/task-summary'
import type { Block, ContentCell, ContentColumn } from './final-evaluation.blocks'
import { formatValue } from './format'

/**
 * The 终期评估 report's 规划任务完成情况 section as content blocks (laid out by the DOCX and
 * the PDF like the rest): the totals and completion rate, the counts by area, every task not
 * completed with its lead, deadline and the clause it rests on (出处：《document》), and the
 * tasks completed with the day their completion was reported.
 */

export const TASKS_HEADING = '规划任务完成情况'
export const TASK_TALLY_LABEL = {
  done_on_time: '按期完成',
  done_late: '逾期完成',
  // Every deadline falls within the plan's period, so once it is over a task not done is overdue.
  not_done: '未完成（逾期）',
} as const
export const TASKS_NONE = '本规划未列任务。'
export const ALL_TASKS_DONE = '全部任务均已完成。'
export const NO_TASK_DONE = '没有经审核确认完成的任务。'

const rate = (r: number | null) => formatValue(r, '%')

const tallyColumns: ContentColumn[] = [
  { header: '领域', width: 3 },
  { header: '任务数', width: 1, align: 'right' },
  { header: TASK_TALLY_LABEL.done_on_time, width: 1.2, align: 'right' },
  { header: TASK_TALLY_LABEL.done_late, width: 1.2, align: 'right' },
  { header: TASK_TALLY_LABEL.not_done, width: 1.6, align: 'right' },
  { header: '完成率', width: 1.2, align: 'right' },
]

const tallyRow = (label: string, t: TaskTally): ContentCell[] => [
  { text: label },
  { text: String(t.total) },
  { text: String(t.done_on_time), tone: 'good' },
  { text: String(t.done_late) },
  { text: String(t.not_done), ...(t.not_done ? { tone: 'bad' as const } : {}) },
  { text: rate(t.completion_rate), bold: true },
]

/** One task not completed: its title, the facts, and where it is written. */
function openTask(t: TaskLine, n: number): Block[] {
  const progress = t.progress > 0 ? `（已完成 ${t.progress}%）` : ''
  return [
    { kind: 'text', text: `（${n}）${t.title_zh}`, bold: true },
    {
      kind: 'text',
      text: `领域：${t.area_zh}　牵头部门：${t.lead}　截止日期：${t.deadline}　状态：${t.status_zh}${progress}`,
    },
    t.source
      ? { kind: 'quote', label: '出处', title: t.source.document, text: t.source.clause }
      : { kind: 'text', label: '依据', text: `${t.basis ?? ''}（本地任务，非规划原文）`, tone: 'muted' },
  ]
}

const doneColumns: ContentColumn[] = [
  { header: '任务', width: 5 },
  { header: '牵头部门', width: 3 },
  { header: '截止日期', width: 2, align: 'center' },
  { header: '完成日期', width: 2, align: 'center' },
  { header: '完成情况', width: 1.8, align: 'center' },
]

const doneRow = (t: TaskLine): ContentCell[] => [
  { text: t.title_zh },
  { text: t.lead },
  { text: t.deadline },
  { text: t.completed_on ?? '' },
  { text: t.status_zh, bold: true, ...(t.status === 'done_on_time' ? { tone: 'good' as const } : {}) },
]

export function taskBlocks(tasks: FinalTasks, heading: string): Block[] {
  if (tasks.total === 0)
    return [
      { kind: 'heading', level: 1, text: heading },
      { kind: 'text', text: TASKS_NONE },
    ]
  const local = tasks.local ? `（含本地任务 ${tasks.local} 项）` : ''
  const L = TASK_TALLY_LABEL
  return [
    { kind: 'heading', level: 1, text: heading },
    {
      kind: 'text',
      text: `规划共列 ${tasks.total} 项任务${local}：${L.done_on_time} ${tasks.done_on_time} 项，${L.done_late} ${tasks.done_late} 项，${L.not_done} ${tasks.not_done} 项；完成率 ${rate(tasks.completion_rate)}。`,
    },
    {
      kind: 'figures',
      items: [
        { label: L.done_on_time, value: String(tasks.done_on_time), tone: 'good' },
        { label: L.done_late, value: String(tasks.done_late) },
        { label: L.not_done, value: String(tasks.not_done), tone: 'bad' },
        { label: '完成率', value: rate(tasks.completion_rate) },
      ],
    },
    { kind: 'heading', level: 2, text: '分领域任务完成情况' },
    {
      kind: 'table',
      columns: tallyColumns,
      rows: [...tasks.by_area.map((a) => tallyRow(a.area_zh, a)), tallyRow('合计', tasks)],
    },
    { kind: 'heading', level: 2, text: '未完成的任务' },
    ...(tasks.open.length
      ? [
          {
            kind: 'text' as const,
            text: `共 ${tasks.open.length} 项，按截止日期排列；出处为规划原文。`,
            tone: 'muted' as const,
          },
          ...tasks.open.flatMap((t, i) => openTask(t, i + 1)),
        ]
      : [{ kind: 'text' as const, text: ALL_TASKS_DONE }]),
    { kind: 'heading', level: 2, text: '已完成的任务' },
    tasks.completed.length
      ? { kind: 'table', columns: doneColumns, rows: tasks.completed.map(doneRow) }
      : { kind: 'text', text: NO_TASK_DONE, tone: 'muted' },
  ]
}
