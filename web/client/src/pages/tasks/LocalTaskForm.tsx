import { useMutation, useQuery } from '@tanstack/react-query'
import { type FormEvent, useId, useState } from 'react'
import { NamedOptions } from '../../components/NamedOptions'
import { useI18n } from '../../i18n/i18n'
import { errorMessage } from '../../lib/errors'
import type { PlanChoice } from '../../lib/plans'
import { navigate } from '../../lib/router'
import type { Inputs } from '../../lib/types'
import { useTRPC } from '../../trpc'
import { FormFooter } from './FormFooter'
import { useRefreshTasks } from './refresh'

const TITLE_MAX = 80
const BASIS_MAX = 500

interface Props {
  plan: PlanChoice
  areas: Array<{ code: string; name: string }>
}

type AreaCode = Inputs['tasks']['addLocal']['area']

/**
 * 新增本地任务 (evaluators, admins): a task agreed locally, outside the plan's text — title,
 * area, deadline within the plan's period, lead (or none yet) and where it was agreed.
 * Opens the new task once it is added.
 */
export function LocalTaskForm({ plan, areas }: Props) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const refresh = useRefreshTasks()
  const id = useId()
  const depts = useQuery(trpc.reference.departments.queryOptions())
  const [title, setTitle] = useState('')
  const [area, setArea] = useState('')
  const [deadline, setDeadline] = useState('')
  const [lead, setLead] = useState('')
  const [basis, setBasis] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const add = useMutation(
    trpc.tasks.addLocal.mutationOptions({
      onSuccess: async (created) => {
        await refresh()
        navigate(`/tasks/${encodeURIComponent(created.id)}`, { plan: plan.id })
      },
      onError: (err) => setProblem(errorMessage(err)),
    }),
  )
  const first = `${plan.period.start}-01-01`
  const last = `${plan.period.end}-12-31`

  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (!title.trim()) return setProblem(t('tk.lc.needTitle'))
    if (!area) return setProblem(t('tk.lc.needArea'))
    if (!/^\d{4}-\d{2}-\d{2}$/.test(deadline) || deadline < first || deadline > last)
      return setProblem(t('tk.lc.needDeadline', { first, last }))
    if (!basis.trim()) return setProblem(t('tk.lc.needBasis'))
    setProblem(null)
    add.mutate({
      plan: plan.id,
      title: title.trim(),
      area: area as AreaCode,
      deadline,
      leadCode: lead || null,
      indicators: [],
      basis: basis.trim(),
    })
  }

  return (
    <details className="card tk-more" data-testid="local-task">
      <summary>{t('tk.lc.title')}</summary>
      <form className="form tk-form" onSubmit={submit} aria-label={t('tk.lc.title')} noValidate>
        <p className="muted">{t('tk.lc.intro')}</p>
        <label>
          {t('tk.lc.name')}
          <input value={title} maxLength={TITLE_MAX} onChange={(e) => setTitle(e.target.value)} required />
        </label>
        <div className="tk-form-grid">
          <div className="field">
            <label htmlFor={`${id}-area`}>{t('tk.lc.area')}</label>
            <select id={`${id}-area`} value={area} onChange={(e) => setArea(e.target.value)} required>
              <option value="">{t('tk.choose')}</option>
              {areas.map((a) => (
                <option key={a.code} value={a.code}>
                  {a.name}
                </option>
              ))}
            </select>
          </div>
          <label>
            {t('tk.lc.deadline')}
            <input
              type="date"
              min={first}
              max={last}
              value={deadline}
              onChange={(e) => setDeadline(e.target.value)}
              required
            />
          </label>
          <div className="field">
            <label htmlFor={`${id}-lead`}>{t('tk.lc.lead')}</label>
            <select
              id={`${id}-lead`}
              value={lead}
              onChange={(e) => setLead(e.target.value)}
              disabled={depts.isPending}
            >
              <NamedOptions empty={t('tk.unassigned')} items={depts.data} />
            </select>
          </div>
        </div>
        <label>
          {t('tk.lc.basis')}
          <textarea
            rows={2}
            maxLength={BASIS_MAX}
            value={basis}
            placeholder={t('tk.lc.basisHint')}
            onChange={(e) => setBasis(e.target.value)}
            required
          />
        </label>
        <FormFooter busy={add.isPending} label={t('tk.lc.submit')} problem={problem} />
      </form>
    </details>
  )
}
