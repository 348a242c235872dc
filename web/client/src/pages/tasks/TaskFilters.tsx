import { useEffect, useId, useRef, useState } from 'react'
import { NamedOptions } from '../../components/NamedOptions'
import { PlanField } from '../../components/PlanField'
import { useI18n } from '../../i18n/i18n'
import type { PlanChoice } from '../../lib/plans'
import {
  deadlineYears,
  hasFilter,
  leadOptions,
  TASK_STATUSES,
  type TaskFilter,
  type TaskRow,
  type TaskStatus,
} from '../../lib/tasks'

interface Props {
  plans: readonly PlanChoice[]
  plan: PlanChoice
  onPlan: (plan: PlanChoice) => void
  /** Every task the caller may see (the choices come from them). */
  tasks: readonly TaskRow[]
  areas: Array<{ code: string; name: string }>
  filter: TaskFilter
  onChange: (filter: TaskFilter) => void
}

/** Waits this long after the last key before the search words go into the address. */
const TYPING_MS = 350

/** The task list's filters: plan, area, lead department, status, deadline year, words. */
export function TaskFilters({ plans, plan, onPlan, tasks, areas, filter, onChange }: Props) {
  const { t } = useI18n()
  const id = useId()
  const set = (patch: Partial<TaskFilter>) => onChange({ ...filter, ...patch })
  // The words filter as typed; the address follows once typing pauses (and the box follows
  // the address when it changes otherwise: back, a link).
  const urlQ = filter.q ?? ''
  const [q, setQ] = useState(urlQ)
  const latest = useRef({ filter, onChange })
  latest.current = { filter, onChange }
  useEffect(() => setQ((typed) => (typed.trim() === urlQ ? typed : urlQ)), [urlQ])
  useEffect(() => {
    if (q.trim() === urlQ) return
    const timer = setTimeout(() => {
      const { filter: f, onChange: change } = latest.current
      change({ ...f, q: q.trim() || undefined })
    }, TYPING_MS)
    return () => clearTimeout(timer)
  }, [q, urlQ])
  const leads = leadOptions(tasks)
  const years = deadlineYears(tasks)
  return (
    <form className="filters tk-filters" aria-label={t('filter.label')} onSubmit={(e) => e.preventDefault()}>
      <PlanField plans={plans} plan={plan} onChange={onPlan} />
      <div className="field">
        <label htmlFor={`${id}-area`}>{t('tk.filter.area')}</label>
        <select
          id={`${id}-area`}
          value={filter.area ?? ''}
          onChange={(e) => set({ area: e.target.value || undefined })}
        >
          <NamedOptions empty={t('filter.all')} items={areas} />
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-lead`}>{t('tk.filter.lead')}</label>
        <select
          id={`${id}-lead`}
          value={filter.lead ?? ''}
          onChange={(e) => set({ lead: e.target.value || undefined })}
        >
          <option value="">{t('filter.all')}</option>
          {leads.map((l) => (
            <option key={l.key} value={l.key}>
              {l.name ?? t('tk.unassigned')}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-status`}>{t('tk.filter.status')}</label>
        <select
          id={`${id}-status`}
          value={filter.status ?? ''}
          onChange={(e) => set({ status: (e.target.value || undefined) as TaskStatus | undefined })}
        >
          <option value="">{t('filter.all')}</option>
          {TASK_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`tk.status.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-due`}>{t('tk.filter.due')}</label>
        <select
          id={`${id}-due`}
          value={filter.due ?? ''}
          onChange={(e) => set({ due: e.target.value ? Number(e.target.value) : undefined })}
        >
          <option value="">{t('filter.all')}</option>
          {years.map((y) => (
            <option key={y} value={y}>
              {t('tk.dueYear', { year: y })}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-q`}>{t('tk.filter.q')}</label>
        <input
          id={`${id}-q`}
          type="search"
          value={q}
          maxLength={60}
          placeholder={t('tk.filter.qHint')}
          onChange={(e) => setQ(e.target.value)}
        />
      </div>
      {hasFilter(filter) && (
        <button type="button" className="btn btn-small" onClick={() => onChange({})}>
          {t('filter.clear')}
        </button>
      )}
    </form>
  )
}
