import { Panel } from '../../components/Panel'
import { useI18n } from '../../i18n/i18n'
import { formatInt, formatTime } from '../../lib/format'
import { localMessage } from '../../lib/message'
import type { Outputs } from '../../lib/types'

type Status = Outputs['data']['status']

interface Props {
  rows: Status
  isPending: boolean
  error: unknown
  onRetry: () => void
}

/** Per dataset: when it was last loaded here, and how recent the data itself is. */
export function FreshnessTable({ rows, isPending, error, onRetry }: Props) {
  const { t, lang } = useI18n()
  return (
    <Panel
      title={t('ds.freshness')}
      isPending={isPending}
      error={error}
      isEmpty={rows.length === 0}
      onRetry={onRetry}
      testId="freshness"
    >
      <p className="muted small">{t('ds.freshnessNote')}</p>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('ds.dataset')}</th>
              <th scope="col" className="num">
                {t('ds.rows')}
              </th>
              <th scope="col">{t('ds.lastSuccess')}</th>
              <th scope="col">{t('ds.dataUntil')}</th>
              <th scope="col">{t('ds.lastFailure')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.dataset} className={r.last_success ? undefined : 'row-warn'}>
                <th scope="row">{r.label}</th>
                <td className="num">{formatInt(r.rows, lang)}</td>
                <td className="nowrap">{formatTime(r.last_success) || t('sc.none')}</td>
                <td className="nowrap">{r.data_until ? r.data_until.slice(0, 10) : t('sc.none')}</td>
                <td className="wrap">
                  {r.last_failure
                    ? `${formatTime(r.last_failure)} ${localMessage(r.last_error, lang)}`
                    : t('sc.none')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Panel>
  )
}
