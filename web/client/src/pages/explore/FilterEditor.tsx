import { useI18n } from '../../i18n/i18n'
import type { MetaView } from '../../lib/types'
import { type DraftFilter, OPERATORS, type Operator } from './draft'

interface Props {
  view: MetaView | undefined
  filters: DraftFilter[]
  onChange: (filters: DraftFilter[]) => void
}

/** Filter rows: member, operator, values (comma separated). */
export function FilterEditor({ view, filters, onChange }: Props) {
  const { t } = useI18n()
  const members = [...(view?.dimensions ?? []).filter((d) => d.type !== 'time'), ...(view?.measures ?? [])]
  const update = (key: number, patch: Partial<DraftFilter>) =>
    onChange(filters.map((f) => (f.key === key ? { ...f, ...patch } : f)))
  const add = () =>
    onChange([
      ...filters,
      {
        key: Math.max(0, ...filters.map((f) => f.key)) + 1,
        member: members[0]?.name ?? '',
        operator: 'equals',
        values: '',
      },
    ])
  return (
    <fieldset className="filter-editor">
      <legend>{t('ex.filters')}</legend>
      {filters.map((f, i) => (
        <div key={f.key} className="filter-row" data-testid="filter-row">
          <label>
            <span className="sr-only">
              {t('ex.member')} {i + 1}
            </span>
            <select value={f.member} onChange={(e) => update(f.key, { member: e.target.value })}>
              {members.map((m) => (
                <option key={m.name} value={m.name}>
                  {m.shortTitle ?? m.title}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span className="sr-only">
              {t('ex.operator')} {i + 1}
            </span>
            <select
              value={f.operator}
              onChange={(e) => update(f.key, { operator: e.target.value as Operator })}
            >
              {OPERATORS.map((op) => (
                <option key={op} value={op}>
                  {t(`op.${op}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="grow">
            <span className="sr-only">
              {t('ex.values')} {i + 1}
            </span>
            <input
              value={f.values}
              placeholder={t('ex.values')}
              disabled={f.operator === 'set' || f.operator === 'notSet'}
              onChange={(e) => update(f.key, { values: e.target.value })}
            />
          </label>
          <button
            type="button"
            className="btn btn-small"
            onClick={() => onChange(filters.filter((x) => x.key !== f.key))}
          >
            {t('ex.remove')}
          </button>
        </div>
      ))}
      <button type="button" className="btn btn-small" onClick={add} disabled={members.length === 0}>
        {t('ex.addFilter')}
      </button>
    </fieldset>
  )
}
