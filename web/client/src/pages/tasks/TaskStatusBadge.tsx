import { useI18n } from '../../i18n/i18n'
import type { TaskStatus } from '../../lib/tasks'
import './tasks.css'

/** A task's status: colour plus its name (逾期, 有风险 …), never colour alone. */
export function TaskStatusBadge({ status }: { status: TaskStatus }) {
  const { t } = useI18n()
  return (
    <span className={`badge task-${status}`} data-status={status}>
      {t(`tk.status.${status}`)}
    </span>
  )
}
