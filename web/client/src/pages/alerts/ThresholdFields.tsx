import { useId } from 'react'
import { useI18n } from '../../i18n/i18n'
import type { DictKey } from '../../i18n/zh'
import { RULE_NUMBER, RULE_STATUSES } from '../../lib/alerts'

interface Props {
  kind: string
  statuses: string[]
  onStatuses: (statuses: string[]) => void
  number: string
  onNumber: (value: string) => void
}

/** Each kind's number: its label and, where it helps, a hint. */
const NUMBER_TEXT: Record<string, { label: DictKey; hint?: DictKey; step: string }> = {
  behind_schedule: { label: 'al.f.points', hint: 'al.f.pointsHint', step: '0.1' },
  data_stale: { label: 'al.f.staleDays', step: '1' },
  load_failed: { label: 'al.f.rejected', hint: 'al.f.rejectedHint', step: '1' },
  checkin_waiting: { label: 'al.f.waitDays', step: '1' },
}

/** The settings that follow the chosen kind: the statuses to watch, or the one threshold. */
export function ThresholdFields({ kind, statuses, onStatuses, number, onNumber }: Props) {
  const { t } = useI18n()
  const id = useId()
  const choices = RULE_STATUSES[kind]
  const n = RULE_NUMBER[kind]
  const text = NUMBER_TEXT[kind]
  if (choices) {
    const prefix = kind === 'task_status' ? 'tk.status' : 'status'
    return (
      <fieldset data-testid="rule-threshold">
        <legend>{t('al.f.statuses')}</legend>
        <div className="al-checks">
          {choices.map((s) => (
            <label key={s} className="check">
              <input
                type="checkbox"
                checked={statuses.includes(s)}
                onChange={(e) =>
                  onStatuses(e.target.checked ? [...statuses, s] : statuses.filter((x) => x !== s))
                }
              />
              {t(`${prefix}.${s}` as DictKey)}
            </label>
          ))}
        </div>
      </fieldset>
    )
  }
  if (!n || !text) return null
  return (
    <div className="field" data-testid="rule-threshold">
      <label htmlFor={`${id}-n`}>{t(text.label)}</label>
      <input
        id={`${id}-n`}
        className="al-number"
        type="number"
        inputMode="decimal"
        min={n.min}
        max={n.max}
        step={text.step}
        value={number}
        aria-describedby={text.hint ? `${id}-hint` : undefined}
        onChange={(e) => onNumber(e.target.value)}
      />
      {text.hint ? (
        <span id={`${id}-hint`} className="muted small">
          {t(text.hint)}
        </span>
      ) : null}
    </div>
  )
}
