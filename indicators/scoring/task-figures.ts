/**
 * Per-department plan-task figures for a scoring period: what the plan-task rule scores
 * (README.md, "Plan tasks"). Pure: the server passes its task board (TaskView has these
 * fields), the period's last day and today (YYYY-MM-DD, Asia/Shanghai).
 */

/** What a task contributes: who leads it, when it is due, when its completion was accepted as filed. */
export interface TaskOutcome {
  /** The lead department; null, or a null code: nobody (待分配, or a name no department matches). */
  lead: { code: string | null } | null
  /** Last day due, inclusive. */
  deadline: string
  /** The day the accepted 100% check-in was filed; null: not done. */
  completed_on: string | null
}

/** One department's tasks counted in a period; due = on_time + done_late + overdue. */
export interface TaskFigures {
  /** tasks it leads that are due by the period's end and settled (see taskFigures) */
  due: number
  /** completed on or before the deadline */
  on_time: number
  /** completed after the deadline, by the period's end */
  done_late: number
  /** not completed by the period's end although the deadline had passed */
  overdue: number
}

/**
 * The figures of every department that leads at least one counted task (a department with
 * none has no data for the rule). A task counts when it is due by the period's end
 * (deadline ≤ periodEnd) and settled: its deadline is over (deadline < today) or it is
 * completed. Then it is
 * - on time: completed_on ≤ deadline;
 * - done late: deadline < completed_on ≤ periodEnd;
 * - overdue: not completed by the period's end (none, or completed after it: a closed
 *   period keeps the figures it had at its end).
 * A task due on the period's last day counts once that day is over (or it is done); in a
 * period still running an open task is overdue only once its deadline has passed. Figures
 * are plan-to-date: a task due in an earlier period still counts. Local tasks count like
 * the plan's; co-operating departments (partners) are not scored.
 */
export function taskFigures(
  tasks: readonly TaskOutcome[],
  at: { periodEnd: string; today: string },
): Map<string, TaskFigures> {
  const out = new Map<string, TaskFigures>()
  for (const t of tasks) {
    const code = t.lead?.code
    if (!code || t.deadline > at.periodEnd) continue
    const done = t.completed_on !== null && t.completed_on <= at.periodEnd
    if (!(t.deadline < at.today || done)) continue
    const f = out.get(code) ?? { due: 0, on_time: 0, done_late: 0, overdue: 0 }
    f.due++
    if (!done) f.overdue++
    else if (t.completed_on! <= t.deadline) f.on_time++
    else f.done_late++
    out.set(code, f)
  }
  return out
}

/** on_time ÷ due (a fraction); null when nothing is due (no data). */
export function onTimeRate(f: TaskFigures | undefined): number | null {
  return f && f.due > 0 ? f.on_time / f.due : null
}
