import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { Panel } from '../../components/Panel'
import { QueryState } from '../../components/QueryState'
import { useI18n } from '../../i18n/i18n'
import { href, useRoute } from '../../lib/router'
import { type Scope, scopeFromParams, scopeToParams } from '../../lib/scope'
import type { Me } from '../../lib/types'
import { useTRPC } from '../../trpc'
import { usePeriod } from '../scorecard/usePeriod'
import { Breakdowns } from './Breakdowns'
import { ClausesPanel } from './ClausesPanel'
import { DefinitionPanel } from './DefinitionPanel'
import { IndicatorHeader } from './IndicatorHeader'
import { MonthlyChart } from './MonthlyChart'
import { YearlyChart } from './YearlyChart'

/** 指标详情: one indicator for the scope in the URL, with drill-down by department and region. */
export function IndicatorPage({ me, id }: { me: Me; id: string }) {
  const { t } = useI18n()
  const period = usePeriod()
  const route = useRoute()
  if (!period.data) {
    return (
      <div className="stack">
        <a href={href('/')}>{t('ind.back')}</a>
        <QueryState isPending={period.isPending} error={period.error} onRetry={() => period.refetch()}>
          {null}
        </QueryState>
      </div>
    )
  }
  const scope = scopeFromParams(route.params, me, period.data.latest_year)
  return <Indicator me={me} id={id} scope={scope} onScope={(next) => route.setParams(scopeToParams(next))} />
}

interface Props {
  me: Me
  id: string
  scope: Scope
  onScope: (scope: Scope) => void
}

function Indicator({ me, id, scope, onScope }: Props) {
  const { t, pick } = useI18n()
  const trpc = useTRPC()
  const detail = useQuery(
    trpc.scorecard.detail.queryOptions({ ...scope, id }, { placeholderData: keepPreviousData }),
  )
  const d = detail.data
  const state = { isPending: detail.isPending, error: detail.error, onRetry: () => detail.refetch() }
  const back = href('/', scopeToParams({ ...scope, drill: undefined }))

  if (!d) {
    return (
      <div className="stack">
        <a href={back}>{t('ind.back')}</a>
        <QueryState {...state}>{null}</QueryState>
      </div>
    )
  }
  const ind = d.indicator
  // The detail carries this year's value (today's for current-state indicators) and its standing.
  const { yearly, expected_to_date: expected } = d
  const unit = ind.unit
  const goalYear = ind.plan_period.end
  return (
    <div className="stack" aria-busy={detail.isFetching}>
      <a href={back}>{t('ind.back')}</a>
      <IndicatorHeader
        name={pick(ind.name_zh, ind.name_en)}
        unit={unit}
        year={d.scope.year}
        asOf={d.scope.asOf}
        value={d.value}
        target={d.target}
        gap={d.gap}
        expected={expected}
        closed={d.closed}
        goalYear={goalYear}
        goal={ind.targets.find((x) => x.year === goalYear)?.value ?? null}
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
          <YearlyChart yearly={yearly} unit={unit} year={d.scope.year} expected={expected} />
        </Panel>
        <Panel
          title={t('ind.monthly', { year: d.scope.year })}
          {...state}
          isEmpty={d.monthly.every((m) => m.value === null)}
          testId="monthly"
        >
          <MonthlyChart monthly={d.monthly} unit={unit} indicator={ind} target={d.target} />
        </Panel>
      </div>
      <Breakdowns me={me} detail={d} scope={scope} onScope={onScope} />
      <div className="grid-2">
        <DefinitionPanel indicator={ind} showTechnical={me.role === 'analyst' || me.role === 'admin'} />
        <ClausesPanel indicator={ind} documents={d.documents} />
      </div>
    </div>
  )
}
