import { useMutation } from '@tanstack/react-query'
import { useId, useState } from 'react'
import { useI18n } from '../../i18n/i18n'
import { errorMessage } from '../../lib/errors'
import { useTRPC } from '../../trpc'
import { useRefreshTasks } from './refresh'

const REASON_MAX = 500

interface Props {
  plan: string
  checkinId: number
  /** The check-in asks for the task to be confirmed complete (100%). */
  completes: boolean
}

/** 审核 (evaluators, admins) on the pending check-in: 通过, or 退回 with a reason. */
export function ReviewForm({ plan, checkinId, completes }: Props) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const refresh = useRefreshTasks()
  const id = useId()
  const [reason, setReason] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const review = useMutation(
    trpc.tasks.review.mutationOptions({
      onSuccess: () => refresh(),
      onError: (err) => setProblem(errorMessage(err)),
    }),
  )
  const decide = (decision: 'accept' | 'return') => {
    if (decision === 'return' && !reason.trim()) return setProblem(t('tk.rv.needReason'))
    setProblem(null)
    review.mutate({ plan, checkinId, decision, reason: reason.trim() })
  }
  return (
    <form
      className="form tk-form"
      aria-labelledby={`${id}-title`}
      data-testid="review-form"
      onSubmit={(e) => e.preventDefault()}
      noValidate
    >
      <h3 id={`${id}-title`}>{t('tk.rv.title')}</h3>
      {completes && <p className="muted">{t('tk.rv.completes')}</p>}
      <label>
        {t('tk.rv.reason')}
        <textarea
          rows={2}
          maxLength={REASON_MAX}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </label>
      <div className="tk-actions">
        <button
          type="button"
          className="btn btn-primary"
          disabled={review.isPending}
          onClick={() => decide('accept')}
        >
          {t('tk.rv.accept')}
        </button>
        <button type="button" className="btn" disabled={review.isPending} onClick={() => decide('return')}>
          {t('tk.rv.return')}
        </button>
      </div>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
    </form>
  )
}
