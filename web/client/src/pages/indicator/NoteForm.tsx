import { useMutation, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useId, useState } from 'react'
import { NOTE_BODY_MAX, NOTE_KINDS, type NoteKind } from '../../../../shared/notes'
import { useI18n } from '../../i18n/i18n'
import { errorMessage } from '../../lib/errors'
import { useTRPC } from '../../trpc'
import type { NoteScope } from './notes'

interface Props {
  indicatorId: string
  year: number
  scope: NoteScope
  scopeName: string
}

const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1)

/** 添加说明: kind (说明 / 原因 / 措施), the month it concerns (or the whole year) and the text. */
export function NoteForm({ indicatorId, year, scope, scopeName }: Props) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const id = useId()
  const [kind, setKind] = useState<NoteKind>('explanation')
  const [month, setMonth] = useState('')
  const [body, setBody] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const add = useMutation(
    trpc.notes.add.mutationOptions({
      onSuccess: async () => {
        setBody('')
        await queryClient.invalidateQueries(trpc.notes.list.pathFilter())
      },
      onError: (err) => setProblem(errorMessage(err)),
    }),
  )
  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (!body.trim()) return setProblem(t('inote.needBody'))
    setProblem(null)
    add.mutate({
      indicatorId,
      year,
      scope,
      month: month ? Number(month) : null,
      kind,
      body: body.trim(),
    })
  }
  return (
    <form className="form nt-form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('inote.addFor', { scope: scopeName, year })}</h3>
      <div className="nt-form-row">
        <label>
          {t('inote.kind')}
          <select value={kind} onChange={(e) => setKind(e.target.value as NoteKind)}>
            {NOTE_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`inote.kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('inote.period')}
          <select value={month} onChange={(e) => setMonth(e.target.value)}>
            <option value="">{t('inote.wholeYear', { year })}</option>
            {MONTHS.map((m) => (
              <option key={m} value={m}>
                {t('inote.month', { year, month: m })}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label>
        {t('inote.body')}
        <textarea
          rows={3}
          maxLength={NOTE_BODY_MAX}
          value={body}
          placeholder={t('inote.bodyHint', { n: NOTE_BODY_MAX })}
          onChange={(e) => setBody(e.target.value)}
          required
        />
      </label>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={add.isPending}>
          {add.isPending ? t('inote.saving') : t('inote.save')}
        </button>
      </div>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
    </form>
  )
}
