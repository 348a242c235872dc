import { useQuery } from '@tanstack/react-query'
import { Panel } from '../../components/Panel'
import { useI18n } from '../../i18n/i18n'
import { navigate, useRoute } from '../../lib/router'
import type { Me } from '../../lib/types'
import { useTRPC } from '../../trpc'
import { PublicationHistory } from './PublicationHistory'
import { periodLabel, type Selection, selectionFromParams, selectionToParams, yearFromParams } from './period'
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
  const urlYear = yearFromParams(route.params)
  const defaults = useQuery(
    trpc.ranking.defaults.queryOptions(undefined, { staleTime: 10 * 60_000, enabled: urlYear === null }),
  )
  const year = urlYear ?? defaults.data?.year ?? null
  return (
    <div className="stack ranking" data-testid="ranking">
      <h1>{t('rank.title')}</h1>
      {year === null ? (
        <Panel
          title={t('rank.title')}
          isPending={defaults.isPending}
          error={defaults.error}
          onRetry={() => defaults.refetch()}
        >
          {null}
        </Panel>
      ) : (
        <RankingBody me={me} sel={selectionFromParams(route.params, year)} />
      )}
    </div>
  )
}

function RankingBody({ me, sel }: { me: Me; sel: Selection }) {
  const { t } = useI18n()
  const trpc = useTRPC()
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
        // Another unit type has other units: its score card closes.
        onChange={(scope) => go({ scope, code: scope.unitType === sel.scope.unitType ? sel.code : null })}
      />
      {view && <RankingActions me={me} scope={sel.scope} view={view} />}
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
