import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { Panel } from '../../components/Panel'
import { useI18n } from '../../i18n/i18n'
import { downloadFile, fileUrl } from '../../lib/download'
import { errorMessage } from '../../lib/errors'
import { localMessage } from '../../lib/message'
import { useTRPC } from '../../trpc'
import { Pager } from './Pager'

const PAGE = 10

interface Props {
  dataset: string
  /** Only this run's rows (then they can be downloaded). */
  runId?: string | undefined
  onClearRun?: () => void
}

/** Rejected rows, a page at a time: why, where (row number in the file) and each field as received. */
export function QuarantineTable({ dataset, runId, onClearRun }: Props) {
  const { t, lang } = useI18n()
  const trpc = useTRPC()
  // A new filter starts at its first page, without the previous filter's note.
  const filter = `${dataset}|${runId ?? ''}`
  const [at, setAt] = useState({ filter, offset: 0 })
  const offset = at.filter === filter ? at.offset : 0
  const setOffset = (o: number) => setAt({ filter, offset: o })
  const [noted, setNoted] = useState<{ filter: string; ok: boolean; text: string } | null>(null)
  const note = noted?.filter === filter ? noted : null
  const setNote = (n: { ok: boolean; text: string }) => setNoted({ filter, ...n })
  const q = useQuery(
    trpc.data.quarantine.queryOptions(
      { ...(dataset ? { dataset } : {}), ...(runId ? { runId } : {}), limit: PAGE, offset },
      { placeholderData: keepPreviousData },
    ),
  )
  const rows = q.data?.rows ?? []
  const download = async (id: string) => {
    try {
      const saved = await downloadFile(fileUrl('data', 'quarantineCsv', { runId: id }))
      setNote({ ok: true, text: t('ds.downloaded', { name: saved.filename, rows: saved.rows ?? 0 }) })
    } catch (err) {
      setNote({ ok: false, text: errorMessage(err) })
    }
  }
  return (
    <Panel
      title={t('ds.quarantine')}
      isPending={q.isPending}
      error={q.error}
      isEmpty={rows.length === 0}
      onRetry={() => q.refetch()}
      testId="quarantine"
      actions={
        runId ? (
          <div className="toolbar">
            <span className="muted">{t('ds.onlyRun', { id: runId.slice(0, 8) })}</span>
            <button type="button" className="btn btn-small btn-primary" onClick={() => download(runId)}>
              {t('ds.download')}
            </button>
            {onClearRun ? (
              <button type="button" className="btn btn-small" onClick={onClearRun}>
                {t('ds.allRuns')}
              </button>
            ) : null}
          </div>
        ) : undefined
      }
    >
      {note ? (
        <p className={note.ok ? 'banner banner-info' : 'form-error'} role="status">
          {note.text}
        </p>
      ) : null}
      <ol className="qrows">
        {rows.map((r) => (
          <li key={`${r.run_id}-${r.row_number}`} className="qrow">
            <div className="qrow-head">
              <strong>{r.dataset_label}</strong>
              <span>{t('ds.rowOf', { row: r.row_number })}</span>
              <span className="muted">
                {t('ds.batch')} {r.run_id.slice(0, 8)}
              </span>
              {runId ? null : (
                <button type="button" className="link-button" onClick={() => download(r.run_id)}>
                  {t('ds.download')}
                </button>
              )}
            </div>
            <p className="qrow-reason">
              {t('ds.reason')}：{localMessage(r.reason, lang)}
            </p>
            <dl className="qrow-fields">
              {r.fields.map((f) => (
                <div key={f.field}>
                  <dt>{f.field}</dt>
                  <dd>{f.value || '—'}</dd>
                </div>
              ))}
            </dl>
          </li>
        ))}
      </ol>
      <Pager
        offset={offset}
        limit={PAGE}
        total={q.data?.total ?? 0}
        onChange={setOffset}
        testId="quarantine-pager"
      />
    </Panel>
  )
}
