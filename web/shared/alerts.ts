/**
 * Alerts: the codes and limits both sides of the wire use (the server validates with them,
 * the client builds its forms and labels from them). Words live with each side.
 */

/** Indicator statuses worth an alert (a change into one of them). */
export const ALERT_STATUSES = ['at_risk', 'behind', 'missed'] as const
/** Task statuses worth an alert. */
export const ALERT_TASK_STATUSES = ['at_risk', 'overdue'] as const

/** Rule kinds; each has at most one number setting besides statuses. */
export const RULE_KINDS = [
  'indicator_status',
  'behind_schedule',
  'data_stale',
  'load_failed',
  'task_status',
  'checkin_waiting',
] as const
export type RuleKind = (typeof RULE_KINDS)[number]

/** The number a rule kind asks for, and its bounds. */
export const RULE_NUMBER: Readonly<
  Record<
    string,
    { param: 'points' | 'days' | 'rejected'; min: number; max: number; whole: boolean } | undefined
  >
> = {
  behind_schedule: { param: 'points', min: 0.1, max: 100, whole: false },
  data_stale: { param: 'days', min: 1, max: 366, whole: true },
  load_failed: { param: 'rejected', min: 0, max: 10_000_000, whole: true },
  checkin_waiting: { param: 'days', min: 1, max: 366, whole: true },
}

/** The statuses a rule kind watches for (all by default). */
export const RULE_STATUSES: Readonly<Record<string, readonly string[] | undefined>> = {
  indicator_status: ALERT_STATUSES,
  task_status: ALERT_TASK_STATUSES,
}

/** Rule kinds about indicator values, which may be limited to one department's figures. */
export const RULE_DEPT_SCOPED: readonly string[] = ['indicator_status', 'behind_schedule']

/** Roles a rule may address in the app, in the order shown (departments: their own events only). */
export const RULE_AUDIENCE = ['leader', 'department', 'evaluator', 'admin'] as const

export const SUBSCRIPTION_KINDS = [
  'briefing_weekly',
  'briefing_monthly',
  'department_monthly',
  'ranking_published',
  'indicator_status',
  'task_status',
] as const
export type SubscriptionKind = (typeof SUBSCRIPTION_KINDS)[number]

export const WEBHOOK_KINDS = ['wecom', 'dingtalk', 'generic'] as const
export type WebhookKind = (typeof WEBHOOK_KINDS)[number]

export const DELIVERY_STATUSES = ['sending', 'sent', 'failed', 'abandoned', 'unknown'] as const
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number]
export const CHANNELS = ['inapp', 'email', 'webhook'] as const
export type Channel = (typeof CHANNELS)[number]
export const ORIGINS = ['rule', 'subscription', 'evaluation'] as const
export type Origin = (typeof ORIGINS)[number]

/** An email address as the store accepts it (migration 0009's check). */
export const EMAIL_MAX = 200
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/
export const isEmail = (s: string) => s.length <= EMAIL_MAX && EMAIL.test(s)
