import { useEffect, useId, useRef, useState } from 'react'
import { useI18n } from '../../i18n/i18n'
import { type AuditFacets, actionLabel } from '../../lib/audit'

export interface AuditFilter {
  actor?: string | undefined
  action?: string | undefined
  target?: string | undefined
  /** Days (YYYY-MM-DD, Beijing time), both included. */
  fromDay?: string | undefined
  toDay?: string | undefined
}

/** Waits this long after the last key before searching by object. */
const TYPING_MS = 350

/** 操作人, 操作 (the ones the log holds), a search in the object, and a date range. */
export function AuditFilters({
  filter,
  facets,
  onChange,
}: {
  filter: AuditFilter
  facets: AuditFacets | undefined
  onChange: (f: AuditFilter) => void
}) {
  const { t } = useI18n()
  const id = useId()
  const set = (patch: AuditFilter) => onChange({ ...filter, ...patch })
  const [q, setQ] = useState(filter.target ?? '')
  const latest = useRef({ filter, onChange })
  latest.current = { filter, onChange }
  useEffect(() => {
    const typed = q.trim()
    if (typed === (latest.current.filter.target ?? '')) return
    const timer = setTimeout(() => {
      const { filter: f, onChange: change } = latest.current
      change({ ...f, target: typed || undefined })
    }, TYPING_MS)
    return () => clearTimeout(timer)
  }, [q])
  const any = Object.values(filter).some(Boolean)
  return (
    <form className="filters au-filters" aria-label={t('au.filters')} onSubmit={(e) => e.preventDefault()}>
      <div className="field">
        <label htmlFor={`${id}-actor`}>{t('au.actor')}</label>
        <select
          id={`${id}-actor`}
          value={filter.actor ?? ''}
          onChange={(e) => set({ actor: e.target.value || undefined })}
        >
          <option value="">{t('filter.all')}</option>
          {(facets?.actors ?? []).map((a) => (
            <option key={a.username} value={a.username}>
              {a.system || a.name === a.username ? a.name : `${a.name}（${a.username}）`}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-action`}>{t('au.action')}</label>
        <select
          id={`${id}-action`}
          value={filter.action ?? ''}
          onChange={(e) => set({ action: e.target.value || undefined })}
        >
          <option value="">{t('filter.all')}</option>
          {(facets?.actions ?? []).map((a) => (
            <option key={a} value={a}>
              {actionLabel(t, a)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-q`}>{t('au.target')}</label>
        <input
          id={`${id}-q`}
          type="search"
          value={q}
          maxLength={100}
          placeholder={t('au.targetHint')}
          onChange={(e) => setQ(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-from`}>{t('au.from')}</label>
        <input
          id={`${id}-from`}
          type="date"
          value={filter.fromDay ?? ''}
          onChange={(e) => set({ fromDay: e.target.value || undefined })}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-to`}>{t('au.to')}</label>
        <input
          id={`${id}-to`}
          type="date"
          value={filter.toDay ?? ''}
          onChange={(e) => set({ toDay: e.target.value || undefined })}
        />
      </div>
      {any ? (
        <button
          type="button"
          className="btn btn-small"
          onClick={() => {
            setQ('')
            onChange({})
          }}
        >
          {t('filter.clear')}
        </button>
      ) : null}
    </form>
  )
}
