import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { Panel } from '../../components/Panel'
import { useI18n } from '../../i18n/i18n'
import { errorMessage } from '../../lib/errors'
import { formatInt, formatTime } from '../../lib/format'
import { localMessage } from '../../lib/message'
import { useTRPC } from '../../trpc'

/** 数据源: each scheduled source's state, latest run and latest error, with 立即运行. */
export function SourcesPanel() {
  const { t, lang } = useI18n()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const sources = useQuery(trpc.admin.sources.queryOptions())
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null)
  const run = useMutation(
    trpc.admin.runSource.mutationOptions({
      onMutate: () => setNotice(null),
      onSuccess: (r, v) => {
        const key = r.skipped ? 'adm.ranSkipped' : r.ok ? 'adm.ranOk' : 'adm.ranFail'
        setNotice({ ok: r.ok, text: t(key, { name: v.name, n: formatInt(r.loaded, lang) }) })
      },
      onError: (err) => setNotice({ ok: false, text: errorMessage(err) }),
      // Runs, freshness and this list all changed.
      onSettled: () => queryClient.invalidateQueries(),
    }),
  )
  const rows = sources.data ?? []
  return (
    <div className="stack">
      {notice ? (
        <p
          className={notice.ok ? 'banner banner-info' : 'form-error'}
          role="status"
          data-testid="sources-notice"
        >
          {notice.text}
        </p>
      ) : null}
      <Panel
        title={t('adm.tab.sources')}
        isPending={sources.isPending}
        error={sources.error}
        onRetry={() => sources.refetch()}
        testId="sources"
      >
        {rows.length === 0 ? (
          <p className="muted">{t('adm.noSources')}</p>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('adm.source')}</th>
                  <th scope="col">{t('ds.dataset')}</th>
                  <th scope="col">{t('adm.status')}</th>
                  <th scope="col">{t('adm.lastRun')}</th>
                  <th scope="col">{t('adm.lastError')}</th>
                  <th scope="col">{t('adm.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((s) => {
                  const busy = s.running || (run.isPending && run.variables?.name === s.name)
                  return (
                    <tr key={s.name} data-source={s.name}>
                      <th scope="row">
                        {s.name}
                        <div className="muted small">
                          {t(`adm.kind.${s.kind}`)} · {t('adm.schedule')} {s.schedule}
                        </div>
                      </th>
                      <td>{s.dataset_label}</td>
                      <td className="nowrap">
                        {busy ? (
                          <span className="badge run-running">{t('adm.running')}</span>
                        ) : s.enabled ? (
                          <span className="badge run-succeeded">{t('adm.idle')}</span>
                        ) : (
                          <span className="badge run-failed">{t('adm.paused')}</span>
                        )}
                      </td>
                      <td>
                        {s.last_run ? (
                          <>
                            <span className={`badge run-${s.last_run.status}`}>
                              {t(`ds.run.${s.last_run.status}`)}
                            </span>{' '}
                            <span className="nowrap">
                              {formatTime(s.last_run.finished_at ?? s.last_run.started_at)}
                            </span>
                            <div className="muted small">
                              {t('ds.accepted')} {formatInt(s.last_run.accepted, lang)} · {t('ds.rejected')}{' '}
                              {formatInt(s.last_run.rejected, lang)}
                            </div>
                          </>
                        ) : (
                          t('adm.noRun')
                        )}
                      </td>
                      <td className="wrap">
                        {s.last_failure
                          ? `${formatTime(s.last_failure.finished_at ?? s.last_failure.started_at)} ${localMessage(s.last_failure.error, lang)}`
                          : t('sc.none')}
                      </td>
                      <td>
                        <button
                          type="button"
                          className="btn btn-small btn-primary"
                          disabled={busy}
                          onClick={() => run.mutate({ name: s.name })}
                        >
                          {busy ? t('adm.running') : t('adm.runNow')}
                        </button>
                      </td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </div>
        )}
      </Panel>
    </div>
  )
}
