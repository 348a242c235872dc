import { type FormEvent, useId } from 'react'
import { useI18n } from '../../i18n/i18n'
import type { MetaView } from '../../lib/types'
import { type Draft, initialDraft, plainDimensionsOf } from './draft'
import { FilterEditor } from './FilterEditor'
import { modelText } from './labels'
import { MemberChecklist } from './MemberChecklist'
import { OrderEditor } from './OrderEditor'
import { TechnicalNames } from './TechnicalNames'
import { TimeEditor } from './TimeEditor'

interface Props {
  views: MetaView[]
  draft: Draft
  onChange: (d: Draft) => void
  canRun: boolean
  onRun: () => void
  /** Why the date range cannot be queried (shown under the dates), or null. */
  dateError: string | null
}

export function QueryBuilder({ views, draft, onChange, canRun, onRun, dateError }: Props) {
  const { t, lang } = useI18n()
  const id = useId()
  const view = views.find((v) => v.name === draft.view)
  const set = (patch: Partial<Draft>) => onChange({ ...draft, ...patch })
  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (canRun) onRun()
  }
  return (
    <form className="card builder" onSubmit={submit} aria-label={t('ex.title')}>
      <div className="builder-row">
        <div className="field">
          <label htmlFor={`${id}-view`}>{t('ex.view')}</label>
          <select
            id={`${id}-view`}
            value={draft.view}
            onChange={(e) => onChange(initialDraft(views.find((v) => v.name === e.target.value)))}
          >
            {views.map((v) => (
              <option key={v.name} value={v.name}>
                {v.title}
              </option>
            ))}
          </select>
        </div>
        {view?.description && <p className="muted">{modelText(view.description, lang)}</p>}
      </div>
      <div className="builder-grid">
        <MemberChecklist
          legend={t('ex.measures')}
          members={view?.measures ?? []}
          selected={draft.measures}
          onChange={(measures) => set({ measures })}
        />
        <MemberChecklist
          legend={t('ex.dimensions')}
          members={plainDimensionsOf(view)}
          selected={draft.dimensions}
          onChange={(dimensions) => set({ dimensions })}
        />
      </div>
      <TimeEditor view={view} draft={draft} onChange={set} error={dateError} />
      <FilterEditor view={view} filters={draft.filters} onChange={(filters) => set({ filters })} />
      <OrderEditor view={view} draft={draft} onChange={set} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={!canRun}>
          {t('ex.run')}
        </button>
      </div>
      <TechnicalNames view={view} draft={draft} />
    </form>
  )
}
