import { useQuery } from '@tanstack/react-query'
import { useId } from 'react'
import { Panel } from '../../components/Panel'
import { useI18n } from '../../i18n/i18n'
import { fileUrl } from '../../lib/download'
import { planLabel } from '../../lib/plans'
import { navigate, useRoute } from '../../lib/router'
import { usePlans } from '../../lib/usePlans'
import { useTRPC } from '../../trpc'
import { Downloads } from '../ranking/Downloads'
import { FinalSummary } from './FinalSummary'
import { FinalTable } from './FinalTable'
import { FINAL_TASKS_TITLE, FinalTasks } from './FinalTasks'
import { closedPlans, finalParams, type PlanChoice, pickPlan } from './final'
import '../ranking/ranking.css'
import './final.css'

/**
 * 终期评估: the final evaluation of a plan that is over — how many plan-end targets were met,
 * by area, each indicator's target, final value and verdict, and how the plan's tasks ended —
 * with the report as DOCX and PDF. Leaders, evaluators and admins (the server refuses anyone else).
 */
export function FinalPage() {
  const { t } = useI18n()
  const route = useRoute()
  const plans = usePlans()
  const plan = plans.data ? pickPlan(route.params, plans.data) : null
  return (
    <div className="stack final" data-testid="final">
      <h1>{t('fe.title')}</h1>
      <Panel
        title={t('fe.pick')}
        isPending={plans.isPending}
        error={plans.error}
        onRetry={() => plans.refetch()}
      >
        {plans.data && plan === null && <p className="muted">{t('fe.none')}</p>}
        {plans.data && plan && (
          <div className="fe-plan">
            <PlanPicker plans={closedPlans(plans.data)} selected={plan} />
            <p className="muted">{t('fe.basis', { issuer: plan.issuer_zh, end: plan.period.end })}</p>
            <Downloads
              label={t('fe.downloads')}
              items={(['docx', 'pdf'] as const).map((format) => ({
                id: format,
                label: t(format === 'docx' ? 'fe.dl.docx' : 'fe.dl.pdf'),
                url: fileUrl('reports', 'finalEvaluation', { plan: plan.id, format }),
              }))}
            />
          </div>
        )}
      </Panel>
      {plan && <Evaluation key={plan.id} plan={plan} />}
    </div>
  )
}

/** Container: one plan's summary, table and tasks. */
function Evaluation({ plan }: { plan: PlanChoice }) {
  const { t, lang } = useI18n()
  const trpc = useTRPC()
  const ev = useQuery(trpc.reports.finalEvaluationData.queryOptions({ plan: plan.id }))
  const data = ev.data
  return (
    <>
      <Panel
        title={t('fe.summary')}
        testId="final-summary-panel"
        isPending={ev.isPending}
        error={ev.error}
        onRetry={() => ev.refetch()}
      >
        {data && <FinalSummary summary={data.summary} />}
      </Panel>
      <Panel
        title={t('fe.indicators')}
        testId="final-table-panel"
        isPending={ev.isPending}
        error={ev.error}
        isEmpty={data?.indicators.length === 0}
        onRetry={() => ev.refetch()}
      >
        {data && <FinalTable evaluation={data} />}
      </Panel>
      <Panel
        title={FINAL_TASKS_TITLE[lang]}
        testId="final-tasks-panel"
        isPending={ev.isPending}
        error={ev.error}
        onRetry={() => ev.refetch()}
      >
        {data && <FinalTasks tasks={data.tasks} planId={plan.id} />}
      </Panel>
    </>
  )
}

/** Presentational: which closed plan to evaluate (a quiet line when there is only one). */
function PlanPicker({ plans, selected }: { plans: PlanChoice[]; selected: PlanChoice }) {
  const { t, lang } = useI18n()
  const id = useId()
  if (plans.length < 2)
    return (
      <p className="plan-name" data-testid="final-plan">
        {planLabel(selected, lang)}
      </p>
    )
  return (
    <div className="filters">
      <div className="field">
        <label htmlFor={id}>{t('fe.planLabel')}</label>
        <select
          id={id}
          value={selected.id}
          data-testid="final-plan"
          onChange={(e) => {
            const next = plans.find((p) => p.id === e.target.value)
            if (next) navigate('/final', finalParams(next))
          }}
        >
          {plans.map((p) => (
            <option key={p.id} value={p.id}>
              {planLabel(p, lang)}
            </option>
          ))}
        </select>
      </div>
    </div>
  )
}
