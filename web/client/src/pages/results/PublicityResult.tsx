import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useId, useState } from 'react'
import { APPEAL_REASON_MAX } from '../../../../shared/appeals'
import { Panel } from '../../components/Panel'
import { useI18n } from '../../i18n/i18n'
import { fileUrl } from '../../lib/download'
import { errorMessage } from '../../lib/errors'
import { formatTime } from '../../lib/format'
import type { Outputs } from '../../lib/types'
import { postFile } from '../../lib/upload'
import { useTRPC } from '../../trpc'
import { appealSubject } from '../ranking/appeal-subject'
import { ScoreSummary } from '../ranking/ScoreSummary'
import type { RankingScope } from '../ranking/types'
import '../tasks/tasks.css'
import { EVIDENCE_ACCEPT } from '../tasks/evidence'

type Window = Outputs['appeals']['windows'][number]
type View = Outputs['appeals']['mine']
type Appeal = View['appeals'][number]

/** Container: every department ranking now in publicity (公示), each with the department's own card. */
export function PublicityResults() {
  const trpc = useTRPC()
  const windows = useQuery(trpc.appeals.windows.queryOptions())
  const open = (windows.data ?? []).filter((w) => w.unit_type === 'department')
  return (
    <>
      {open.map((w) => (
        <PublicityCard key={w.period_key} window={w} />
      ))}
    </>
  )
}

function PublicityCard({ window }: { window: Window }) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const view = useQuery(trpc.appeals.mine.queryOptions({ period: window.period }))
  const data = view.data
  return (
    <Panel
      title={t('ap.title', { period: window.period_label })}
      testId="publicity-card"
      isPending={view.isPending}
      error={view.error}
      onRetry={() => view.refetch()}
    >
      {data && (
        <div className="stack">
          <p className={data.accepting ? 'notice' : 'muted'} data-testid="publicity-window">
            {data.accepting
              ? t('ap.open', { until: formatTime(window.closes_at) })
              : t('ap.closed', { until: formatTime(window.closes_at) })}
          </p>
          {data.unit ? (
            <ScoreSummary
              unit={data.unit}
              indicatorNames={data.indicator_names}
              people={{}}
              totalChange={undefined}
              rankText={
                data.unit.rank === null
                  ? undefined
                  : t('res.rankOf', { rank: data.unit.rank, n: data.unit_count })
              }
            />
          ) : (
            <p className="muted">{t('ap.notInRanking')}</p>
          )}
          <AppealList appeals={data.appeals} period={window.period} accepting={data.accepting} view={data} />
          {data.accepting && data.unit && <AppealForm period={window.period} view={data} />}
        </div>
      )}
    </Panel>
  )
}

