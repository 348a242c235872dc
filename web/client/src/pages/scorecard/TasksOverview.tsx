import { useQuery } from '@tanstack/react-query'
import { QueryState } from '../../components/QueryState'
import { useI18n } from '../../i18n/i18n'
import type { PlanChoice } from '../../lib/plans'
import { deadlineText, isDoneStatus, taskHref, tasksHref } from '../../lib/tasks'
import type { Me } from '../../lib/types'
import { useTRPC } from '../../trpc'
import { TaskStatusBadge } from '../tasks/TaskStatusBadge'

/** How many urgent tasks the panel lists (a phone shows the first three). */
const URGENT_SHOWN = 5

/**
 * 总览's 规划任务 panel, small: the plan's tasks counted by status (overdue first, each count
 * opening the task list filtered to it) and the most urgent open tasks. A department sees
 * only its own tasks (the server filters them) and the panel says so.
 */
export function TasksOverview({ me, plan }: { me: Me; plan: PlanChoice }) {
  const { t, lang } = useI18n()
  const trpc = useTRPC()
  const list = useQuery(trpc.tasks.list.queryOptions({ plan: plan.id }))
  const own = me.role === 'department'
  const title = t(own ? 'tk.ownTitle' : 'tk.title')
  const data = list.data
  const open = (data?.tasks ?? []).filter((task) => !isDoneStatus(task.status))
  return (
    <section className="card tk-overview" aria-label={title} data-testid="tasks-overview">
      <header className="panel-head">
        <h2>{title}</h2>
        <a href={tasksHref(plan.id)}>{t('tk.viewAll')}</a>
      </header>
      <QueryState
        isPending={list.isPending}
        error={list.error}
        isEmpty={data?.tasks.length === 0}
        emptyText={t(own ? 'tk.noOwnTasks' : 'tk.noTasks')}
        onRetry={() => list.refetch()}
      >
        {data && (
          <>
            <ul className="tk-counts" aria-label={t('tk.counts')}>
              {data.counts.map(({ status, count }) => (
                <li key={status}>
                  <a
                    className={`tk-count task-${status}${count === 0 ? ' tk-count-zero' : ''}`}
                    href={tasksHref(plan.id, { status })}
                    data-status={status}
                    aria-label={t('tk.countLink', { status: t(`tk.status.${status}`), n: count })}
                  >
                    <span className="tk-count-n">{count}</span>
                    <span>{t(`tk.status.${status}`)}</span>
                  </a>
                </li>
              ))}
            </ul>
            {open.length > 0 ? (
              <ol className="tk-urgent" aria-label={t('tk.urgent')} data-testid="tasks-urgent">
                {open.slice(0, URGENT_SHOWN).map((task) => (
                  <li key={task.id} data-task={task.id}>
                    <TaskStatusBadge status={task.status} />
                    <a className="tk-urgent-title" href={taskHref(task.id, plan.id)} title={task.title_zh}>
                      {task.title_zh}
                    </a>
                    <span className="tk-urgent-meta muted">
                      {/* A department's own tasks need no lead named; tasks it co-operates on do. */}
                      {own && task.lead?.code === me.dept_code
                        ? deadlineText(task, lang)
                        : `${task.lead?.name ?? t('tk.unassigned')} · ${deadlineText(task, lang)}`}
                    </span>
                  </li>
                ))}
              </ol>
            ) : (
              <p className="tk-overview-foot muted">{t('tk.allDone')}</p>
            )}
          </>
        )}
      </QueryState>
    </section>
  )
}
