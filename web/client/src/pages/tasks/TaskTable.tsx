import { useI18n } from '../../i18n/i18n'
import { deadlineText, type TaskRow, taskHref } from '../../lib/tasks'
import type { Me } from '../../lib/types'
import { TaskProgress } from './TaskProgress'
import { TaskStatusBadge } from './TaskStatusBadge'

interface Props {
  me: Me
  plan: string
  tasks: readonly TaskRow[]
  areaName: (code: string) => string
}

/**
 * The tasks, most urgent first (the server's order): one row each, the title opening the task,
 * its status and progress next to it (what a phone shows before the table scrolls sideways).
 */
export function TaskTable({ me, plan, tasks, areaName }: Props) {
  const { t, lang } = useI18n()
  const partnerOnly = (task: TaskRow) =>
    me.role === 'department' &&
    task.lead?.code !== me.dept_code &&
    task.partners.some((p) => p.code === me.dept_code)
  return (
    <div className="table-wrap">
      <table className="table tk-table" data-testid="task-table">
        <thead>
          <tr>
            <th scope="col">{t('tk.col.title')}</th>
            <th scope="col">{t('tk.col.status')}</th>
            <th scope="col">{t('tk.col.progress')}</th>
            <th scope="col">{t('tk.col.deadline')}</th>
            <th scope="col">{t('tk.col.lead')}</th>
            <th scope="col">{t('tk.col.area')}</th>
            <th scope="col">{t('tk.col.kind')}</th>
          </tr>
        </thead>
        <tbody>
          {tasks.map((task) => (
            <tr key={task.id} data-task={task.id} data-status={task.status}>
              <th scope="row" className="wrap tk-title">
                <a href={taskHref(task.id, plan)}>{task.title_zh}</a>
                {task.pending && (
                  <span className="tk-pending" title={t('tk.pendingTitle', { n: task.pending.percent })}>
                    {t('tk.pending')}
                  </span>
                )}
                {partnerOnly(task) && <span className="tag tag-local tk-partner">{t('tk.partnerTag')}</span>}
              </th>
              <td>
                <TaskStatusBadge status={task.status} />
              </td>
              <td>
                <TaskProgress task={task} />
              </td>
              <td className="tk-deadline">{deadlineText(task, lang)}</td>
              <td data-col="lead">
                {task.lead?.name ?? <span className="muted">{t('tk.unassigned')}</span>}
              </td>
              <td>{areaName(task.area)}</td>
              <td className="tk-kind">{t(`tk.kind.${task.kind}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
