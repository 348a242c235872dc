import { useQuery } from '@tanstack/react-query'
import { QueryState } from '../../components/QueryState'
import { useI18n } from '../../i18n/i18n'
import type { PlanChoice } from '../../lib/plans'
import { useRoute } from '../../lib/router'
import { isDoneStatus, planFromParams, type TaskDetail, tasksHref } from '../../lib/tasks'
import type { Me } from '../../lib/types'
import { usePlans } from '../../lib/usePlans'
import { useTRPC } from '../../trpc'
import { AssignForm } from './AssignForm'
import { CheckinForm } from './CheckinForm'
import { CheckinTimeline } from './CheckinTimeline'
import { useCatalogNames } from './names'
import { TaskFacts } from './TaskFacts'
import './tasks.css'

/** 任务详情 `#/tasks/<id>?plan=`: the task, its check-ins, and what the caller may do with it. */
export function TaskPage({ me, id }: { me: Me; id: string }) {
  const { t } = useI18n()
  const route = useRoute()
  const plans = usePlans()
  const plan = plans.data ? planFromParams(route.params, plans.data) : undefined
  if (!plan) {
    return (
      <div className="stack">
        <h1>{t('tk.title')}</h1>
        <QueryState
          isPending={plans.isPending}
          error={plans.error}
          isEmpty={Boolean(plans.data)}
          onRetry={() => plans.refetch()}
        >
          {null}
        </QueryState>
      </div>
    )
  }
  return <Task key={plan.id} me={me} plan={plan} id={id} />
}

function Task({ me, plan, id }: { me: Me; plan: PlanChoice; id: string }) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const detail = useQuery(trpc.tasks.detail.queryOptions({ plan: plan.id, id }))
  const names = useCatalogNames(plan.id)
  const data = detail.data
  return (
    <div className="stack" aria-busy={detail.isFetching}>
      <p className="tk-back">
        <a href={tasksHref(plan.id)}>‹ {t('tk.back')}</a>
      </p>
      <QueryState isPending={detail.isPending} error={detail.error} onRetry={() => detail.refetch()}>
        {data && (
          <>
            <TaskFacts
              plan={plan}
              task={data.task}
              areaName={names.area(data.task.area)}
              indicatorName={names.indicator}
            />
            <DepartmentPart me={me} plan={plan.id} data={data} />
            <section className="card panel" aria-labelledby="checkins-title" data-testid="checkins-panel">
              <h2 id="checkins-title">{t('tk.checkins')}</h2>
              <CheckinTimeline
                plan={plan.id}
                checkins={data.checkins}
                canReview={data.can_review}
                emptyText={t(data.task.lead ? 'tk.noCheckins' : 'tk.noCheckinsNoLead')}
              />
            </section>
            {(me.role === 'evaluator' || me.role === 'admin') && (
              <AssignForm key={data.task.assigned?.at ?? ''} plan={plan.id} task={data.task} />
            )}
          </>
        )}
      </QueryState>
    </div>
  )
}

/** What a department account can do here: file (it leads), or why not. */
function DepartmentPart({ me, plan, data }: { me: Me; plan: string; data: TaskDetail }) {
  const { t } = useI18n()
  if (me.role !== 'department') return null
  const { task } = data
  if (data.can_check_in) return <CheckinForm plan={plan} taskId={task.id} progress={task.progress} />
  const leads = task.lead?.code === me.dept_code
  const text = !leads
    ? t('tk.ci.partnerOnly')
    : isDoneStatus(task.status)
      ? t('tk.ci.isDone')
      : task.pending
        ? t('tk.ci.waiting', { n: task.pending.percent })
        : null
  if (!text) return null
  return (
    <p className="banner banner-info" role="status" data-testid="checkin-state">
      {text}
    </p>
  )
}
