import { useI18n } from '../../i18n/i18n'
import { formatTime } from '../../lib/format'
import type { Outputs } from '../../lib/types'
import { personName } from './format'

export type PublicationEntry = Outputs['ranking']['history'][number]

interface Props {
  entries: PublicationEntry[]
  /** show each entry's period (the list spans periods) */
  withPeriod?: boolean
  title?: string
}

/** Presentational: every publication, newest first — who published it, and any withdrawal: who asked, why, who approved. */
export function PublicationHistory({ entries, withPeriod, title }: Props) {
  const { t } = useI18n()
  const heading = title ?? t('rk.history.title')
  return (
    <section className="card rk-history" aria-label={heading}>
      <h3>{heading}</h3>
      {entries.length === 0 ? (
        <p className="muted">{t('rk.history.none')}</p>
      ) : (
        <ul className="rk-history-list rk-pub-history" data-testid="publication-history">
          {entries.map((e) => {
            const who = (u: string | null) => personName(u, e.people, t)
            return (
              <li key={e.id}>
                <span>
                  <span className={`badge rk-state-${e.withdrawn_at ? 'live' : 'published'}`}>
                    {t(e.withdrawn_at ? 'rk.history.gone' : 'rk.history.current')}
                  </span>{' '}
                  {withPeriod && (
                    <strong>
                      {e.period_label}
                      {t(`rk.unit.${e.unit_type}`)}{' '}
                    </strong>
                  )}
                  {t('rk.history.published', { who: who(e.published_by), when: formatTime(e.published_at) })}
                </span>
                {e.withdraw_requested_by && (
                  <span className="rk-history-reason">
                    {t('rk.history.requested', {
                      who: who(e.withdraw_requested_by),
                      when: formatTime(e.withdraw_requested_at),
                      reason: e.withdraw_reason ?? '',
                    })}
                  </span>
                )}
                {e.withdrawn_by && (
                  <span>
                    {t('rk.history.withdrawn', {
                      who: who(e.withdrawn_by),
                      when: formatTime(e.withdrawn_at),
                    })}
                  </span>
                )}
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}
