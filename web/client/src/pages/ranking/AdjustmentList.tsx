import { useI18n } from '../../i18n/i18n'
import { formatTime } from '../../lib/format'
import { formatPoints, personName } from './format'
import type { Adjustment } from './types'

/** Presentational: the unit's adjustments, newest first, with the author's display name and time. */
export function AdjustmentList({ items, people }: { items: Adjustment[]; people: Record<string, string> }) {
  const { t } = useI18n()
  const sorted = [...items].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
  return (
    <section aria-label={t('rk.adjust.history')} className="rk-history">
      <h3>{t('rk.adjust.history')}</h3>
      {sorted.length === 0 ? (
        <p className="muted">{t('rk.adjust.none')}</p>
      ) : (
        <ul className="rk-history-list" data-testid="adjustments">
          {sorted.map((a) => (
            <li key={`${a.at}-${a.author}-${a.points}-${a.reason}`}>
              <strong className={a.points < 0 ? 'neg' : 'pos'}>
                {t('rk.points', { v: formatPoints(a.points, t, true) })}
              </strong>
              <span className="rk-history-reason">{a.reason}</span>
              <span className="muted">
                {t('rk.adjust.by', { who: personName(a.author, people, t), when: formatTime(a.at) })}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
