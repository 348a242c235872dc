import { useQuery } from '@tanstack/react-query'
import { Panel } from '../../components/Panel'
import { useI18n } from '../../i18n/i18n'
import { useTRPC } from '../../trpc'

/** Rejected rows: why, where (row number in the file) and the raw row as received. */
export function QuarantineTable({ dataset }: { dataset: string }) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const q = useQuery(trpc.data.quarantine.queryOptions({ ...(dataset ? { dataset } : {}), limit: 100 }))
  const rows = q.data ?? []
  return (
    <Panel
      title={t('ds.quarantine')}
      isPending={q.isPending}
      error={q.error}
      isEmpty={rows.length === 0}
      onRetry={() => q.refetch()}
      testId="quarantine"
    >
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('ds.dataset')}</th>
              <th scope="col" className="num">
                {t('ds.rowNumber')}
              </th>
              <th scope="col">{t('ds.reason')}</th>
              <th scope="col">{t('ds.rawRow')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.run_id}-${r.row_number}`}>
                <th scope="row">{r.dataset}</th>
                <td className="num">{r.row_number}</td>
                <td className="wrap">{r.reason}</td>
                <td>
                  <code className="raw-row">{r.raw_row}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Panel>
  )
}
