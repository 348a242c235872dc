import { useQuery } from '@tanstack/react-query'
import { QueryState } from '../../components/QueryState'
import { useI18n } from '../../i18n/i18n'
import type { PlanChoice } from '../../lib/plans'
import { navigate, useRoute } from '../../lib/router'
import {
  filterFromParams,
  filterTasks,
  filterToParams,
  planFromParams,
  type TaskFilter,
} from '../../lib/tasks'
import type { Me } from '../../lib/types'
import { usePlans } from '../../lib/usePlans'
import { useTRPC } from '../../trpc'
import { LocalTaskForm } from './LocalTaskForm'
import { useCatalogNames } from './names'
import { TaskFilters } from './TaskFilters'
import { TaskTable } from './TaskTable'
import './tasks.css'

/**
 * 任务: a plan's tasks and milestones, most urgent first, filtered by area, lead department,
 * status, deadline year and words (kept in the address, so 总览's counts link to a filtered
 * list). A department sees the tasks it leads or co-operates on; evaluators add local tasks.
 */
export function TasksPage({ me }: { me: Me }) {
  const { t } = useI18n()
  const route = useRoute()
  const plans = usePlans()
  const plan = plans.data ? planFromParams(route.params, plans.data) : undefined
  if (!plans.data || !plan) {
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
  const filter = filterFromParams(route.params)
  return (
    <Board
      key={plan.id}
      me={me}
      plans={plans.data}
      plan={plan}
      filter={filter}
      onFilter={(next) => navigate('/tasks', { plan: plan.id, ...filterToParams(next) })}
      // Another plan: its own areas, departments and years; the status and words still apply.
      onPlan={(next) => navigate('/tasks', { plan: next.id, status: filter.status, q: filter.q })}
    />
  )
}

interface BoardProps {
  me: Me
  plans: readonly PlanChoice[]
  plan: PlanChoice
  filter: TaskFilter
  onFilter: (filter: TaskFilter) => void
  onPlan: (plan: PlanChoice) => void
}

function Board({ me, plans, plan, filter, onFilter, onPlan }: BoardProps) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const list = useQuery(trpc.tasks.list.queryOptions({ plan: plan.id }))
  const names = useCatalogNames(plan.id)
  const all = list.data?.tasks ?? []
  const shown = filterTasks(all, filter)
  const areas =
    names.areaList.length > 0
      ? names.areaList
      : (list.data?.areas ?? []).map((a) => ({ code: a.code, name: a.name_zh }))
  const own = me.role === 'department'
  const evaluator = me.role === 'evaluator' || me.role === 'admin'
  return (
    <div className="stack" aria-busy={list.isFetching}>
      <h1>{t(own ? 'tk.ownTitle' : 'tk.title')}</h1>
      <p className="muted">{t(own ? 'tk.introOwn' : 'tk.intro')}</p>
      <TaskFilters
        plans={plans}
        plan={plan}
        onPlan={onPlan}
        tasks={all}
        areas={areas}
        filter={filter}
        onChange={onFilter}
      />
      <section className="card panel" aria-label={t('tk.listLabel')} data-testid="task-list">
        <QueryState
          isPending={list.isPending}
          error={list.error}
          isEmpty={all.length === 0 || shown.length === 0}
          emptyText={
            all.length === 0 ? t(own ? 'tk.noOwnTasks' : 'tk.noTasks') : t('tk.noneMatch', { n: all.length })
          }
          onRetry={() => list.refetch()}
        >
          <p className="muted tk-count-line" data-testid="task-count">
            {shown.length === all.length
              ? t('tk.countAll', { n: all.length })
              : t('tk.countShown', { n: shown.length, total: all.length })}
          </p>
          <TaskTable me={me} plan={plan.id} tasks={shown} areaName={(code) => names.area(code)} />
        </QueryState>
      </section>
      {evaluator && list.data && <LocalTaskForm plan={plan} areas={areas} />}
    </div>
  )
}
