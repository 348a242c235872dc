import { useMutation } from '@tanstack/react-query'
import { type ChangeEvent, type FormEvent, useId, useRef, useState } from 'react'
import { useI18n } from '../../i18n/i18n'
import { errorMessage } from '../../lib/errors'
import { formatBytes } from '../../lib/tasks'
import { useTRPC } from '../../trpc'
import { EVIDENCE_ACCEPT, EVIDENCE_MAX, uploadEvidence } from './evidence'
import { FormFooter } from './FormFooter'
import { useRefreshTasks } from './refresh'

const NOTE_MAX = 1_000

/** A file chosen for the check-in: being uploaded, kept by the server (its id), or refused. */
interface Picked {
  key: number
  name: string
  bytes: number
  state: 'uploading' | 'done' | 'failed'
  id?: number
  problem?: string
}

interface Props {
  plan: string
  taskId: string
  /** The accepted progress so far. */
  progress: number
}

/**
 * 填报进展 (the lead department): percent done, a note, and evidence files, each uploaded as
 * soon as it is chosen so a refusal (type, size) shows at once. 100% asks for the task to be
 * confirmed complete, and says so.
 */
export function CheckinForm({ plan, taskId, progress }: Props) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const refresh = useRefreshTasks()
  const id = useId()
  const [percent, setPercent] = useState('')
  const [note, setNote] = useState('')
  const [complete, setComplete] = useState(false)
  const [files, setFiles] = useState<Picked[]>([])
  const [problem, setProblem] = useState<string | null>(null)
  const nextKey = useRef(0)
  const send = useMutation(
    trpc.tasks.checkIn.mutationOptions({
      onSuccess: () => refresh(),
      onError: (err) => setProblem(errorMessage(err)),
    }),
  )
  const update = (key: number, patch: Partial<Picked>) =>
    setFiles((list) => list.map((f) => (f.key === key ? { ...f, ...patch } : f)))

  const choose = (e: ChangeEvent<HTMLInputElement>) => {
    const chosen = Array.from(e.target.files ?? [])
    e.target.value = ''
    const room = EVIDENCE_MAX - files.filter((f) => f.state !== 'failed').length
    setProblem(chosen.length > room ? t('tk.ci.tooMany', { n: EVIDENCE_MAX }) : null)
    for (const f of chosen.slice(0, Math.max(0, room))) {
      const key = nextKey.current++
      setFiles((list) => [...list, { key, name: f.name, bytes: f.size, state: 'uploading' }])
      uploadEvidence(f).then(
        (r) => update(key, { state: 'done', id: r.id, name: r.file_name, bytes: r.bytes }),
        (err: unknown) => update(key, { state: 'failed', problem: errorMessage(err) }),
      )
    }
  }

  const full = files.filter((f) => f.state !== 'failed').length >= EVIDENCE_MAX
  const n = Number(percent)
  const valid = percent.trim() !== '' && Number.isInteger(n) && n >= 0 && n <= 100
  const asksComplete = valid && n === 100
  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (!valid) return setProblem(t('tk.ci.needPercent'))
    if (!note.trim()) return setProblem(t('tk.ci.needNote'))
    if (files.some((f) => f.state === 'uploading')) return setProblem(t('tk.ci.stillUploading'))
    if (asksComplete && !complete) return setProblem(t('tk.ci.needConfirm'))
    setProblem(null)
    send.mutate({
      plan,
      taskId,
      percent: n,
      note: note.trim(),
      evidenceIds: files.flatMap((f) => (f.state === 'done' && f.id !== undefined ? [f.id] : [])),
    })
  }

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="checkin-form">
      <form className="form tk-form" onSubmit={submit} noValidate>
        <h2 id={`${id}-title`}>{t('tk.ci.title')}</h2>
        <label>
          {t('tk.ci.percent')}
          <input
            type="number"
            inputMode="numeric"
            min={0}
            max={100}
            step={1}
            value={percent}
            onChange={(e) => {
              setPercent(e.target.value)
              setComplete(false)
            }}
            required
          />
        </label>
        <p className="muted tk-hint">{t('tk.ci.percentHint', { n: progress })}</p>
        {asksComplete && (
          <label className="check">
            <input type="checkbox" checked={complete} onChange={(e) => setComplete(e.target.checked)} />
            <span>{t('tk.ci.confirmComplete')}</span>
          </label>
        )}
        <label>
          {t('tk.ci.note')}
          <textarea
            rows={3}
            maxLength={NOTE_MAX}
            value={note}
            placeholder={t('tk.ci.noteHint', { n: NOTE_MAX })}
            onChange={(e) => setNote(e.target.value)}
            required
          />
        </label>
        <div className="tk-file-field">
          <span id={`${id}-files`}>{t('tk.ci.files', { n: EVIDENCE_MAX })}</span>
          {/* The browser's own "no file chosen" would contradict the list below: a button instead. */}
          <label className={`btn btn-small tk-file-pick${full ? ' tk-file-pick-off' : ''}`}>
            {t('tk.ci.choose')}
            <input
              className="sr-only"
              type="file"
              multiple
              accept={EVIDENCE_ACCEPT}
              aria-labelledby={`${id}-files`}
              aria-describedby={`${id}-files-hint`}
              onChange={choose}
              disabled={full}
            />
          </label>
          <p className="muted tk-hint" id={`${id}-files-hint`}>
            {t('tk.ci.filesHint')}
          </p>
        </div>
        {files.length > 0 && (
          <ul className="tk-files" data-testid="checkin-files">
            {files.map((f) => (
              <li key={f.key} data-state={f.state}>
                <span>{t('tk.ci.fileLine', { name: f.name, size: formatBytes(f.bytes) })}</span>
                {f.state === 'uploading' && <span className="muted">{t('tk.ci.uploading')}</span>}
                {f.state === 'done' && <span className="muted">{t('tk.ci.uploaded')}</span>}
                {f.state === 'failed' && (
                  <span className="form-error" role="alert">
                    {f.problem}
                  </span>
                )}
                {f.state !== 'uploading' && (
                  <button
                    type="button"
                    className="btn btn-small"
                    aria-label={t('tk.ci.removeFile', { name: f.name })}
                    onClick={() => setFiles((list) => list.filter((x) => x.key !== f.key))}
                  >
                    {t('tk.ci.remove')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
        <FormFooter
          busy={send.isPending}
          label={t(asksComplete ? 'tk.ci.submitComplete' : 'tk.ci.submit')}
          problem={problem}
        />
      </form>
    </section>
  )
}
