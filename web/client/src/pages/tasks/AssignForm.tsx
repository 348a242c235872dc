import { useMutation, useQuery } from '@tanstack/react-query'
import { type FormEvent, useId, useState } from 'react'
import { NamedOptions } from '../../components/NamedOptions'
import { useI18n } from '../../i18n/i18n'
import { errorMessage } from '../../lib/errors'
import type { TaskRow } from '../../lib/tasks'
import { useTRPC } from '../../trpc'
import { FormFooter } from './FormFooter'
import { useRefreshTasks } from './refresh'

const NOTE_MAX = 500

interface Props {
  plan: string
  task: Pick<TaskRow, 'id' | 'lead' | 'partners'>
}

/**
 * 分配牵头部门 (evaluators, admins): the lead (or 待分配) and co-operating departments from
 * the district's departments, with the note saying on what basis; every change is audited.
 */
export function AssignForm({ plan, task }: Props) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const refresh = useRefreshTasks()
  const id = useId()
  const depts = useQuery(trpc.reference.departments.queryOptions())
  const [lead, setLead] = useState(task.lead?.code ?? '')
  const [partners, setPartners] = useState<string[]>(() =>
    task.partners.flatMap((p) => (p.code ? [p.code] : [])),
  )
  const [note, setNote] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [done, setDone] = useState(false)
  const assign = useMutation(
    trpc.tasks.assign.mutationOptions({
      onSuccess: async () => {
        setNote('')
        setDone(true)
        await refresh()
      },
      onError: (err) => setProblem(errorMessage(err)),
    }),
  )
  const submit = (e: FormEvent) => {
    e.preventDefault()
    setDone(false)
    if (!note.trim()) return setProblem(t('tk.as.needNote'))
    setProblem(null)
    assign.mutate({
      plan,
      taskId: task.id,
      leadCode: lead || null,
      partnerCodes: partners.filter((c) => c !== lead),
      note: note.trim(),
    })
  }
  const toggle = (code: string, on: boolean) =>
    setPartners((list) => (on ? [...list, code] : list.filter((c) => c !== code)))
  return (
    <details className="card tk-more" data-testid="assign">
      <summary>{t(task.lead ? 'tk.as.change' : 'tk.as.title')}</summary>
      <form className="form tk-form" onSubmit={submit} aria-label={t('tk.as.title')} noValidate>
        <div className="field">
          <label htmlFor={`${id}-lead`}>{t('tk.as.lead')}</label>
          <select
            id={`${id}-lead`}
            value={lead}
            onChange={(e) => setLead(e.target.value)}
            disabled={depts.isPending}
          >
            <NamedOptions empty={t('tk.unassigned')} items={depts.data} />
          </select>
        </div>
        <fieldset>
          <legend>{t('tk.as.partners')}</legend>
          <div className="tk-partners">
            {(depts.data ?? [])
              .filter((d) => d.code !== lead)
              .map((d) => (
                <label key={d.code} className="check">
                  <input
                    type="checkbox"
                    checked={partners.includes(d.code)}
                    onChange={(e) => toggle(d.code, e.target.checked)}
                  />
                  <span>{d.name}</span>
                </label>
              ))}
          </div>
        </fieldset>
        <label>
          {t('tk.as.note')}
          <textarea
            rows={2}
            maxLength={NOTE_MAX}
            value={note}
            placeholder={t('tk.as.noteHint')}
            onChange={(e) => setNote(e.target.value)}
            required
          />
        </label>
        <FormFooter busy={assign.isPending} label={t('tk.as.submit')} problem={problem} />
        {done && !problem && (
          <p className="banner banner-info" role="status">
            {t('tk.as.done')}
          </p>
        )}
      </form>
    </details>
  )
}
