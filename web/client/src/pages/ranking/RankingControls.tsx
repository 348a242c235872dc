import { useId } from 'react'
import { PlanField } from '../../components/PlanField'
import { useI18n } from '../../i18n/i18n'
import type { PlanChoice } from '../../lib/plans'
import { indexCount, PERIOD_TYPES, UNIT_TYPES } from './period'
import type { Period, PeriodType, RankingScope } from './types'

interface Props {
  scope: RankingScope
  plans: readonly PlanChoice[]
  /** The plan the period's year belongs to. */
  plan: PlanChoice
  /** Another plan was chosen (the page moves to its default year). */
  onPlan: (plan: PlanChoice) => void | Promise<void>
  /** The years to choose from: the plan's. */
  years: number[]
  onChange: (scope: RankingScope) => void
}

/**
 * Presentational: the plan, unit type switch (部门 / 镇街) and the period picker (year,
 * optional quarter or month).
 */
export function RankingControls({ scope, plans, plan, onPlan, years, onChange }: Props) {
  const { t } = useI18n()
  const id = useId()
  const { period } = scope
  const type: PeriodType = period.type ?? 'year'
  const setPeriod = (p: Period) => onChange({ ...scope, period: p })
  const setType = (next: PeriodType) =>
    setPeriod(
      next === 'year' ? { type: next, year: period.year } : { type: next, year: period.year, index: 1 },
    )
  const n = indexCount(type)
  return (
    <form className="filters" aria-label={t('filter.label')} onSubmit={(e) => e.preventDefault()}>
      <PlanField plans={plans} plan={plan} onChange={onPlan} />
      <fieldset className="field segmented-field">
        <legend className="field-label">{t('rk.unitType')}</legend>
        <div className="segmented">
          {UNIT_TYPES.map((u) => (
            <button
              key={u}
              type="button"
              className="btn"
              aria-pressed={scope.unitType === u}
              onClick={() => onChange({ ...scope, unitType: u })}
            >
              {t(`rk.unit.${u}`)}
            </button>
          ))}
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-year`}>{t('filter.year')}</label>
        <select
          id={`${id}-year`}
          value={period.year}
          onChange={(e) => setPeriod({ ...period, year: Number(e.target.value) })}
        >
          {years.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-type`}>{t('rk.periodType')}</label>
        <select id={`${id}-type`} value={type} onChange={(e) => setType(e.target.value as PeriodType)}>
          {PERIOD_TYPES.map((p) => (
            <option key={p} value={p}>
              {t(`rk.period.${p}`)}
            </option>
          ))}
        </select>
      </div>
      {n > 0 && (
        <div className="field">
          <label htmlFor={`${id}-index`}>{t(type === 'quarter' ? 'rk.quarterLabel' : 'rk.monthLabel')}</label>
          <select
            id={`${id}-index`}
            value={period.index ?? 1}
            onChange={(e) => setPeriod({ ...period, index: Number(e.target.value) })}
          >
            {Array.from({ length: n }, (_, i) => i + 1).map((i) => (
              <option key={i} value={i}>
                {t(type === 'quarter' ? 'rk.quarter' : 'rk.month', { n: i })}
              </option>
            ))}
          </select>
        </div>
      )}
    </form>
  )
}
