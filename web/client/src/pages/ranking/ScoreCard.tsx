import { useQuery } from '@tanstack/react-query'
import { useEffect, useRef } from 'react'
import { QueryState } from '../../components/QueryState'
import { useI18n } from '../../i18n/i18n'
import { fileUrl } from '../../lib/download'
import type { Unit } from '../../lib/format'
import { useTRPC } from '../../trpc'
import { AdjustForm } from './AdjustForm'
import { AdjustmentList } from './AdjustmentList'
import { ContributionBars } from './ContributionBars'
import { Downloads } from './Downloads'
import { formatPoints } from './format'
import { type IndicatorLine, IndicatorScoreTable } from './IndicatorScoreTable'
import type { RankingScope, RankingView, UnitScore } from './types'

interface Props {
  scope: RankingScope
  view: RankingView
  unit: UnitScore
  onClose: () => void
}

/** Container: one unit's score card — totals, per-indicator scores, contributions, adjustments, downloads. */
export function ScoreCard({ scope, view, unit, onClose }: Props) {
  const { t, pick } = useI18n()
  const trpc = useTRPC()
  // Units and English names of the indicators (the ranking carries Chinese names only).
  const catalog = useQuery(
    trpc.reference.catalog.queryOptions(undefined, { staleTime: Number.POSITIVE_INFINITY }),
  )
  const headingRef = useRef<HTMLHeadingElement>(null)
  const code = unit.unit_code
  useEffect(() => {
    // Opening a card (it is keyed by unit) moves focus, and the view on narrow screens, to it.
    headingRef.current?.focus({ preventScroll: true })
    headingRef.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' })
  }, [])

  const byId = new Map((catalog.data?.indicators ?? []).map((i) => [i.id, i]))
  const lines: IndicatorLine[] = unit.indicators.map((s) => {
    const ind = byId.get(s.indicator_id)
    const zhName = view.indicator_names[s.indicator_id] ?? ind?.name_zh ?? s.indicator_id
    return {
      name: ind ? pick(ind.name_zh, ind.name_en) : zhName,
      unit: (ind?.unit ?? '%') as Unit,
      score: s,
    }
  })
  const bars = lines
    .filter((l) => l.score.applied && unit.max > 0)
    .map((l) => {
      const possible = (l.score.max * 100) / unit.max
      return {
        name: l.name,
        earned: l.score.contribution,
        lost: Math.max(0, possible - l.score.contribution),
      }
    })
  const change = view.changes.find((c) => c.unit_code === code)
  const locked =
    view.status === 'live' ? null : t('rk.adjust.locked', { status: t(`rk.status.${view.status}`) })
  const name = unit.unit_name ?? code

  return (
    <section className="card rk-card" aria-labelledby={`card-${code}`} data-testid="score-card">
      <header className="panel-head">
        <h2 id={`card-${code}`} ref={headingRef} tabIndex={-1}>
          {t('rk.card', { name })}
        </h2>
        <button type="button" className="btn btn-small" onClick={onClose} aria-label={t('rk.card.close')}>
          {t('close')}
        </button>
      </header>
      <dl className="kpis rk-kpis">
        <Kpi label={t('rk.col.rank')} value={unit.rank === null ? t('rk.unranked') : String(unit.rank)} />
        <Kpi label={t('rk.col.total')} value={formatPoints(unit.total, t)} testId="card-total" />
        <Kpi label={t('rk.col.base')} value={formatPoints(unit.base, t)} />
        <Kpi label={t('rk.col.bonus')} value={formatPoints(unit.bonus, t)} />
        <Kpi label={t('rk.col.adjustment')} value={formatPoints(unit.adjustment, t, true)} />
        <Kpi label={t('rk.col.total_change')} value={formatPoints(change?.total_change, t, true)} />
      </dl>
      {unit.max === 0 && <p className="muted">{t('rk.notScored')}</p>}
      <QueryState isPending={catalog.isPending} error={catalog.error} onRetry={() => catalog.refetch()}>
        <IndicatorScoreTable lines={lines} />
      </QueryState>
      {bars.length > 0 && (
        <>
          <h3>{t('rk.chart')}</h3>
          <ContributionBars data={bars} />
        </>
      )}
      <div className="rk-adjust-wrap">
        <AdjustForm key={code} scope={scope} unitCode={code} locked={locked} />
        <AdjustmentList items={unit.adjustments} />
      </div>
      <Downloads
        label={t('rk.downloads')}
        items={(['xlsx', 'pdf'] as const).map((format) => ({
          id: format,
          label: t(format === 'xlsx' ? 'rk.dl.unitXlsx' : 'rk.dl.unitPdf'),
          url: fileUrl('ranking', 'exportUnit', { ...scope, unitCode: code, format }),
        }))}
      />
    </section>
  )
}

function Kpi({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  )
}
