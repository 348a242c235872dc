import { useId } from 'react'
import { useI18n } from '../../i18n/i18n'
import type { MetaView } from '../../lib/types'
import type { Draft } from './draft'

interface Props {
  view: MetaView | undefined
  draft: Draft
  onChange: (patch: Partial<Draft>) => void
}

/** Order by one selected member, and the row limit. */
export function OrderEditor({ view, draft, onChange }: Props) {
  const { t } = useI18n()
  const id = useId()
  const all = [...(view?.measures ?? []), ...(view?.dimensions ?? [])]
  const selectable = all.filter(
    (m) =>
      draft.measures.includes(m.name) || draft.dimensions.includes(m.name) || m.name === draft.timeDimension,
  )
  return (
    <fieldset className="builder-row">
      <legend>{t('ex.orderLimit')}</legend>
      <div className="field">
        <label htmlFor={`${id}-order`}>{t('ex.order')}</label>
        <select
          id={`${id}-order`}
          value={draft.orderMember}
          onChange={(e) => onChange({ orderMember: e.target.value })}
        >
          <option value="">{t('ex.none')}</option>
          {selectable.map((m) => (
            <option key={m.name} value={m.name}>
              {m.shortTitle ?? m.title}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-dir`} className="sr-only">
          {t('ex.orderDir')}
        </label>
        <select
          id={`${id}-dir`}
          value={draft.orderDir}
          disabled={!draft.orderMember}
          onChange={(e) => onChange({ orderDir: e.target.value as 'asc' | 'desc' })}
        >
          <option value="desc">{t('ex.desc')}</option>
          <option value="asc">{t('ex.asc')}</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-limit`}>{t('ex.limit')}</label>
        <input
          id={`${id}-limit`}
          type="number"
          min={1}
          max={50000}
          value={draft.limit}
          onChange={(e) => onChange({ limit: Math.min(50_000, Math.max(1, Number(e.target.value) || 1)) })}
        />
      </div>
    </fieldset>
  )
}
