import { useI18n } from '../../i18n/i18n'
import { formatDate, formatTime } from '../../lib/format'
import { clampToPlan, type PlanChoice, thisYear } from '../../lib/plans'
import { href } from '../../lib/router'
import { deadlineText, type TaskDetail } from '../../lib/tasks'
import { TaskProgress } from './TaskProgress'
import { TaskStatusBadge } from './TaskStatusBadge'

interface Props {
  plan: PlanChoice
  task: TaskDetail['task']
  areaName: string
  indicatorName: (id: string) => string
}

/**
 * One task as the plan states it: title and status, the document's words quoted with
 * 出处：《document》 (a local task: 本地任务 and where it was agreed), who leads and who
 * co-operates, the dates, the indicators it moves and the progress accepted so far.
 */
export function TaskFacts({ plan, task, areaName, indicatorName }: Props) {
  const { t, lang } = useI18n()
  const indicatorYear = clampToPlan(plan, thisYear())
  return (
    <section className="card stack" aria-labelledby="task-title" data-testid="task-facts">
      <div className="tk-head">
        <h1 id="task-title">{task.title_zh}</h1>
        <TaskStatusBadge status={task.status} />
        {task.origin === 'local' ? (
          <span className="tag tag-local">{t('tk.kind.local')}</span>
        ) : (
          <span className="tag tag-derived">{t(`tk.kind.${task.kind}`)}</span>
        )}
        {task.pending && <span className="tk-pending">{t('tk.pending')}</span>}
      </div>
      {task.source ? (
        <blockquote className="clause" lang="zh" data-testid="task-clause">
          <p className="tk-clause">{task.source.clause}</p>
          <footer className="muted">{t('tk.source', { document: task.source.document })}</footer>
        </blockquote>
      ) : (
        <p className="wrap" data-testid="task-basis">
          {t('tk.basis', { basis: task.basis ?? '' })}
        </p>
      )}
      <dl className="tk-facts">
        <dt>{t('tk.col.area')}</dt>
        <dd>{areaName}</dd>
        <dt>{t('tk.col.lead')}</dt>
        <dd data-testid="task-lead">{task.lead?.name ?? t('tk.unassigned')}</dd>
        <dt>{t('tk.partners')}</dt>
        <dd>{task.partners.length > 0 ? task.partners.map((p) => p.name).join('、') : t('tk.none')}</dd>
        {task.assigned && (
          <>
            <dt>{t('tk.assigned')}</dt>
            <dd className="wrap">
              {t('tk.assignedBy', {
                who: task.assigned.by_name ?? task.assigned.by,
                at: formatTime(task.assigned.at),
                note: task.assigned.note,
              })}
            </dd>
          </>
        )}
        <dt>{t('tk.start')}</dt>
        <dd>{formatDate(task.start, lang)}</dd>
        <dt>{t('tk.col.deadline')}</dt>
        <dd data-testid="task-deadline">{deadlineText(task, lang)}</dd>
        <dt>{t('tk.indicators')}</dt>
        <dd>
          {task.indicators.length > 0 ? (
            <ul>
              {task.indicators.map((i) => (
                <li key={i}>
                  <a href={href(`/indicator/${encodeURIComponent(i)}`, { year: indicatorYear })}>
                    {indicatorName(i)}
                  </a>
                </li>
              ))}
            </ul>
          ) : (
            t('tk.none')
          )}
        </dd>
        <dt>{t('tk.progress')}</dt>
        <dd data-testid="task-progress">
          <TaskProgress task={task} wide />
          {task.completed_on && (
            <span className="muted tk-completed">
              {t('tk.completedOn', { date: formatDate(task.completed_on, lang) })}
            </span>
          )}
        </dd>
      </dl>
    </section>
  )
}
