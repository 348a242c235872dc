import { useMutation } from '@tanstack/react-query'
import { type FormEvent, useId, useState } from 'react'
import { useI18n } from '../../i18n/i18n'
import { errorMessage } from '../../lib/errors'
import { useTRPC } from '../../trpc'

interface Props {
  username: string
  onClose: () => void
}

/** A new password for an account: generated (shown once) or typed by the admin (policy-checked). */
export function ResetPasswordForm({ username, onClose }: Props) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const id = useId()
  const [mode, setMode] = useState<'generate' | 'set'>('generate')
  const [password, setPassword] = useState('')
  const reset = useMutation(trpc.admin.resetPassword.mutationOptions())

  const submit = (e: FormEvent) => {
    e.preventDefault()
    reset.mutate({ username, ...(mode === 'set' ? { password } : {}) })
  }

  if (reset.data) {
    return (
      <section className="card form" aria-labelledby={`${id}-title`} data-testid="reset-done">
        <h2 id={`${id}-title`}>{t('adm.resetTitle', { name: username })}</h2>
        {reset.data.password ? (
          <>
            <p>{t('adm.oneTime', { name: username })}</p>
            <p className="one-time" data-testid="one-time-password">
              {reset.data.password}
            </p>
          </>
        ) : (
          <p role="status">{t('adm.resetSetDone', { name: username })}</p>
        )}
        <div className="form-actions">
          <button type="button" className="btn btn-primary" onClick={onClose}>
            {t('close')}
          </button>
        </div>
      </section>
    )
  }
  return (
    <form className="card form" onSubmit={submit} aria-labelledby={`${id}-title`} data-testid="reset-form">
      <h2 id={`${id}-title`}>{t('adm.resetTitle', { name: username })}</h2>
      <fieldset>
        <legend className="sr-only">{t('adm.resetPw')}</legend>
        <label className="check">
          <input
            type="radio"
            name="mode"
            checked={mode === 'generate'}
            onChange={() => setMode('generate')}
          />
          {t('adm.resetGenerate')}
        </label>
        <label className="check">
          <input type="radio" name="mode" checked={mode === 'set'} onChange={() => setMode('set')} />
          {t('adm.resetSet')}
        </label>
      </fieldset>
      {mode === 'set' ? (
        <div className="field">
          <label>
            {t('adm.newPassword')}
            <input
              type="password"
              name="new-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              required
              autoComplete="new-password"
              maxLength={256}
              aria-describedby={`${id}-pw-hint`}
            />
          </label>
          <span id={`${id}-pw-hint`} className="small muted">
            {t('adm.passwordHint')}
          </span>
        </div>
      ) : null}
      {reset.error ? (
        <p className="form-error" role="alert">
          {errorMessage(reset.error)}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="button" className="btn" onClick={onClose}>
          {t('adm.cancel')}
        </button>
        <button type="submit" className="btn btn-primary" disabled={reset.isPending}>
          {t('adm.resetDo')}
        </button>
      </div>
    </form>
  )
}
