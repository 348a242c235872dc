import { useI18n } from '../../i18n/i18n'
import { STATUSES } from '../../lib/status'
import type { ScorecardIndicator } from '../../lib/types'

/** Counts by status across the applicable indicators. */
export function SummaryStrip({ indicators }: { indicators: ScorecardIndicator[] }) {
  const { t } = useI18n()
  const applicable = indicators.filter((i) => i.applicable)
  return (
    <section aria-label={t('sc.summary')} className="summary" data-testid="summary">
      {STATUSES.map((s) => {
        const n = applicable.filter((i) => i.status === s).length
        return (
          <div key={s} className={`summary-item status-${s}`}>
            <span className="summary-count">{n}</span>
            <span className="summary-label">{t(`status.${s}`)}</span>
          </div>
        )
      })}
    </section>
  )
}
