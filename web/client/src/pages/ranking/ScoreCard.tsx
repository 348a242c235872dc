import { useEffect, useRef } from 'react'
import { useI18n } from '../../i18n/i18n'
import { fileUrl } from '../../lib/download'
import { AdjustForm } from './AdjustForm'
import { Downloads } from './Downloads'
import { ScoreSummary } from './ScoreSummary'
import type { RankingScope, RankingView, UnitScore } from './types'

interface Props {
  scope: RankingScope
  view: RankingView
  unit: UnitScore
  onClose: () => void
}

/** Container: one unit's score card on 考核排名 — the scores, the adjust form and the downloads. */
export function ScoreCard({ scope, view, unit, onClose }: Props) {
  const { t } = useI18n()
  const headingRef = useRef<HTMLHeadingElement>(null)
  const code = unit.unit_code
  useEffect(() => {
    // Opening a card (it is keyed by unit) moves focus, and the view on narrow screens, to it.
    headingRef.current?.focus({ preventScroll: true })
    headingRef.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' })
  }, [])
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
      <ScoreSummary
        unit={unit}
        indicatorNames={view.indicator_names}
        people={view.people}
        totalChange={change?.total_change}
      />
      <AdjustForm key={code} scope={scope} unitCode={code} locked={locked} />
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
