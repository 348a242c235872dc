import { useQuery } from '@tanstack/react-query'
import { Panel } from '../../components/Panel'
import { useI18n } from '../../i18n/i18n'
import { fileUrl } from '../../lib/download'
import { useTRPC } from '../../trpc'
import { Downloads } from '../ranking/Downloads'
import { PublicationHistory } from '../ranking/PublicationHistory'
import { periodLabel } from '../ranking/period'
import { RankingTable } from '../ranking/RankingTable'
import { toRows } from '../ranking/rows'
import { ScoreSummary } from '../ranking/ScoreSummary'
import type { RankingScope } from '../ranking/types'

interface Props {
  scope: RankingScope
  code: string | null
  onOpen: (code: string | null) => void
}

/** Container: a published ranking, read-only — the table, a unit's card, the documents and the history. */
export function LeaderResult({ scope, code, onOpen }: Props) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const ranking = useQuery(trpc.results.get.queryOptions(scope))
  const history = useQuery(trpc.results.history.queryOptions({}))
  const view = ranking.data
  const unit = view?.result.units.find((u) => u.unit_code === code) ?? null
  const title = t('rk.heading', {
    period: periodLabel(scope.period, t),
    unit: t(`rk.unit.${scope.unitType}`),
  })
  return (
    <>
      <section className="card rk-actions" aria-label={t('rk.downloads')}>
        <p className="muted">{t('res.readonly')}</p>
        <Downloads
          label={t('rk.downloads')}
          items={[
            {
              id: 'briefing',
              label: t('rk.dl.briefing'),
              url: fileUrl('ranking', 'briefing', { year: scope.period.year }),
            },
            {
              id: 'xlsx',
              label: t('rk.dl.rankingXlsx'),
              url: fileUrl('results', 'exportRanking', { ...scope, format: 'xlsx' }),
            },
            {
              id: 'pdf',
              label: t('rk.dl.rankingPdf'),
              url: fileUrl('results', 'exportRanking', { ...scope, format: 'pdf' }),
            },
          ]}
        />
      </section>
      <div className={unit ? 'rk-layout rk-layout-split' : 'rk-layout'}>
        <Panel
          title={title}
          testId="results-panel"
          isPending={ranking.isPending}
          error={ranking.error}
          isEmpty={view?.result.units.length === 0}
          onRetry={() => ranking.refetch()}
        >
          {view && (
            <RankingTable rows={toRows(view)} selected={code} onOpen={(c) => onOpen(c === code ? null : c)} />
          )}
        </Panel>
        {view && unit && (
          <section
            className="card rk-card"
            aria-label={t('rk.card', { name: unit.unit_name ?? unit.unit_code })}
            data-testid="score-card"
          >
            <header className="panel-head">
              <h2>{t('rk.card', { name: unit.unit_name ?? unit.unit_code })}</h2>
              <button
                type="button"
                className="btn btn-small"
                onClick={() => onOpen(null)}
                aria-label={t('rk.card.close')}
              >
                {t('close')}
              </button>
            </header>
            <ScoreSummary
              unit={unit}
              indicatorNames={view.indicator_names}
              people={view.people}
              totalChange={view.changes.find((c) => c.unit_code === unit.unit_code)?.total_change}
            />
            <Downloads
              label={t('rk.downloads')}
              items={(['xlsx', 'pdf'] as const).map((format) => ({
                id: format,
                label: t(format === 'xlsx' ? 'rk.dl.unitXlsx' : 'rk.dl.unitPdf'),
                url: fileUrl('results', 'exportUnit', { ...scope, unitCode: unit.unit_code, format }),
              }))}
            />
          </section>
        )}
      </div>
      {history.data && <PublicationHistory entries={history.data} withPeriod title={t('res.historyAll')} />}
    </>
  )
}
