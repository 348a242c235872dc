import { useMutation, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useId, useState } from 'react'
import { useI18n } from '../../i18n/i18n'
import { errorMessage } from '../../lib/errors'
import { useTRPC } from '../../trpc'
import type { RankingScope } from './types'

interface Props {
  scope: RankingScope
  unitCode: string
  /** why adjusting is not possible now (the period is frozen or published), else null */
  locked: string | null
}

/** Container: adds a manual adjustment (points and a required reason); the ranking reloads after it. */
export function AdjustForm({ scope, unitCode, locked }: Props) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const id = useId()
  const [points, setPoints] = useState('')
  const [reason, setReason] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const adjust = useMutation(
    trpc.ranking.adjust.mutationOptions({
      onSuccess: () => {
        setPoints('')
        setReason('')
        return queryClient.invalidateQueries(trpc.ranking.get.pathFilter())
      },
    }),
  )

  const submit = (e: FormEvent) => {
    e.preventDefault()
    const n = Number(points)
    if (points.trim() === '' || !Number.isFinite(n) || n === 0 || Math.abs(n) > 100) {
      setProblem(t('rk.adjust.needPoints'))
      return
    }
    if (!reason.trim()) {
      setProblem(t('rk.adjust.needReason'))
      return
    }
    setProblem(null)
    adjust.mutate({ ...scope, unitCode, points: n, reason: reason.trim() })
  }

  const message = problem ?? (adjust.error ? errorMessage(adjust.error) : null)
  return (
    <form className="form rk-adjust" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <h3 id={`${id}-title`}>{t('rk.adjust.title')}</h3>
      {locked && <p className="muted">{locked}</p>}
      <fieldset disabled={!!locked || adjust.isPending} className="rk-adjust-fields">
        <label>
          {t('rk.adjust.points')}
          <input
            type="number"
            inputMode="decimal"
            step="0.5"
            min={-100}
            max={100}
            value={points}
            onChange={(e) => setPoints(e.target.value)}
          />
        </label>
        <label className="rk-reason">
          {t('rk.adjust.reason')}
          <textarea
            rows={2}
            maxLength={500}
            required
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </label>
        <button type="submit" className="btn btn-primary">
          {adjust.isPending ? t('rk.adjust.busy') : t('rk.adjust')}
        </button>
      </fieldset>
      <p role="status" className="muted rk-adjust-done">
        {adjust.isSuccess && !problem && !locked ? t('rk.adjust.done') : ''}
      </p>
      {message && (
        <p role="alert" className="form-error">
          {message}
        </p>
      )}
    </form>
  )
}
