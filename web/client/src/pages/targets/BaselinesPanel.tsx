import { useQuery } from '@tanstack/react-query'
import { useId, useState } from 'react'
import { Panel } from '../../components/Panel'
import { useI18n } from '../../i18n/i18n'
import { currentPlan, planLabel } from '../../lib/plans'
import { usePlans } from '../../lib/usePlans'
import { useTRPC } from '../../trpc'
import { BaselineItem } from './BaselineItem'

/**
 * 基线维护 (evaluators, admins): the indicators of a plan that states no baseline, each with
 * the baseline in force, the yearly targets derived from it, a form to record or clear one
 * (value and 来源说明) and every change with who and when.
 */
export function BaselinesPanel() {
  const { t, lang } = useI18n()
  const trpc = useTRPC()
  const id = useId()
  const plans = usePlans()
  const [chosen, setChosen] = useState<string | null>(null)
  const planId = chosen ?? (plans.data ? currentPlan(plans.data)?.id : undefined)
  const list = useQuery({
    ...trpc.targets.baselines.queryOptions({ plan: planId }),
    enabled: planId !== undefined,
  })
  const data = list.data
  // Only where a baseline matters: the plan leaves years without a target (or one was recorded).
  const rows = data?.indicators.filter((i) => !i.stated && (i.fills_years || i.history.length > 0)) ?? []
  const picker =
    plans.data && plans.data.length > 1 ? (
      <div className="field">
        <label htmlFor={`${id}-plan`}>{t('bl.plan')}</label>
        <select id={`${id}-plan`} value={planId ?? ''} onChange={(e) => setChosen(e.target.value)}>
          {plans.data.map((p) => (
            <option key={p.id} value={p.id}>
              {planLabel(p, lang)}
            </option>
          ))}
        </select>
      </div>
    ) : null
  return (
    <Panel
      title={t('bl.title')}
      isPending={plans.isPending || list.isPending}
      error={plans.error ?? list.error}
      onRetry={() => (plans.error ? plans.refetch() : list.refetch())}
      actions={picker}
      testId="baselines"
    >
      <div className="stack">
        <p className="muted">{t('bl.intro')}</p>
        <p className="muted">{t('bl.rule')}</p>
        {data && rows.length === 0 ? <p>{t('bl.none')}</p> : null}
        {data
          ? rows.map((row) => (
              <BaselineItem key={`${data.plan.id}:${row.id}`} plan={data.plan.id} row={row} />
            ))
          : null}
      </div>
    </Panel>
  )
}