/** Presentational + actions: the department's appeals with their state and the evaluators' decisions. */
export function AppealList({
  appeals,
  period,
  accepting,
  view,
}: {
  appeals: Appeal[]
  period: RankingScope['period']
  accepting: boolean
  view: View
}) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const refresh = () => queryClient.invalidateQueries(trpc.appeals.mine.pathFilter())
  const file = useMutation(trpc.appeals.file.mutationOptions({ onSuccess: refresh }))
  const discard = useMutation(trpc.appeals.discard.mutationOptions({ onSuccess: refresh }))
  if (appeals.length === 0) return <p className="muted">{t('ap.none')}</p>
  const error = file.error ?? discard.error
  return (
    <div className="table-wrap">
      <table className="table" data-testid="my-appeals">
        <thead>
          <tr>
            <th>{t('ap.col.subject')}</th>
            <th>{t('ap.col.reason')}</th>
            <th>{t('ap.col.status')}</th>
            <th>{t('ap.col.decision')}</th>
          </tr>
        </thead>
        <tbody>
          {appeals.map((a) => (
            <tr key={a.id}>
              <td>{appealSubject(t, a, view.indicator_names, view.unit?.adjustments)}</td>
              <td>
                {a.reason}
                {a.evidence.map((f) => (
                  <div key={f.id}>
                    <a href={fileUrl('appeals', 'evidence', { id: f.id })}>{f.file_name}</a>
                  </div>
                ))}
              </td>
              <td>{t(`ap.status.${a.status}`)}</td>
              <td>
                {a.decision_reason ?? ''}
                {a.status === 'draft' && accepting && (
                  <div className="toolbar">
                    <button
                      type="button"
                      className="btn btn-small btn-primary"
                      disabled={file.isPending}
                      onClick={() => file.mutate({ period, id: a.id })}
                    >
                      {t('ap.file')}
                    </button>
                    <button
                      type="button"
                      className="btn btn-small"
                      disabled={discard.isPending}
                      onClick={() => discard.mutate({ period, id: a.id })}
                    >
                      {t('ap.discard')}
                    </button>
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {error && (
        <p role="alert" className="form-error">
          {errorMessage(error)}
        </p>
      )}
    </div>
  )
}

/** 提出申诉: one line of the report card, the reason, evidence files; saved as a draft to file. */
function AppealForm({ period, view }: { period: Window['period']; view: View }) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const id = useId()
  const queryClient = useQueryClient()
  const unit = view.unit!
  const options = [
    ...unit.indicators.map((i) => ({
      value: `indicator:${i.indicator_id}`,
      label: t('ap.subject.indicator', { name: view.indicator_names[i.indicator_id] ?? i.indicator_id }),
    })),
    ...unit.adjustments.map((a) => ({
      value: `adjustment:${a.at}`,
      label: t('ap.subject.adjustment', { reason: a.reason }),
    })),
  ]
  const [subject, setSubject] = useState(options[0]?.value ?? '')
  const [reason, setReason] = useState('')
  const [files, setFiles] = useState<Array<{ id: number; name: string }>>([])
  const [problem, setProblem] = useState<string | null>(null)
  const [uploading, setUploading] = useState(false)
  const save = useMutation(
    trpc.appeals.saveDraft.mutationOptions({
      onSuccess: () => {
        setReason('')
        setFiles([])
        return queryClient.invalidateQueries(trpc.appeals.mine.pathFilter())
      },
      onError: (err) => setProblem(errorMessage(err)),
    }),
  )
  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (!reason.trim()) return setProblem(t('ap.needReason'))
    const [kind, ...rest] = subject.split(':')
    setProblem(null)
    save.mutate({
      period,
      subjectKind: kind === 'adjustment' ? 'adjustment' : 'indicator',
      subjectRef: rest.join(':'),
      reason: reason.trim(),
      evidenceIds: files.map((f) => f.id),
    })
  }
  return (
    <form className="form card" onSubmit={submit} noValidate data-testid="appeal-form">
      <h3>{t('ap.new')}</h3>
      <label>
        {t('ap.col.subject')}
        <select value={subject} onChange={(e) => setSubject(e.target.value)}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('ap.col.reason')}
        <textarea
          rows={3}
          maxLength={APPEAL_REASON_MAX}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </label>
      <div className="tk-file-field">
        <span id={`${id}-files`}>{t('ap.evidence')}</span>
        {/* The browser's own "no file chosen" would contradict the list below: a button instead. */}
        <label className="btn btn-small tk-file-pick">
          {t('ap.choose')}
          <input
            className="sr-only"
            type="file"
            accept={EVIDENCE_ACCEPT}
            aria-labelledby={`${id}-files`}
            onChange={(e) => {
              const f = e.target.files?.[0]
              e.target.value = ''
              if (!f) return
              setUploading(true)
              postFile<{ id: number; file_name: string }>('appeals.uploadEvidence', f).then(
                (r) => {
                  setFiles((list) => [...list, { id: r.id, name: r.file_name }])
                  setUploading(false)
                },
                (err: unknown) => {
                  setProblem(errorMessage(err))
                  setUploading(false)
                },
              )
            }}
          />
        </label>
      </div>
      {files.length > 0 && (
        <ul data-testid="appeal-files">
          {files.map((f) => (
            <li key={f.id}>{f.name}</li>
          ))}
        </ul>
      )}
      <p className="muted">{t('ap.draftHint')}</p>
      <div className="toolbar">
        <button type="submit" className="btn btn-primary" disabled={save.isPending || uploading}>
          {t('ap.save')}
        </button>
      </div>
      {problem && (
        <p role="alert" className="form-error">
          {problem}
        </p>
      )}
    </form>
  )
}
