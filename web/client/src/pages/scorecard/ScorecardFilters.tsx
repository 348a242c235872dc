import { useQuery } from '@tanstack/react-query'
import { useId } from 'react'
import { NamedOptions } from '../../components/NamedOptions'
import { PlanField } from '../../components/PlanField'
import { useI18n } from '../../i18n/i18n'
import type { PlanChoice } from '../../lib/plans'
import type { Scope } from '../../lib/scope'
import { useTRPC } from '../../trpc'

interface Props {
  scope: Scope
  plans: readonly PlanChoice[]
  /** The plan the scope's year belongs to. */
  plan: PlanChoice
  /** Another plan was chosen (the page moves to its default year). */
  onPlan: (plan: PlanChoice) => void | Promise<void>
  /** The years to choose from: the plan's. */
  years: number[]
  showRegionFilters: boolean
  onChange: (scope: Scope) => void
}

export function ScorecardFilters({ scope, plans, plan, onPlan, years, showRegionFilters, onChange }: Props) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const id = useId()
  const towns = useQuery({ ...trpc.reference.towns.queryOptions(), enabled: showRegionFilters })
  const depts = useQuery({ ...trpc.reference.departments.queryOptions(), enabled: showRegionFilters })
  const set = (patch: Partial<Scope>) => onChange({ ...scope, ...patch })
  return (
    <form className="filters" aria-label={t('filter.label')} onSubmit={(e) => e.preventDefault()}>
      <PlanField plans={plans} plan={plan} onChange={onPlan} />
      <div className="field">
        <label htmlFor={`${id}-year`}>{t('filter.year')}</label>
        <select
          id={`${id}-year`}
          value={scope.year}
          // A new year drops the as-of date, which must fall inside it.
          onChange={(e) => onChange({ ...scope, year: Number(e.target.value), asOf: undefined })}
        >
          {years.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-asof`}>{t('filter.asOf')}</label>
        <input
          id={`${id}-asof`}
          type="date"
          min={`${scope.year}-01-01`}
          max={`${scope.year}-12-31`}
          value={scope.asOf ?? ''}
          onChange={(e) => set({ asOf: e.target.value || undefined })}
        />
      </div>
      {showRegionFilters && (
        <>
          <div className="field">
            <label htmlFor={`${id}-town`}>{t('filter.town')}</label>
            <select
              id={`${id}-town`}
              value={scope.regionCode ?? ''}
              disabled={towns.isPending}
              onChange={(e) => set({ regionCode: e.target.value || undefined, drill: undefined })}
            >
              <NamedOptions empty={t('filter.allDistrict')} items={towns.data} />
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-dept`}>{t('filter.dept')}</label>
            <select
              id={`${id}-dept`}
              value={scope.deptCode ?? ''}
              disabled={depts.isPending}
              onChange={(e) => set({ deptCode: e.target.value || undefined })}
            >
              <NamedOptions empty={t('filter.all')} items={depts.data} />
            </select>
          </div>
        </>
      )}
      {(scope.asOf || scope.regionCode || scope.deptCode) && (
        <button type="button" className="btn btn-small" onClick={() => onChange({ year: scope.year })}>
          {t('filter.clear')}
        </button>
      )}
    </form>
  )
}
