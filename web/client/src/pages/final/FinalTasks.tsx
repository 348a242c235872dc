import { type Lang, useI18n } from '../../i18n/i18n'
import { href } from '../../lib/router'
import type { FinalEvaluation, FinalTaskLine } from './final'

type Tasks = FinalEvaluation['tasks']

/** The section's title, for the panel around it. */
export const FINAL_TASKS_TITLE: Record<Lang, string> = { zh: '规划任务完成情况', en: 'Plan tasks' }

/** This section's words (the page's own, beside the shared dictionary). */
const ZH = {
  line: '规划共列 {total} 项任务{local}：按期完成 {onTime} 项，逾期完成 {late} 项，未完成（逾期） {open} 项；完成率 {rate}。',
  local: '（含本地任务 {n} 项）',
  onTime: '按期完成',
  late: '逾期完成',
  open: '未完成（逾期）',
  rate: '完成率',
  area: '领域',
  count: '任务数',
  total: '合计',
  byArea: '分领域',
  openTitle: '未完成的任务',
  task: '任务',
  lead: '牵头部门',
  deadline: '截止日期',
  source: '出处',
  localTask: '本地任务：{basis}',
  none: '本规划未列任务。',
  allDone: '全部任务均已完成。',
}

const TEXT: Record<Lang, typeof ZH> = {
  zh: ZH,
  en: {
    line: '{total} tasks{local}: {onTime} completed on time, {late} late, {open} not completed (overdue); {rate} completed.',
    local: ' (of which {n} agreed locally)',
    onTime: 'On time',
    late: 'Late',
    open: 'Not completed (overdue)',
    rate: 'Completed',
    area: 'Area',
    count: 'Tasks',
    total: 'Total',
    byArea: 'By area',
    openTitle: 'Tasks not completed',
    task: 'Task',
    lead: 'Lead department',
    deadline: 'Deadline',
    source: 'Source',
    localTask: 'Agreed locally: {basis}',
    none: 'The plan lists no tasks.',
    allDone: 'Every task was completed.',
  },
}

const fill = (text: string, vars: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m))

const percent = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`)

/**
 * Presentational: the plan's tasks at the end of the plan — completed on time, late or not at
 * all, the completion rate, by area, and each task left with its lead, deadline and the
 * document it is written in (each title opens the task).
 */
export function FinalTasks({ tasks, planId }: { tasks: Tasks; planId: string }) {
  const { lang, pick } = useI18n()
  const w = TEXT[lang]
  if (tasks.total === 0) return <p className="muted">{w.none}</p>
  return (
    <div className="stack-sm" data-testid="final-tasks">
      <p data-testid="final-tasks-line">
        {fill(w.line, {
          total: tasks.total,
          local: tasks.local ? fill(w.local, { n: tasks.local }) : '',
          onTime: tasks.done_on_time,
          late: tasks.done_late,
          open: tasks.not_done,
          rate: percent(tasks.completion_rate),
        })}
      </p>
      <div className="table-wrap">
        <table className="table" data-testid="final-task-areas">
          <caption className="fe-caption">{w.byArea}</caption>
          <thead>
            <tr>
              <th scope="col">{w.area}</th>
              {[w.count, w.onTime, w.late, w.open, w.rate].map((h) => (
                <th key={h} scope="col" className="num">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {[...tasks.by_area, { ...tasks, area: 'total', area_zh: w.total, area_en: w.total }].map((a) => (
              <tr key={a.area} data-row={a.area} className={a.area === 'total' ? 'fe-total' : undefined}>
                <th scope="row">{pick(a.area_zh, a.area_en)}</th>
                <td className="num">{a.total}</td>
                <td className="num">{a.done_on_time}</td>
                <td className="num">{a.done_late}</td>
                <td className="num">{a.not_done}</td>
                <td className="num">{percent(a.completion_rate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {tasks.open.length === 0 ? (
        <p>{w.allDone}</p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="final-task-open">
            <caption className="fe-caption">{w.openTitle}</caption>
            <thead>
              <tr>
                <th scope="col">{w.task}</th>
                <th scope="col">{w.lead}</th>
                <th scope="col">{w.deadline}</th>
                <th scope="col">{w.source}</th>
              </tr>
            </thead>
            <tbody>
              {tasks.open.map((t) => (
                <OpenTask key={t.id} task={t} planId={planId} localText={w.localTask} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  )
}

function OpenTask({ task, planId, localText }: { task: FinalTaskLine; planId: string; localText: string }) {
  return (
    <tr data-task={task.id}>
      <th scope="row">
        <a href={href(`/tasks/${encodeURIComponent(task.id)}`, { plan: planId })}>{task.title_zh}</a>
      </th>
      <td>{task.lead}</td>
      <td className="fe-asof">{task.deadline}</td>
      <td className="fe-source">
        {task.source ? `《${task.source.document}》` : fill(localText, { basis: task.basis ?? '' })}
      </td>
    </tr>
  )
}
