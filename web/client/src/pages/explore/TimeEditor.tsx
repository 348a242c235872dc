import { useId } from 'react'
import { useI18n } from '../../i18n/i18n'
import type { MetaView } from '../../lib/types'
import { type Draft, GRANULARITIES, type Granularity, timeDimensionsOf } from './draft'

interface Props {
  view: MetaView | undefined
  draft: Draft
  onChange: (patch: Partial<Draft>) => void
  /** Why the date range cannot be queried, shown under the dates; null when it can. */
  error: string | null
}

/** Time dimension, granularity and date range (a wrong range is named here, before any query). */
export function TimeEditor({ view, draft, onChange, error }: Props) {
  const { t } = useI18n()
  const id = useId()
  const dims = timeDimensionsOf(view)
  const off = !draft.timeDimension
  return (
    <fieldset className="builder-row">
      <legend>{t('ex.time')}</legend>
      <div className="field">
        <label htmlFor={`${id}-td`}>{t('ex.timeDim')}</label>
        <select
          id={`${id}-td`}
          value={draft.timeDimension}
          onChange={(e) => onChange({ timeDimension: e.target.value })}
        >
          <option value="">{t('ex.none')}</option>
          {dims.map((d) => (
            <option key={d.name} value={d.name}>
              {d.shortTitle ?? d.title}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-gran`}>{t('ex.granularity')}</label>
        <select
          id={`${id}-gran`}
          value={draft.granularity}
          disabled={off}
          onChange={(e) => onChange({ granularity: e.target.value as Granularity })}
        >
          {GRANULARITIES.map((g) => (
            <option key={g} value={g}>
              {t(`gran.${g}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-from`}>{t('ex.from')}</label>
        <input
          id={`${id}-from`}
          type="date"
          value={draft.from}
          disabled={off}
          aria-invalid={Boolean(error)}
          aria-describedby={error ? `${id}-date-error` : undefined}
          onChange={(e) => onChange({ from: e.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-to`}>{t('ex.to')}</label>
        <input
          id={`${id}-to`}
          type="date"
          value={draft.to}
          disabled={off}
          aria-invalid={Boolean(error)}
          aria-describedby={error ? `${id}-date-error` : undefined}
          onChange={(e) => onChange({ to: e.target.value })}
        />
      </div>
      {error && (
        <p id={`${id}-date-error`} role="alert" className="form-error ex-date-error" data-testid="date-error">
          {error}
        </p>
      )}
    </fieldset>
  )
}
