import { useI18n } from '../../i18n/i18n'
import { type PlanChoice, planLabel, planYears } from '../../lib/plans'

interface Props {
  plans: readonly PlanChoice[]
  /** null while the plans load. */
  year: number | null
  onChange: (year: number) => void
}

/**
 * The template's year: every plan year in order, grouped by plan (named with its period)
 * when there are several; with one plan, its name before the choice (as in the scope bars).
 */
export function TemplateYearSelect({ plans, year, onChange }: Props) {
  const { t, lang } = useI18n()
  const options = (p: PlanChoice) =>
    planYears(p).map((y) => (
      <option key={y} value={y}>
        {y}
      </option>
    ))
  return (
    <>
      {plans.length === 1 && (
        <p className="plan-name" data-testid="plan-name">
          {t('plan.named', { name: planLabel(plans[0]!, lang) })}
        </p>
      )}
      <label>
        {t('tg.year')}
        <select
          value={year ?? ''}
          disabled={year === null}
          onChange={(e) => onChange(Number(e.target.value))}
          data-testid="template-year"
        >
          {plans.length > 1
            ? plans.map((p) => (
                <optgroup key={p.id} label={planLabel(p, lang)}>
                  {options(p)}
                </optgroup>
              ))
            : plans.map(options)}
        </select>
      </label>
    </>
  )
}
