import type { TaskStatus } from '../../../indicators/tasks/status'
import type { BriefingTasks, TaskLine } from '../tasks/task-summary'
import { COLOR, type PdfColumn, type ReportPdf } from './pdf-layout'

/**
 * The briefing's 规划任务 section: how many tasks stand at each status (overdue first), the
 * overdue and at-risk ones by urgency, and the completions evaluators accepted lately.
 */

export const TASK_STATUS_COLOR: Record<TaskStatus, string> = {
  overdue: COLOR.bad,
  at_risk: COLOR.warn,
  in_progress: COLOR.accent,
  not_started: COLOR.muted,
  done_late: COLOR.warn,
  done_on_time: COLOR.good,
}

const statusCell = (t: TaskLine) => ({ text: t.status_zh, color: TASK_STATUS_COLOR[t.status], bold: true })

const attentionColumns: PdfColumn<TaskLine>[] = [
  { header: '任务', width: 0, cell: (t) => t.title_zh },
  { header: '牵头部门', width: 120, cell: (t) => t.lead },
  { header: '截止日期', width: 64, align: 'center', cell: (t) => t.deadline },
  { header: '已完成', width: 44, align: 'right', cell: (t) => `${t.progress}%` },
  { header: '状态', width: 52, align: 'center', cell: statusCell },
]

const completedColumns: PdfColumn<TaskLine>[] = [
  { header: '任务', width: 0, cell: (t) => t.title_zh },
  { header: '牵头部门', width: 120, cell: (t) => t.lead },
  { header: '截止日期', width: 64, align: 'center', cell: (t) => t.deadline },
  { header: '完成日期', width: 64, align: 'center', cell: (t) => t.completed_on ?? '' },
  { header: '状态', width: 56, align: 'center', cell: statusCell },
]

export function briefingTasksSection(pdf: ReportPdf, tasks: BriefingTasks) {
  pdf.section('规划任务')
  if (tasks.total === 0) {
    pdf.paragraph('本规划未列任务。', { size: 10 })
    return
  }
  pdf.paragraph(`共 ${tasks.total} 项任务，状态截至 ${tasks.as_of}（与规划任务页面同一规则）。`, { size: 9 })
  pdf.space(4)
  pdf.figures(
    tasks.counts.map((c) => ({ label: c.label, value: String(c.count), color: TASK_STATUS_COLOR[c.status] })),
  )
  pdf.section('逾期和有风险的任务（按紧急程度）', 40)
  if (tasks.attention.length) {
    pdf.table(attentionColumns, tasks.attention)
    const more = tasks.attention_total - tasks.attention.length
    if (more > 0) pdf.paragraph(`另有 ${more} 项逾期或有风险的任务未列出，详见规划任务页面。`)
  } else pdf.paragraph('没有逾期或有风险的任务。', { size: 10 })
  pdf.space(6)
  pdf.section('最近完成的任务（经审核确认）', 40)
  if (tasks.completed.length) {
    pdf.table(completedColumns, tasks.completed)
    const more = tasks.completed_total - tasks.completed.length
    if (more > 0) pdf.paragraph(`另有 ${more} 项更早完成的任务未列出。`)
  } else pdf.paragraph('尚无经审核确认完成的任务。', { size: 10 })
  pdf.space(6)
}
