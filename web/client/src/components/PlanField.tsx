import { useId, useState } from 'react'
import { useI18n } from '../i18n/i18n'
import { type PlanChoice, planLabel } from '../lib/plans'

interface Props {
  plans: readonly PlanChoice[]
  /** The plan the page's year belongs to. */
  plan: PlanChoice
  /** Another plan was chosen; the page moves to that plan's default year. */
  onChange: (plan: PlanChoice) => void | Promise<void>
}

/**
 * The scope bar's plan: a chooser (规划) when there are several plans, else the plan's name and
 * period as quiet text. Disabled while a switch resolves the new plan's default year.
 */
export function PlanField({ plans, plan, onChange }: Props) {
  const { t, lang } = useI18n()
  const id = useId()
  const [switching, setSwitching] = useState(false)
  if (plans.length < 2) {
    return (
      <p className="plan-name" data-testid="plan-name">
        {t('plan.named', { name: planLabel(plan, lang) })}
      </p>
    )
  }
  const choose = async (planId: string) => {
    const next = plans.find((p) => p.id === planId)
    if (!next || next.id === plan.id) return
    setSwitching(true)
    try {
      await onChange(next)
    } finally {
      setSwitching(false)
    }
  }
  return (
    <div className="field plan-field">
      <label htmlFor={`${id}-plan`}>{t('plan.label')}</label>
      <select
        id={`${id}-plan`}
        value={plan.id}
        disabled={switching}
        aria-busy={switching}
        onChange={(e) => void choose(e.target.value)}
      >
        {plans.map((p) => (
          <option key={p.id} value={p.id}>
            {planLabel(p, lang)}
          </option>
        ))}
      </select>
    </div>
  )
}
