import { useI18n } from '../../i18n/i18n'
import { channelLabel, type Delivery, deliveryStatusLabel, originLabel, resendable } from '../../lib/alerts'
import { formatTime } from '../../lib/format'
import { localMessage } from '../../lib/message'

interface Props {
  rows: readonly Delivery[]
  /** The row being sent again, if any. */
  busyId: number | null
  onResend: (id: number) => void
}

const STATUS_CLASS: Record<string, string> = {
  sent: 'run-succeeded',
  sending: 'run-running',
  failed: 'al-badge-warn',
  abandoned: 'run-failed',
  unknown: 'al-badge-warn',
}

/** One page of the delivery log: when, from which rule or subscription, to whom, how it went. */
export function DeliveriesTable({ rows, busyId, onResend }: Props) {
  const { t, lang } = useI18n()
  return (
    <div className="table-wrap">
      <table className="table al-log-table" data-testid="deliveries-table">
        <thead>
          <tr>
            <th scope="col">{t('al.log.time')}</th>
            <th scope="col">{t('al.log.origin')}</th>
            <th scope="col">{t('al.log.channel')}</th>
            <th scope="col">{t('al.log.recipient')}</th>
            <th scope="col">{t('al.log.subject')}</th>
            <th scope="col">{t('al.log.status')}</th>
            <th scope="col" className="num">
              {t('al.log.attempts')}
            </th>
            <th scope="col">{t('al.log.error')}</th>
            <th scope="col">{t('al.col.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr key={d.id} data-delivery={d.id} data-channel={d.channel} data-status={d.status}>
              <td className="nowrap">{formatTime(String(d.created_at))}</td>
              <td className="wrap">
                {d.origin_name}
                <div className="muted small">{originLabel(t, d.origin)}</div>
              </td>
              <td className="nowrap" data-col="channel">
                {channelLabel(t, d.channel)}
              </td>
              <td className="wrap al-url" data-recipient={d.recipient}>
                {d.recipient_name ?? d.recipient}
                {d.recipient_name && d.recipient_name !== d.recipient && (
                  <div className="muted small">{d.recipient}</div>
                )}
              </td>
              <td className="wrap">{d.subject}</td>
              <td>
                <span className={`badge ${STATUS_CLASS[d.status] ?? 'al-badge-off'}`}>
                  {deliveryStatusLabel(t, d.status)}
                </span>
                {d.sent_at ? (
                  <div className="muted small nowrap">
                    {t('al.log.sentAt', { time: formatTime(String(d.sent_at)) })}
                  </div>
                ) : null}
                {d.status === 'failed' && d.next_attempt_at ? (
                  <div className="muted small nowrap">
                    {t('al.log.nextAttempt', { time: formatTime(String(d.next_attempt_at)) })}
                  </div>
                ) : null}
              </td>
              <td className="num">{d.attempts}</td>
              <td className="wrap">{localMessage(d.last_error, lang) || t('sc.none')}</td>
              <td>
                {resendable(d) ? (
                  <button
                    type="button"
                    className="btn btn-small"
                    disabled={busyId !== null}
                    onClick={() => onResend(d.id)}
                  >
                    {t('al.log.resend')}
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
