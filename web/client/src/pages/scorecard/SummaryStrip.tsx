import { useI18n } from '../../i18n/i18n'
import { statusesFor } from '../../lib/status'
import type { ScorecardIndicator, Status } from '../../lib/types'

interface Props {
  indicators: ScorecardIndicator[]
  /** The year is over at the as-of date: outcome tiles (达标/未达标) instead of 序时进度 ones. */
  closed: boolean
  filter: Status | null
  onFilter: (status: Status | null) => void
}

/** Counts by status across the applicable indicators; a tile toggles a filter on the cards. */
export function SummaryStrip({ indicators, closed, filter, onFilter }: Props) {
  const { t } = useI18n()
  const applicable = indicators.filter((i) => i.applicable)
  return (
    <section aria-label={t('sc.summary')} className="summary" data-testid="summary">
      {statusesFor(closed).map((s) => {
        const n = applicable.filter((i) => i.status === s).length
        const label = t(`status.${s}`)
        return (
          <button
            key={s}
            type="button"
            className={`summary-item status-${s}`}
            aria-pressed={filter === s}
            aria-label={t('sc.filterTile', { status: label, n })}
            data-status={s}
            onClick={() => onFilter(filter === s ? null : s)}
          >
            <span className="summary-count">{n}</span>
            <span className="summary-label">{label}</span>
          </button>
        )
      })}
    </section>
  )
}
