import { useMutation, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useId, useState } from 'react'
import { useI18n } from '../../i18n/i18n'
import { errorMessage } from '../../lib/errors'
import { formatTime } from '../../lib/format'
import type { Me } from '../../lib/types'
import { useTRPC, useTRPCClient } from '../../trpc'
import { ConfirmAction } from './ConfirmAction'
import { personName } from './format'
import type { RankingScope, RankingView } from './types'

interface Props {
  me: Me
  scope: RankingScope
  view: RankingView
  /** e.g. "2025年度部门排名" */
  what: string
}

/**
 * Container: a published ranking is withdrawn in two steps by two people — a request with
 * a reason, then another evaluator's or an admin's approval (the server enforces both).
 */
export function WithdrawPanel({ me, scope, view, what }: Props) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const client = useTRPCClient()
  const queryClient = useQueryClient()
  const id = useId()
  const [reason, setReason] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries(trpc.ranking.get.pathFilter()),
      queryClient.invalidateQueries(trpc.ranking.history.pathFilter()),
    ])
  const request = useMutation({
    mutationFn: () => client.ranking.requestWithdraw.mutate({ ...scope, reason: reason.trim() }),
    onSuccess: refresh,
  })
  const approve = useMutation({
    mutationFn: () => client.ranking.approveWithdraw.mutate(scope),
    onSuccess: refresh,
  })
  const pub = view.publication
  if (!pub) return null
  const error = request.error ?? approve.error

  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (!reason.trim()) {
      setProblem(t('rk.withdraw.needReason'))
      return
    }
    setProblem(null)
    request.mutate()
  }

  return (
    <div className="rk-withdraw" data-testid="withdraw">
      {pub.withdraw_requested_by ? (
        <>
          <p>
            {t('rk.withdraw.pending', {
              who: personName(pub.withdraw_requested_by, view.people, t),
              when: formatTime(pub.withdraw_requested_at),
              reason: pub.withdraw_reason ?? '',
            })}
          </p>
          {pub.withdraw_requested_by === me.username ? (
            <p className="muted">{t('rk.withdraw.own')}</p>
          ) : (
            <ConfirmAction
              label={t('rk.withdraw.approve')}
              question={t('rk.withdraw.ask', { what })}
              confirmLabel={t('rk.withdraw.confirm')}
              busy={approve.isPending}
              onConfirm={() => approve.mutate()}
            />
          )}
        </>
      ) : (
        <form className="rk-withdraw" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
          <h3 id={`${id}-title`}>{t('rk.withdraw.title')}</h3>
          <p className="muted">{t('rk.withdraw.hint')}</p>
          <label>
            {t('rk.withdraw.reason')}
            <textarea rows={2} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
          <button type="submit" className="btn" disabled={request.isPending}>
            {t('rk.withdraw.request')}
          </button>
        </form>
      )}
      {(problem || error) && (
        <p role="alert" className="form-error">
          {problem ?? errorMessage(error)}
        </p>
      )}
    </div>
  )
}
