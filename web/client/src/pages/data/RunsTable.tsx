import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { Panel } from '../../components/Panel'
import { useI18n } from '../../i18n/i18n'
import { formatInt, formatTime } from '../../lib/format'
import { localMessage } from '../../lib/message'
import { useTRPC } from '../../trpc'
import { Pager } from './Pager'

const PAGE = 20

interface Props {
  dataset: string
  /** Shows one run's quarantined rows (offered for runs that set rows aside). */
  onShowQuarantine?: (runId: string) => void
}

/** 加载记录: newest first, paged on the server. */
export function RunsTable({ dataset, onShowQuarantine }: Props) {
  const { t, lang } = useI18n()
  const trpc = useTRPC()
  // A new filter starts at its first page.
  const [at, setAt] = useState({ dataset, offset: 0 })
  const offset = at.dataset === dataset ? at.offset : 0
  const setOffset = (o: number) => setAt({ dataset, offset: o })
  const runs = useQuery(
    trpc.data.runs.queryOptions(
      { ...(dataset ? { dataset } : {}), limit: PAGE, offset },
      { placeholderData: keepPreviousData },
    ),
  )
  const rows = runs.data?.rows ?? []
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
              <th scope="col">{t('ds.started')}</th>
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
              <tr key={r.run_id} data-run={r.run_id}>
                <th scope="row">{r.dataset_label}</th>
                <td className="nowrap">{formatTime(r.started_at)}</td>
                <td>
                  <span className={`badge run-${r.status}`}>{t(`ds.run.${r.status}`)}</span>
                </td>
                <td className="num">{formatInt(r.accepted, lang)}</td>
                <td className="num">
                  {r.rejected > 0 && onShowQuarantine ? (
                    <button
                      type="button"
                      className="link-button"
                      title={t('ds.showQuarantine')}
                      onClick={() => onShowQuarantine(r.run_id)}
                    >
                      {formatInt(r.rejected, lang)}
                    </button>
                  ) : (
                    formatInt(r.rejected, lang)
                  )}
                </td>
                <td className="wrap">{localMessage(r.error, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager
        offset={offset}
        limit={PAGE}
        total={runs.data?.total ?? 0}
        onChange={setOffset}
        testId="runs-pager"
      />
    </Panel>
  )
}
