import { Panel } from '../../components/Panel'
import { useI18n } from '../../i18n/i18n'
import { formatInt, formatTime } from '../../lib/format'
import type { Outputs } from '../../lib/types'

type Status = Outputs['data']['status']

interface Props {
  rows: Status
  isPending: boolean
  error: unknown
  onRetry: () => void
}

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
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('ds.dataset')}</th>
              <th scope="col" className="num">
                {t('ds.rows')}
              </th>
              <th scope="col">{t('ds.lastSuccess')}</th>
              <th scope="col">{t('ds.lastFailure')}</th>
              <th scope="col">{t('ds.lastError')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.dataset} className={r.last_success ? undefined : 'row-warn'}>
                <th scope="row">
                  {r.label} <code className="muted">{r.dataset}</code>
                </th>
                <td className="num">{formatInt(r.rows, lang)}</td>
                <td>{formatTime(r.last_success) || t('sc.none')}</td>
                <td>{formatTime(r.last_failure) || t('sc.none')}</td>
                <td className="wrap">{r.last_error ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Panel>
  )
}
