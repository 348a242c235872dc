import { useMutation } from '@tanstack/react-query'
import { type FormEvent, useEffect, useRef, useState } from 'react'
import { useI18n } from '../i18n/i18n'
import { errorMessage } from '../lib/errors'
import { useTRPC } from '../trpc'

interface Props {
  open: boolean
  onClose: () => void
  /** The server ends every session on a password change: the app signs in again. */
  onChanged: () => void
}

/** A native modal <dialog>: focus is trapped and Esc closes it. */
export function ChangePasswordDialog({ open, onClose, onChanged }: Props) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const ref = useRef<HTMLDialogElement>(null)
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState('')
  const [confirm, setConfirm] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const change = useMutation(trpc.auth.changePassword.mutationOptions())

  useEffect(() => {
    const d = ref.current
    if (!d) return
    if (open && !d.open) d.showModal()
    if (!open && d.open) d.close()
  }, [open])

  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (next !== confirm) {
      setProblem(t('pw.mismatch'))
      return
    }
    setProblem(null)
    change.mutate(
      { current, next },
      {
        onSuccess: () => {
          setCurrent('')
          setNext('')
          setConfirm('')
          onChanged()
        },
      },
    )
  }

  const message = problem ?? (change.error ? errorMessage(change.error) : null)
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="pw-title" onClose={onClose}>
      <form onSubmit={submit} className="form">
        <h2 id="pw-title">{t('changePassword')}</h2>
        <label>
          {t('pw.current')}
          <input
            type="password"
            autoComplete="current-password"
            required
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
          />
        </label>
        <label>
          {t('pw.next')}
          <input
            type="password"
            autoComplete="new-password"
            required
            value={next}
            onChange={(e) => setNext(e.target.value)}
          />
        </label>
        <label>
          {t('pw.confirm')}
          <input
            type="password"
            autoComplete="new-password"
            required
            value={confirm}
            onChange={(e) => setConfirm(e.target.value)}
          />
        </label>
        {message && (
          <p className="form-error" role="alert">
            {message}
          </p>
        )}
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={change.isPending}>
            {t('save')}
          </button>
        </div>
      </form>
    </dialog>
  )
}
