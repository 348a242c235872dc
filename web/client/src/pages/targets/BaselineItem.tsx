import { useMutation, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useId, useState } from 'react'
import { useI18n } from '../../i18n/i18n'
import { errorMessage } from '../../lib/errors'
import { formatValue } from '../../lib/format'
import type { Outputs } from '../../lib/types'
import { useTRPC } from '../../trpc'

type Row = Outputs['targets']['baselines']['indicators'][number]

const NOTE_MAX = 500

/** An instant as Asia/Shanghai local time, to the minute. */
const shanghaiTime = (iso: string) =>
  new Date(iso).toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai', hour12: false }).slice(0, 16)

/** The value field's label, by the indicator's unit. */
const VALUE_LABEL = {
  '%': 'bl.valueRate',
  users: 'bl.valueCount',
  times: 'bl.valueTimes',
  workdays: 'bl.valueWorkdays',
} as const

/** The form's text for a stored value: rates in %, counts as they are. */
const toInput = (v: number | null, rate: boolean) =>
  v === null ? '' : rate ? String(Number((v * 100).toFixed(4))) : String(v)

/** One indicator without a stated baseline: what is in force, the form, the history. */
export function BaselineItem({ plan, row }: { plan: string; row: Row }) {
  const { t, pick } = useI18n()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const id = useId()
  const rate = row.unit === '%'
  const b = row.baseline
  const recorded = b.origin === 'evaluator'
  const [value, setValue] = useState(() => (recorded ? toInput(b.value, rate) : ''))
  const [note, setNote] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const save = useMutation(
    trpc.targets.setBaseline.mutationOptions({
      onSuccess: (_r, v) => {
        setDone(t(v.value === null ? 'bl.cleared' : 'bl.saved'))
        setNote('')
        if (v.value === null) setValue('')
        // Every figure judged by the targets (overview, detail, ranking) may have changed.
        void queryClient.invalidateQueries()
      },
      onError: (err) => setProblem(errorMessage(err)),
    }),
  )
  const fmt = (v: number | null) => formatValue(v, row.unit, t)

  const send = (clear: boolean) => {
    setDone(null)
    const text = note.trim()
    const n = Number(value.trim())
    let parsed: number | null = null
    if (!clear) {
      if (value.trim() === '' || !Number.isFinite(n)) return setProblem(t('bl.needValue'))
      if (rate && (n < 0 || n > 100)) return setProblem(t('bl.rangeRate'))
      if (!rate && n < 0) return setProblem(t('bl.rangeCount'))
      parsed = rate ? Number((n / 100).toFixed(6)) : n
    }
    if (text === '') return setProblem(t('bl.needNote'))
    setProblem(null)
    save.mutate({ plan, indicatorId: row.id, value: parsed, note: text })
  }
  const submit = (e: FormEvent) => {
    e.preventDefault()
    send(false)
  }

  const name = pick(row.name_zh, row.name_en)
  return (
    <section className="card form" aria-labelledby={`${id}-name`} data-testid={`baseline-${row.id}`}>
      <h3 id={`${id}-name`}>{name}</h3>
      <p>
        <strong>{t('bl.baselineYear', { year: b.year })}</strong>：
        {b.value === null ? t('bl.notSet') : fmt(b.value)}
        {recorded && b.recorded_at ? (
          <span className="muted">
            {' '}
            （{t('bl.entry', { who: b.recorded_by_name ?? '', at: shanghaiTime(b.recorded_at) })}）
          </span>
        ) : null}
      </p>
      {row.carried_from ? (
        <p className="muted">
          {t(b.value === null ? 'bl.carriedNoData' : 'bl.carried', {
            plan: pick(row.carried_from.name_zh, row.carried_from.name_en),
          })}
        </p>
      ) : null}
      {b.note && b.origin !== null ? (
        <p className="wrap">
          {t('bl.note')}：{b.note}
        </p>
      ) : null}
      <p className="muted" data-testid="baseline-targets">
        {t('bl.targets')}：
        {row.targets
          .map((x) => `${x.year} ${fmt(x.value)}${x.derived ? `（${t('ind.derived')}）` : ''}`)
          .join('；')}
      </p>
      {row.editable ? (
        <details>
          <summary>{t(recorded ? 'bl.editRecorded' : 'bl.edit')}</summary>
          <form className="form" onSubmit={submit} aria-label={name} noValidate>
            <div className="form-grid">
              <label>
                {t(VALUE_LABEL[row.unit])}
                <input
                  name="value"
                  inputMode="decimal"
                  value={value}
                  onChange={(e) => setValue(e.target.value)}
                  maxLength={20}
                />
              </label>
            </div>
            <label>
              {t('bl.note')}
              <textarea
                name="note"
                value={note}
                onChange={(e) => setNote(e.target.value)}
                maxLength={NOTE_MAX}
                rows={2}
                required
                placeholder={t('bl.noteHint')}
              />
            </label>
            <div className="form-actions">
              {recorded ? (
                <button type="button" className="btn" disabled={save.isPending} onClick={() => send(true)}>
                  {t('bl.clear')}
                </button>
              ) : null}
              <button type="submit" className="btn btn-primary" disabled={save.isPending}>
                {save.isPending ? t('bl.saving') : t('bl.save')}
              </button>
            </div>
            {problem ? (
              <p className="form-error" role="alert">
                {problem}
              </p>
            ) : null}
            {done ? (
              <p className="banner banner-info" role="status">
                {done}
              </p>
            ) : null}
          </form>
        </details>
      ) : null}
      <details>
        <summary>
          {t('bl.history')}（{row.history.length}）
        </summary>
        {row.history.length === 0 ? (
          <p className="muted">{t('bl.historyEmpty')}</p>
        ) : (
          <ol className="baseline-history">
            {row.history.map((h) => (
              <li key={`${h.recorded_at}:${h.recorded_by}:${h.value}`}>
                {h.value === null ? t('bl.clearedEntry') : fmt(h.value)} —{' '}
                {t('bl.entry', { who: h.recorded_by_name, at: shanghaiTime(h.recorded_at) })}
                <br />
                <span className="muted wrap">
                  {t('bl.note')}：{h.note}
                </span>
              </li>
            ))}
          </ol>
        )}
      </details>
    </section>
  )
}
