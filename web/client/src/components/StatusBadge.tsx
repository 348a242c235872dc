import { useI18n } from '../i18n/i18n'
import type { Status } from '../lib/types'

/** Colour plus a text label: the status never relies on colour alone. */
export function StatusBadge({ status }: { status: Status }) {
  const { t } = useI18n()
  return <span className={`badge status-${status}`}>{t(`status.${status}`)}</span>
}
