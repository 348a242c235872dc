import { useI18n } from '../../i18n/i18n'
import { formatTime } from '../../lib/format'
import { type Checkin, formatBytes } from '../../lib/tasks'
import { evidenceUrl } from './evidence'
import { ReviewForm } from './ReviewForm'

interface Props {
  plan: string
  checkins: readonly Checkin[]
  /** The caller reviews check-ins (the pending one gets 通过 / 退回). */
  canReview: boolean
  /** Why there is nothing yet, for the one who would file. */
  emptyText: string
}

/**
 * The check-ins, newest first: percent, note, who filed when, the decision (待审核 / 已通过 /
 * 已退回 with the reason) and the evidence files to download.
 */
export function CheckinTimeline({ plan, checkins, canReview, emptyText }: Props) {
  const { t } = useI18n()
  if (checkins.length === 0) return <p className="muted">{emptyText}</p>
  return (
    <ol className="tk-timeline" data-testid="checkins">
      {checkins.map((c) => (
        <li key={c.id} className={`tk-checkin tk-state-${c.state}`} data-checkin={c.id} data-state={c.state}>
          <div className="tk-checkin-head">
            <span className="tk-checkin-percent">{c.percent}%</span>
            <span className="tk-state">{t(`tk.state.${c.state}`)}</span>
            {c.percent === 100 && <span className="tag tag-derived">{t('tk.asksComplete')}</span>}
            <span className="muted">
              {t('tk.filedBy', { who: c.filed_by_name ?? '', at: formatTime(c.filed_at) })}
            </span>
          </div>
          <p className="tk-note">{c.note}</p>
          {c.evidence.length > 0 && (
            <ul className="tk-files" aria-label={t('tk.evidence')}>
              {c.evidence.map((e) => (
                <li key={e.id}>
                  <a href={evidenceUrl(e.id)} download={e.file_name} data-evidence={e.id}>
                    {e.file_name}
                  </a>
                  <span className="muted">{formatBytes(e.bytes)}</span>
                </li>
              ))}
            </ul>
          )}
          {c.state === 'returned' && (
            <p className="tk-reason" data-testid="return-reason">
              {t('tk.returnReason', { reason: c.review_reason ?? '' })}
            </p>
          )}
          {c.state !== 'pending' && c.reviewed_at && (
            <p className="muted">
              {t(c.state === 'accepted' ? 'tk.acceptedBy' : 'tk.returnedBy', {
                who: c.reviewed_by_name ?? '',
                at: formatTime(c.reviewed_at),
              })}
              {c.state === 'accepted' && c.review_reason ? t('tk.reviewNote', { note: c.review_reason }) : ''}
            </p>
          )}
          {c.state === 'pending' && canReview && (
            <ReviewForm plan={plan} checkinId={c.id} completes={c.percent === 100} />
          )}
        </li>
      ))}
    </ol>
  )
}
