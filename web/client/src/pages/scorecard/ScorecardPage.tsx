import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { QueryState } from '../../components/QueryState'
import { useI18n } from '../../i18n/i18n'
import { formatDate } from '../../lib/format'
import { type PlanChoice, pickableYears, thisYear } from '../../lib/plans'
import { useRoute } from '../../lib/router'
import { type Scope, scopeFromParams, scopeToParams } from '../../lib/scope'
import type { Me, Status } from '../../lib/types'
import { usePlanDefaultYear, usePlanYear } from '../../lib/usePlans'
import { useTRPC } from '../../trpc'
import { AreaGroup } from './AreaGroup'
import { DeptBanner } from './DeptBanner'
import { ScorecardFilters } from './ScorecardFilters'
import { SummaryStrip } from './SummaryStrip'
import { TasksOverview } from './TasksOverview'

/** 总览: every plan indicator for the chosen scope, grouped by area, off-track first. */
export function ScorecardPage({ me }: { me: Me }) {
  const { t } = useI18n()
  const route = useRoute()
  const at = usePlanYear(route.params)
  const defaultYearOf = usePlanDefaultYear()
  if (!at.ready) {
    return (
      <div className="stack">
        <h1>{t('sc.title')}</h1>
        <QueryState isPending={at.isPending} error={at.error} onRetry={at.retry}>
          {null}
        </QueryState>
      </div>
    )
  }
  const scope = scopeFromParams(route.params, me, at.year)
  const onScope = (next: Scope) => route.setParams(scopeToParams(next))
  return (
    <Scorecard
      me={me}
      scope={scope}
      plans={at.plans}
      plan={at.plan}
      years={pickableYears(at.plan, thisYear(), scope.year)}
      onScope={onScope}
      // Another plan: its default year; the as-of date belonged to the old year.
      onPlan={async (plan) => onScope({ ...scope, year: await defaultYearOf(plan), asOf: undefined })}
    />
  )
}

interface Props {
  me: Me
  scope: Scope
  plans: readonly PlanChoice[]
  plan: PlanChoice
  years: number[]
  onScope: (scope: Scope) => void
  onPlan: (plan: PlanChoice) => Promise<void>
}

function Scorecard({ me, scope, plans, plan, years, onScope, onPlan }: Props) {
  const { t, lang } = useI18n()
  const trpc = useTRPC()
  // The previous cards stay (dimmed, aria-busy) while a new scope loads.
  const card = useQuery(trpc.scorecard.get.queryOptions(scope, { placeholderData: keepPreviousData }))
  const [filter, setFilter] = useState<Status | null>(null)
  const indicators = card.data?.indicators ?? []
  const closed = indicators[0]?.closed ?? false
  // A status the period cannot have (after switching year) filters nothing.
  const active = filter && indicators.some((i) => i.applicable && i.status === filter) ? filter : null
  const shown = active ? indicators.filter((i) => i.applicable && i.status === active) : indicators
  // Why an indicator can be "not applicable": it has no breakdown for the scope asked for.
  const byDept = me.role === 'department' || Boolean(scope.deptCode)
  const notApplicable = t(
    byDept && scope.regionCode
      ? 'sc.notApplicableScope'
      : byDept
        ? 'sc.notApplicable'
        : 'sc.notApplicableRegion',
  )
  const asOf = card.data?.scope.asOf
  return (
    <div className="stack" aria-busy={card.isFetching}>
      <h1>{t('sc.title')}</h1>
      {me.role === 'department' ? <DeptBanner me={me} /> : null}
      <ScorecardFilters
        scope={scope}
        plans={plans}
        plan={plan}
        onPlan={onPlan}
        years={years}
        showRegionFilters={me.role !== 'department'}
        onChange={onScope}
      />
      <TasksOverview me={me} plan={plan} />
      <QueryState
        isPending={card.isPending}
        error={card.error}
        isEmpty={indicators.length === 0}
        onRetry={() => card.refetch()}
      >
        {card.data && (
          <>
            {asOf && (
              <p className="muted" data-testid="period-state" data-closed={closed}>
                {t(closed ? 'sc.periodClosed' : 'sc.periodOpen', {
                  year: card.data.scope.year,
                  date: formatDate(asOf, lang),
                })}
              </p>
            )}
            <SummaryStrip indicators={indicators} closed={closed} filter={active} onFilter={setFilter} />
            {active && (
              <p className="chip-row" data-testid="status-filter">
                <span className="chip">
                  {t('sc.filterOn', { status: t(`status.${active}`), n: shown.length })}
                </span>
                <button type="button" className="btn btn-small" onClick={() => setFilter(null)}>
                  {t('sc.filterClear')}
                </button>
              </p>
            )}
            {card.data.areas.map((area) => (
              <AreaGroup
                key={area.code}
                area={area}
                indicators={shown.filter((i) => i.area === area.code)}
                scope={scope}
                notApplicable={notApplicable}
              />
            ))}
          </>
        )}
      </QueryState>
    </div>
  )
}
