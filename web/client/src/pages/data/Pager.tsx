import { useI18n } from '../../i18n/i18n'

interface Props {
  offset: number
  limit: number
  total: number
  onChange: (offset: number) => void
  testId?: string
}

/** Previous/next over a server-side paged list, with where we are in it. */
export function Pager({ offset, limit, total, onChange, testId }: Props) {
  const { t } = useI18n()
  if (total <= 0) return null
  const to = Math.min(total, offset + limit)
  return (
    <nav className="pager" aria-label={t('ds.pager')} data-testid={testId}>
      <button
        type="button"
        className="btn btn-small"
        disabled={offset === 0}
        onClick={() => onChange(Math.max(0, offset - limit))}
      >
        {t('ds.prev')}
      </button>
      <span className="pager-info" aria-live="polite">
        {t('ds.pageInfo', { from: offset + 1, to, total })}
      </span>
      <button
        type="button"
        className="btn btn-small"
        disabled={to >= total}
        onClick={() => onChange(offset + limit)}
      >
        {t('ds.next')}
      </button>
    </nav>
  )
}
