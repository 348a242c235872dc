import type { Role } from '../../../meta/schema'
import type { RuleRow, SubscriptionRow } from './alerts.store'
import type { AlertEvent, AlertRun } from './event'
import {
  ALERT_STATUSES,
  ALERT_TASK_STATUSES,
  RULE_PARAMS,
  type RuleKind,
  SUBSCRIBERS,
  type SubscriptionKind,
} from './kinds'
import { type Cadence, duePeriod } from './schedule'
import { loadFailureEvents, staleEvents } from './sources/data'
import { behindEvents, statusEvents } from './sources/indicators'
import { briefingEvent, departmentReportEvent, publicationEvents } from './sources/reports'
import { departmentTaskEvents, taskStatusEvents, waitingCheckinEvents } from './sources/tasks'

/**
 * What each rule and subscription has to say, and to whom: the events as a reader may see
 * them. A department account only ever gets events computed for, or about, its own
 * department; district-wide events never reach it.
 */

export interface Reader {
  username: string
  role: Role
  dept_code: string | null
}

const deptOf = (r: Reader) => (r.role === 'department' ? r.dept_code : null)

/** The events of a rule for one reader (null: the whole rule, for its emails and robot). */
export async function ruleEvents(
  run: AlertRun,
  rule: RuleRow,
  reader: Reader | null,
  deptName: (code: string) => string,
): Promise<AlertEvent[]> {
  const kind = rule.kind as RuleKind
  const schema = RULE_PARAMS[kind]
  if (!schema) return []
  const params = schema.parse(rule.params) as Record<string, unknown>
  const dept = reader ? deptOf(reader) : null
  if (reader?.role === 'department' && !dept) return []
  // A rule about one department speaks to that department's account only.
  const ruleDept = typeof params.dept === 'string' ? params.dept : undefined
  if (dept && ruleDept && ruleDept !== dept) return []
  const scope = dept ?? ruleDept
  const name = scope ? deptName(scope) : undefined
  switch (kind) {
    case 'indicator_status':
      return statusEvents(run, params.statuses as (typeof ALERT_STATUSES)[number][], scope, name)
    case 'behind_schedule':
      return behindEvents(run, params.points as number, scope, name)
    case 'data_stale':
      return dept ? [] : staleEvents(run, params.days as number)
    case 'load_failed':
      return dept ? [] : loadFailureEvents(run, params.rejected as number)
    case 'task_status': {
      const statuses = params.statuses as (typeof ALERT_TASK_STATUSES)[number][]
      return dept ? departmentTaskEvents(run, statuses, dept) : taskStatusEvents(run, statuses)
    }
    case 'checkin_waiting': {
      const events = await waitingCheckinEvents(run, params.days as number)
      return dept ? events.filter((e) => e.dept === dept) : events
    }
  }
}

const CADENCE: Partial<Record<SubscriptionKind, Cadence>> = {
  briefing_weekly: 'weekly',
  briefing_monthly: 'monthly',
  department_monthly: 'monthly',
}

/** The events of a subscription for its owner (none when the owner's role may no longer have it). */
export async function subscriptionEvents(
  run: AlertRun,
  sub: SubscriptionRow,
  deptName: (code: string) => string,
): Promise<AlertEvent[]> {
  const kind = sub.kind as SubscriptionKind
  if (!SUBSCRIBERS[kind]?.includes(sub.role)) return []
  const dept = deptOf(sub)
  if (sub.role === 'department' && !dept) return []
  const cadence = CADENCE[kind]
  const period = cadence ? duePeriod(cadence, run.now, run.force) : null
  if (cadence && !period) return []
  switch (kind) {
    case 'briefing_weekly':
    case 'briefing_monthly':
      return [await briefingEvent(run, sub, period!)]
    case 'department_monthly':
      return [await departmentReportEvent(run, { ...sub, dept_code: dept! }, deptName(dept!), period!)]
    case 'ranking_published':
      return publicationEvents(run, sub)
    case 'indicator_status':
      return statusEvents(run, ALERT_STATUSES, dept ?? undefined, dept ? deptName(dept) : undefined)
    case 'task_status':
      return dept
        ? departmentTaskEvents(run, ALERT_TASK_STATUSES, dept)
        : taskStatusEvents(run, ALERT_TASK_STATUSES)
  }
}
