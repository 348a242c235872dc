import type { ReactNode } from 'react'
import { useI18n } from '../i18n/i18n'
import { errorMessage } from '../lib/errors'

interface Props {
  isPending: boolean
  error: unknown
  isEmpty?: boolean
  onRetry?: () => void
  /** Shown instead of the generic "no data" text. */
  emptyText?: string
  children: ReactNode
}

/** Every chart and table goes through this: explicit loading, error and empty states. */
export function QueryState({ isPending, error, isEmpty, onRetry, emptyText, children }: Props) {
  const { t, lang } = useI18n()
  if (error) {
    return (
      <div className="state state-error" role="alert">
        <strong>{t('error')}</strong>
        <span>{errorMessage(error, lang)}</span>
        {onRetry && (
          <button type="button" className="btn btn-small" onClick={onRetry}>
            {t('retry')}
          </button>
        )}
      </div>
    )
  }
  if (isPending) return <Loading />
  if (isEmpty) {
    return (
      <div className="state state-empty" role="status">
        {emptyText ?? t('empty')}
      </div>
    )
  }
  return <>{children}</>
}

/** 加载中: a spinner and the word, announced politely. */
export function Loading() {
  const { t } = useI18n()
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {t('loading')}
    </div>
  )
}
