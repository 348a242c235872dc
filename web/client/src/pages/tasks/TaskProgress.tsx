import { useI18n } from '../../i18n/i18n'
import type { TaskRow } from '../../lib/tasks'

interface Props {
  task: Pick<TaskRow, 'progress' | 'last_checkin_at' | 'pending'>
  /** The task's own page: a longer bar, and the percent awaiting review beside it. */
  wide?: boolean
}

/**
 * The accepted progress as a bar with its number (green once complete). Nothing reported yet
 * reads as words (未填报), not as an empty bar that could pass for a fault; on the task's
 * page a check-in awaiting review is named beside it, so 0% does not read as nothing done.
 */
export function TaskProgress({ task, wide = false }: Props) {
  const { t } = useI18n()
  if (task.progress === 0 && task.last_checkin_at === null) {
    return <span className="tk-progress-none">{t('tk.noCheckinYet')}</span>
  }
  return (
    <span className="tk-progress">
      <span className={`tk-bar${wide ? ' tk-bar-wide' : ''}`} aria-hidden="true">
        <span
          className={task.progress === 100 ? 'tk-bar-full' : undefined}
          style={{ width: `${task.progress}%` }}
        />
      </span>
      <span>{task.progress}%</span>
      {wide && task.pending && (
        <span className="muted">{t('tk.pendingShort', { n: task.pending.percent })}</span>
      )}
    </span>
  )
}
