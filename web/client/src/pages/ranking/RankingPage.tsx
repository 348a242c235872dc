import { useQuery } from '@tanstack/react-query'
import { Panel } from '../../components/Panel'
import { useI18n } from '../../i18n/i18n'
import {
  type PlanChoice,
  pickableYears,
  planOfYear,
  thisYear,
  yearFromUrl,
  yearInSomePlan,
} from '../../lib/plans'
import { navigate, useRoute } from '../../lib/router'
import type { Me } from '../../lib/types'
import { usePlanDefaultYear, usePlans } from '../../lib/usePlans'
import { useTRPC } from '../../trpc'
import { PublicationHistory } from './PublicationHistory'
import { PublicityPanel } from './PublicityPanel'
import { periodLabel, type Selection, selectionFromParams, selectionToParams } from './period'
import { RankingActions } from './RankingActions'
import { RankingControls } from './RankingControls'
import { RankingTable } from './RankingTable'
import { toRows } from './rows'
import { ScoreCard } from './ScoreCard'
import './ranking.css'

/**
 * 考核排名 (evaluators, admins): the period's ranking, a unit's score card, adjust,
 * freeze/publish/withdraw, the publication history, exports. Without a year in the URL it
 * opens on the server's latest closed year with data.
 */
export function RankingPage({ me }: { me: Me }) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const route = useRoute()
  const plans = usePlans()
  const urlYear = plans.data ? yearFromUrl(route.params, plans.data) : null
  const defaults = useQuery(
    trpc.ranking.defaults.queryOptions(undefined, {
      staleTime: 10 * 60_000,
      enabled: plans.data !== undefined && urlYear === null,
    }),
  )
  const fallback = plans.data && defaults.data ? yearInSomePlan(plans.data, defaults.data.year) : null
  const year = urlYear ?? fallback
  const plan = plans.data && year !== null ? planOfYear(plans.data, year) : undefined
  return (
    <div className="stack ranking" data-testid="ranking">
      <h1>{t('rank.title')}</h1>
      {year === null || !plans.data || !plan ? (
        <Panel
          title={t('rank.title')}
          isPending={!plans.error && !defaults.error}
          error={plans.error ?? defaults.error}
          onRetry={() => {
            void plans.refetch()
            void defaults.refetch()
          }}
        >
          {null}
        </Panel>
      ) : (
        <RankingBody me={me} sel={selectionFromParams(route.params, year)} plans={plans.data} plan={plan} />
      )}
    </div>
  )
}

interface BodyProps {
  me: Me
  sel: Selection
  plans: readonly PlanChoice[]
  /** The plan the period's year belongs to. */
  plan: PlanChoice
}

function RankingBody({ me, sel, plans, plan }: BodyProps) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const defaultYearOf = usePlanDefaultYear()
  const go = (next: Selection) => navigate('/ranking', selectionToParams(next))
  const ranking = useQuery(trpc.ranking.get.queryOptions(sel.scope))
  const history = useQuery(trpc.ranking.history.queryOptions(sel.scope))
  const view = ranking.data
  const unit = view?.result.units.find((u) => u.unit_code === sel.code) ?? null
  const title = t('rk.heading', {
    period: periodLabel(sel.scope.period, t),
    unit: t(`rk.unit.${sel.scope.unitType}`),
  })
  return (
    <>
      <RankingControls
        scope={sel.scope}
        plans={plans}
        plan={plan}
        years={pickableYears(plan, thisYear(), sel.scope.period.year)}
        // Another plan: its default year, the same kind of period.
        onPlan={async (next) =>
          go({
            ...sel,
            scope: { ...sel.scope, period: { ...sel.scope.period, year: await defaultYearOf(next) } },
          })
        }
        // Another unit type has other units: its score card closes.
        onChange={(scope) => go({ scope, code: scope.unitType === sel.scope.unitType ? sel.code : null })}
      />
      {view && <RankingActions me={me} scope={sel.scope} view={view} />}
      {view && sel.scope.unitType === 'department' && <PublicityPanel scope={sel.scope} view={view} />}
      <div className={unit ? 'rk-layout rk-layout-split' : 'rk-layout'}>
        <Panel
          title={title}
          testId="ranking-panel"
          isPending={ranking.isPending}
          error={ranking.error}
          isEmpty={view?.result.units.length === 0}
          onRetry={() => ranking.refetch()}
        >
          {view && (
            <RankingTable
              rows={toRows(view)}
              selected={sel.code}
              onOpen={(code) => go({ ...sel, code: code === sel.code ? null : code })}
            />
          )}
        </Panel>
        {view && unit && (
          <ScoreCard
            key={unit.unit_code}
            scope={sel.scope}
            view={view}
            unit={unit}
            onClose={() => go({ ...sel, code: null })}
          />
        )}
      </div>
      {history.data && <PublicationHistory entries={history.data} />}
    </>
  )
}
