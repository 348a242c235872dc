import { useQuery } from '@tanstack/react-query'
import { Panel } from '../../components/Panel'
import { useI18n } from '../../i18n/i18n'
import { formatInt, formatTime } from '../../lib/format'
import { useTRPC } from '../../trpc'

export function RunsTable({ dataset }: { dataset: string }) {
  const { t, lang } = useI18n()
  const trpc = useTRPC()
  const runs = useQuery(trpc.data.runs.queryOptions({ ...(dataset ? { dataset } : {}), limit: 50 }))
  const rows = runs.data ?? []
  return (
    <Panel
      title={t('ds.runs')}
      isPending={runs.isPending}
      error={runs.error}
      isEmpty={rows.length === 0}
      onRetry={() => runs.refetch()}
      testId="runs"
    >
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('ds.dataset')}</th>
              <th scope="col">{t('ds.source')}</th>
              <th scope="col">{t('ds.started')}</th>
              <th scope="col">{t('ds.finished')}</th>
              <th scope="col">{t('ds.status')}</th>
              <th scope="col" className="num">
                {t('ds.accepted')}
              </th>
              <th scope="col" className="num">
                {t('ds.rejected')}
              </th>
              <th scope="col">{t('ds.lastError')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.run_id}>
                <th scope="row" title={r.file}>
                  {r.dataset}
                </th>
                <td>{r.source}</td>
                <td>{formatTime(r.started_at)}</td>
                <td>{formatTime(r.finished_at)}</td>
                <td>
                  <span className={`badge run-${r.status}`}>{t(`ds.run.${r.status}`)}</span>
                </td>
                <td className="num">{formatInt(r.accepted, lang)}</td>
                <td className="num">{formatInt(r.rejected, lang)}</td>
                <td className="wrap">{r.error ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Panel>
  )
}
