import { useEffect, useId, useRef, useState } from 'react'
import { useI18n } from '../../i18n/i18n'
import {
  CHANNELS,
  channelLabel,
  DELIVERY_STATUSES,
  deliveryStatusLabel,
  ORIGINS,
  originLabel,
} from '../../lib/alerts'

export interface LogFilter {
  status?: string
  channel?: string
  origin?: string
  recipient?: string
}

/** Waits this long after the last key before searching by recipient. */
const TYPING_MS = 350

/** The delivery log's filters: 状态, 渠道, 来源 and a recipient search. */
export function DeliveryFilters({
  filter,
  onChange,
}: {
  filter: LogFilter
  onChange: (f: LogFilter) => void
}) {
  const { t } = useI18n()
  const id = useId()
  const set = (patch: LogFilter) => onChange({ ...filter, ...patch })
  const [q, setQ] = useState(filter.recipient ?? '')
  const latest = useRef({ filter, onChange })
  latest.current = { filter, onChange }
  useEffect(() => {
    const typed = q.trim()
    if (typed === (latest.current.filter.recipient ?? '')) return
    const timer = setTimeout(() => {
      const { filter: f, onChange: change } = latest.current
      change({ ...f, recipient: typed || undefined })
    }, TYPING_MS)
    return () => clearTimeout(timer)
  }, [q])
  const select = (
    key: 'status' | 'channel' | 'origin',
    label: string,
    codes: readonly string[],
    word: (code: string) => string,
  ) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <select
        id={`${id}-${key}`}
        value={filter[key] ?? ''}
        onChange={(e) => set({ [key]: e.target.value || undefined })}
      >
        <option value="">{t('filter.all')}</option>
        {codes.map((c) => (
          <option key={c} value={c}>
            {word(c)}
          </option>
        ))}
      </select>
    </div>
  )
  return (
    <form className="filters" aria-label={t('al.log.filters')} onSubmit={(e) => e.preventDefault()}>
      {select('status', t('al.log.status'), DELIVERY_STATUSES, (c) => deliveryStatusLabel(t, c))}
      {select('channel', t('al.log.channel'), CHANNELS, (c) => channelLabel(t, c))}
      {select('origin', t('al.log.origin'), ORIGINS, (c) => originLabel(t, c))}
      <div className="field">
        <label htmlFor={`${id}-q`}>{t('al.log.recipient')}</label>
        <input
          id={`${id}-q`}
          type="search"
          value={q}
          maxLength={100}
          placeholder={t('al.log.recipientHint')}
          onChange={(e) => setQ(e.target.value)}
        />
      </div>
      {filter.status || filter.channel || filter.origin || filter.recipient ? (
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
