import { useI18n } from '../../i18n/i18n'

interface Props {
  /** The request is in flight: the button is disabled and says so. */
  busy: boolean
  label: string
  /** The server's refusal, shown in the page's language. */
  problem: string | null
}

/** The task forms' submit button and the refusal under it. */
export function FormFooter({ busy, label, problem }: Props) {
  const { t } = useI18n()
  return (
    <>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('tk.busy') : label}
        </button>
      </div>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
    </>
  )
}
