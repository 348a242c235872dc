import { useMutation } from '@tanstack/react-query'
import { type FormEvent, useEffect, useId, useState } from 'react'
import { useI18n } from '../../i18n/i18n'
import { isEmail, type Subscriptions } from '../../lib/alerts'
import { errorMessage } from '../../lib/errors'
import { formatTime } from '../../lib/format'
import type { Inputs } from '../../lib/types'
import { useTRPC } from '../../trpc'
import { useRefreshAlerts } from './refresh'

type Kind = Inputs['alerts']['subscribe']['kind']

interface Props {
  kind: string
  label: string
  current: Subscriptions['rows'][number] | null
  emailEnabled: boolean
}

/** One thing to subscribe to: a switch, its state in words, and the optional email address. */
export function SubscriptionItem({ kind, label, current, emailEnabled }: Props) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const id = useId()
  const refresh = useRefreshAlerts()
  const [email, setEmail] = useState(current?.email ?? '')
  // The box follows the saved address when it changes (saved here or elsewhere).
  const saved = current?.email ?? ''
  useEffect(() => setEmail(saved), [saved])
  const [problem, setProblem] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const settle = {
    onMutate: () => {
      setProblem(null)
      setDone(null)
    },
    onError: (err: unknown) => setProblem(errorMessage(err)),
    onSettled: () => refresh(),
  }
  const subscribe = useMutation(trpc.alerts.subscribe.mutationOptions(settle))
  const unsubscribe = useMutation(trpc.alerts.unsubscribe.mutationOptions(settle))
  const busy = subscribe.isPending || unsubscribe.isPending
  const typed = email.trim()
  const emailChanged = typed !== saved

  /** Subscribes, or saves the address of a subscription, after checking it. */
  const save = (message: string) => {
    if (emailEnabled && typed && !isEmail(typed)) return setProblem(t('sub.badEmail'))
    subscribe.mutate(
      { kind: kind as Kind, email: emailEnabled && typed ? typed : (current?.email ?? null) },
      { onSuccess: () => setDone(message) },
    )
  }
  const toggle = (on: boolean) => {
    if (on) return save(t('sub.done', { name: label }))
    if (current)
      unsubscribe.mutate({ id: current.id }, { onSuccess: () => setDone(t('sub.undone', { name: label })) })
  }
  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (current && emailChanged) save(t('sub.emailSaved', { name: label }))
    else if (!current) save(t('sub.done', { name: label }))
  }

  return (
    <li className="al-sub" data-kind={kind} data-subscribed={Boolean(current)}>
      <form className="al-sub-form" onSubmit={submit} noValidate>
        <div className="al-sub-head">
          <label className="check al-switch">
            <input
              type="checkbox"
              role="switch"
              aria-checked={Boolean(current)}
              checked={Boolean(current)}
              disabled={busy}
              onChange={(e) => toggle(e.target.checked)}
            />
            <span className="al-sub-label">{label}</span>
          </label>
          <span className={current ? 'badge run-succeeded' : 'badge al-badge-off'} data-testid="sub-state">
            {current ? t('sub.subscribed') : t('sub.notSubscribed')}
          </span>
          {current ? (
            <span className="muted small">{t('sub.since', { time: formatTime(current.created_at) })}</span>
          ) : null}
        </div>
        <div className="al-sub-email">
          <label htmlFor={`${id}-email`}>{t('sub.email')}</label>
          <div className="al-sub-email-row">
            <input
              id={`${id}-email`}
              type="email"
              inputMode="email"
              autoComplete="email"
              maxLength={200}
              value={email}
              placeholder={t('sub.emailPlaceholder')}
              disabled={!emailEnabled || busy}
              aria-invalid={problem === t('sub.badEmail') || undefined}
              onChange={(e) => setEmail(e.target.value)}
            />
            {current && emailChanged && emailEnabled ? (
              <button type="submit" className="btn btn-small" disabled={busy}>
                {t('sub.saveEmail')}
              </button>
            ) : null}
          </div>
        </div>
        {problem ? (
          <p className="form-error" role="alert">
            {problem}
          </p>
        ) : null}
        {done && !problem ? (
          <p className="muted small" role="status">
            {done}
          </p>
        ) : null}
      </form>
    </li>
  )
}
