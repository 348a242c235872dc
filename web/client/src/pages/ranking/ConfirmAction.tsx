import { useEffect, useRef, useState } from 'react'
import { useI18n } from '../../i18n/i18n'

interface Props {
  label: string
  /** the question shown in the confirm step */
  question: string
  confirmLabel: string
  busy: boolean
  onConfirm: () => void
  primary?: boolean
}

/**
 * A button with a confirm step: the first press asks (focus moves to the confirm button),
 * the second does it; Esc or 取消 goes back (focus returns to the button).
 */
export function ConfirmAction({ label, question, confirmLabel, busy, onConfirm, primary }: Props) {
  const { t } = useI18n()
  const [asking, setAsking] = useState(false)
  const confirmRef = useRef<HTMLButtonElement>(null)
  const triggerRef = useRef<HTMLButtonElement>(null)
  const wasAsking = useRef(false)
  useEffect(() => {
    if (asking) confirmRef.current?.focus()
    else if (wasAsking.current) triggerRef.current?.focus()
    wasAsking.current = asking
  }, [asking])

  if (!asking) {
    return (
      <button
        ref={triggerRef}
        type="button"
        className={primary ? 'btn btn-primary' : 'btn'}
        disabled={busy}
        onClick={() => setAsking(true)}
      >
        {label}
      </button>
    )
  }
  return (
    <fieldset
      className="confirm"
      onKeyDown={(e) => {
        if (e.key === 'Escape') setAsking(false)
      }}
    >
      <legend className="sr-only">{label}</legend>
      <span>{question}</span>
      <button
        ref={confirmRef}
        type="button"
        className="btn btn-primary btn-small"
        disabled={busy}
        onClick={() => {
          onConfirm()
          setAsking(false)
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" className="btn btn-small" onClick={() => setAsking(false)}>
        {t('cancel')}
      </button>
    </fieldset>
  )
}
