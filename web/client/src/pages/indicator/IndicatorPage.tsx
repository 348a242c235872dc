import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { expectedToDate, gapToTarget, status } from '../../../../../indicators/progress'
import { Panel } from '../../components/Panel'
import { QueryState } from '../../components/QueryState'
import { useI18n } from '../../i18n/i18n'
import { href, useRoute } from '../../lib/router'
import { scopeDate, scopeFromParams, scopeToParams } from '../../lib/scope'
import type { Me } from '../../lib/types'
import { useTRPC } from '../../trpc'
import { Breakdowns } from './Breakdowns'
import { ClausesPanel } from './ClausesPanel'
import { DefinitionPanel } from './DefinitionPanel'
import { IndicatorHeader } from './IndicatorHeader'
import { MonthlyChart } from './MonthlyChart'
import { YearlyChart } from './YearlyChart'

/** 指标详情: one indicator for the scope in the URL, with drill-down by department and region. */
export function IndicatorPage({ me, id }: { me: Me; id: string }) {
  const { t, pick } = useI18n()
  const trpc = useTRPC()
  const route = useRoute()
  const scope = scopeFromParams(route.params, me)
  const detail = useQuery(
    trpc.scorecard.detail.queryOptions({ ...scope, id }, { placeholderData: keepPreviousData }),
  )
  // The scorecard row for the same scope (cached when coming from the overview) carries this
  // year's value of current-state indicators, which have no yearly rows in the detail.
  const card = useQuery(trpc.scorecard.get.queryOptions(scope, { placeholderData: keepPreviousData }))
  const fromCard = card.isPlaceholderData ? undefined : card.data?.indicators.find((i) => i.id === id)
  const d = detail.data
  const asOf = scopeDate(scope)
  const state = { isPending: detail.isPending, error: detail.error, onRetry: () => detail.refetch() }

  if (!d) {
    return (
      <div className="stack">
        <a href={href('/', scopeToParams(scope))}>{t('ind.back')}</a>
        <QueryState {...state}>{null}</QueryState>
      </div>
    )
  }
  const ind = d.indicator
  const yearly = d.yearly.map((y) => ({
    ...y,
    value: y.value ?? (y.year === scope.year ? (fromCard?.value ?? null) : null),
  }))
  const value = yearly.find((y) => y.year === scope.year)?.value ?? null
  const expected = expectedToDate(ind, asOf)
  const unit = ind.unit
  return (
    <div className="stack" aria-busy={detail.isFetching || card.isFetching}>
      <a href={href('/', scopeToParams(scope))}>{t('ind.back')}</a>
      <IndicatorHeader
        name={pick(ind.name_zh, ind.name_en)}
        unit={unit}
        year={scope.year}
        asOf={asOf}
        value={value}
        target={yearly.find((y) => y.year === scope.year)?.target ?? null}
        gap={gapToTarget(ind, value, scope.year)}
        expected={expected}
        status={status(ind, value, asOf)}
        yoy={d.yoy}
        mom={d.mom}
      />
      <div className="grid-2">
        <Panel
          title={t('ind.yearly')}
          {...state}
          isEmpty={yearly.every((y) => y.value === null)}
          testId="yearly"
        >
          <YearlyChart yearly={yearly} unit={unit} year={scope.year} expected={expected} />
        </Panel>
        <Panel
          title={t('ind.monthly', { year: scope.year })}
          {...state}
          isEmpty={d.monthly.every((m) => m.value === null)}
          testId="monthly"
        >
          <MonthlyChart
            monthly={d.monthly}
            unit={unit}
            target={ind.targets.find((x) => x.year === scope.year)?.value ?? null}
          />
        </Panel>
      </div>
      <Breakdowns me={me} detail={d} scope={scope} onScope={(next) => route.setParams(scopeToParams(next))} />
      <div className="grid-2">
        <DefinitionPanel indicator={ind} />
        <ClausesPanel indicator={ind} />
      </div>
    </div>
  )
}
