import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import { Panel } from '../../components/Panel'
import { PlanField } from '../../components/PlanField'
import { QueryState } from '../../components/QueryState'
import { useI18n } from '../../i18n/i18n'
import { detailForecast } from '../../lib/forecast'
import type { PlanChoice } from '../../lib/plans'
import { href, navigate, useRoute } from '../../lib/router'
import { type Scope, scopeFromParams, scopeToParams } from '../../lib/scope'
import type { Me } from '../../lib/types'
import { usePlanDefaultYear, usePlanYear } from '../../lib/usePlans'
import { useTRPC } from '../../trpc'
import { Breakdowns } from './Breakdowns'
import { ClausesPanel } from './ClausesPanel'
import { DefinitionPanel } from './DefinitionPanel'
import { IndicatorHeader } from './IndicatorHeader'
import { MonthlyChart } from './MonthlyChart'
import { NotesPanel } from './NotesPanel'
import { notesByMonth, useIndicatorNotes } from './notes'
import { YearlyChart } from './YearlyChart'

/** 指标详情: one indicator for the scope in the URL, with drill-down by department and region. */
export function IndicatorPage({ me, id }: { me: Me; id: string }) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const route = useRoute()
  const at = usePlanYear(route.params)
  const defaultYearOf = usePlanDefaultYear()
  if (!at.ready) {
    return (
      <div className="stack">
        <a href={href('/')}>{t('ind.back')}</a>
        <QueryState isPending={at.isPending} error={at.error} onRetry={at.retry}>
          {null}
        </QueryState>
      </div>
    )
  }
  const scope = scopeFromParams(route.params, me, at.year)
  // Another plan, at its default year: this indicator there, else that plan's scorecard.
  const onPlan = async (plan: PlanChoice) => {
    const year = await defaultYearOf(plan)
    const next = scopeToParams({ ...scope, year, asOf: undefined })
    const catalog = await queryClient
      .fetchQuery(trpc.reference.catalog.queryOptions({ plan: plan.id }, { staleTime: 5 * 60_000 }))
      .catch(() => null)
    if (catalog?.indicators.some((i) => i.id === id)) route.setParams(next)
    else navigate('/', { ...next, drill: undefined })
  }
  const planBar = <PlanField plans={at.plans} plan={at.plan} onChange={onPlan} />
  return (
    <Indicator
      me={me}
      id={id}
      scope={scope}
      planBar={planBar}
      onScope={(next) => route.setParams(scopeToParams(next))}
    />
  )
}

interface Props {
  me: Me
  id: string
  scope: Scope
  /** The plan the scope's year belongs to (a chooser when there are several). */
  planBar: ReactNode
  onScope: (scope: Scope) => void
}

function Indicator({ me, id, scope, planBar, onScope }: Props) {
  const { t, pick } = useI18n()
  const trpc = useTRPC()
  const detail = useQuery(
    trpc.scorecard.detail.queryOptions({ ...scope, id }, { placeholderData: keepPreviousData }),
  )
  const d = detail.data
  const notes = useIndicatorNotes(me, scope, id, d?.scope.year ?? scope.year, Boolean(d))
  const state = { isPending: detail.isPending, error: detail.error, onRetry: () => detail.refetch() }
  const back = href('/', scopeToParams({ ...scope, drill: undefined }))

  const top = (
    <div className="ind-top">
      <a href={back}>{t('ind.back')}</a>
      {planBar}
    </div>
  )
  if (!d) {
    return (
      <div className="stack">
        {top}
        <QueryState {...state}>{null}</QueryState>
      </div>
    )
  }
  const ind = d.indicator
  // The detail carries this year's value (today's for current-state indicators) and its standing.
  const { yearly, expected_to_date: expected } = d
  const unit = ind.unit
  const goalYear = ind.plan_period.end
  const forecast = detailForecast(ind, yearly, d.value, d.scope)
  return (
    <div className="stack" aria-busy={detail.isFetching}>
      {top}
      <IndicatorHeader
        name={pick(ind.name_zh, ind.name_en)}
        unit={unit}
        direction={ind.direction}
        year={d.scope.year}
        asOf={d.scope.asOf}
        value={d.value}
        target={d.target}
        gap={d.gap}
        expected={expected}
        closed={d.closed}
        goalYear={goalYear}
        goal={forecast.goal}
        forecast={d.applicable ? forecast : null}
        dataAsOf={d.data_as_of}
        currentState={d.current_state}
        status={d.status}
        yoy={d.yoy}
        mom={d.mom}
      />
      {/* No breakdown for this scope (e.g. a town on a department-only indicator): no figures. */}
      {d.applicable ? null : (
        <p className="muted" data-testid="not-applicable">
          {t('sc.notApplicableScope')}
        </p>
      )}
      <div className="grid-2">
        <Panel
          title={t('ind.yearly')}
          {...state}
          isEmpty={yearly.every((y) => y.value === null)}
          testId="yearly"
        >
          <YearlyChart
            yearly={yearly}
            plans={d.trajectory_plans}
            unit={unit}
            year={d.scope.year}
            expected={expected}
          />
        </Panel>
        <Panel
          title={t('ind.monthly', { year: d.scope.year })}
          {...state}
          isEmpty={d.monthly.every((m) => m.value === null)}
          testId="monthly"
        >
          <MonthlyChart
            monthly={d.monthly}
            unit={unit}
            indicator={ind}
            target={d.target}
            noteMonths={notesByMonth(notes.data?.notes)}
          />
        </Panel>
      </div>
      <NotesPanel me={me} scope={scope} indicatorId={id} year={d.scope.year} />
      <Breakdowns me={me} detail={d} scope={scope} onScope={onScope} />
      <div className="grid-2">
        <DefinitionPanel indicator={ind} showTechnical={me.role === 'analyst' || me.role === 'admin'} />
        <ClausesPanel indicator={ind} documents={d.documents} />
      </div>
    </div>
  )
}
