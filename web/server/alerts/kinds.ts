import { z } from 'zod'
import type { Status } from '../../../indicators/progress'
import type { TaskStatus } from '../../../indicators/tasks/status'
import {
  ALERT_STATUSES,
  ALERT_TASK_STATUSES,
  RULE_AUDIENCE,
  RULE_KINDS,
  RULE_NUMBER,
  type RuleKind,
  SUBSCRIPTION_KINDS,
  type SubscriptionKind,
  WEBHOOK_KINDS,
  type WebhookKind,
} from '../../shared/alerts'
import type { Role } from '../auth/roles'

export type { RuleKind, SubscriptionKind, WebhookKind }
export { ALERT_STATUSES, ALERT_TASK_STATUSES, RULE_AUDIENCE, RULE_KINDS, SUBSCRIPTION_KINDS, WEBHOOK_KINDS }

/**
 * What can be watched and delivered: the one list of alert kinds, their Chinese names, who
 * may use them and their settings. Rules (evaluators, admins) watch for events and tell an
 * audience; subscriptions (each person) deliver to their owner.
 */

// The shared codes name real statuses.
ALERT_STATUSES satisfies readonly Status[]
ALERT_TASK_STATUSES satisfies readonly TaskStatus[]

const Dept = z
  .string()
  .max(64)
  .regex(/^[A-Za-z0-9_.-]+$/)
/** A rule kind's number setting, with the shared bounds. */
const numberOf = (kind: RuleKind) => {
  const n = RULE_NUMBER[kind]!
  const base = z.number().min(n.min).max(n.max)
  return n.whole ? base.int() : base
}

/** Each rule kind's settings, validated on the way in and when read back. */
export const RULE_PARAMS = {
  indicator_status: z.object({
    statuses: z
      .array(z.enum(ALERT_STATUSES))
      .min(1)
      .default([...ALERT_STATUSES]),
    dept: Dept.optional(),
  }),
  behind_schedule: z.object({
    /** Percentage points behind 序时进度 (for rates); for counts, percent of the expected value. */
    points: numberOf('behind_schedule'),
    dept: Dept.optional(),
  }),
  data_stale: z.object({ days: numberOf('data_stale') }),
  load_failed: z.object({ rejected: numberOf('load_failed').default(0) }),
  task_status: z.object({
    statuses: z
      .array(z.enum(ALERT_TASK_STATUSES))
      .min(1)
      .default([...ALERT_TASK_STATUSES]),
  }),
  checkin_waiting: z.object({ days: numberOf('checkin_waiting') }),
} as const satisfies Record<RuleKind, z.ZodType>

export const RULE_KIND_ZH: Record<RuleKind, string> = {
  indicator_status: '指标状态变为有风险/落后/未达标',
  behind_schedule: '指标落后序时进度超过 N 个百分点',
  data_stale: '数据超过 N 天未更新',
  load_failed: '数据加载失败或隔离行超过 N 行',
  task_status: '规划任务有风险或逾期',
  checkin_waiting: '任务进展待审核超过 N 天',
}

export const SUBSCRIPTION_KIND_ZH: Record<SubscriptionKind, string> = {
  briefing_weekly: '领导简报（每周一）',
  briefing_monthly: '领导简报（每月1日）',
  department_monthly: '本部门月度通报（每月1日）',
  ranking_published: '考核结果发布',
  indicator_status: '指标状态变化（有风险、落后、未达标）',
  task_status: '规划任务有风险或逾期',
}

/** Who may subscribe to what: within what the role may see. */
export const SUBSCRIBERS: Record<SubscriptionKind, readonly Role[]> = {
  briefing_weekly: ['leader', 'evaluator', 'admin'],
  briefing_monthly: ['leader', 'evaluator', 'admin'],
  department_monthly: ['department'],
  ranking_published: ['leader', 'evaluator', 'admin', 'department'],
  indicator_status: ['leader', 'evaluator', 'admin', 'analyst', 'department'],
  task_status: ['leader', 'evaluator', 'admin', 'department'],
}

export const subscriptionKindsFor = (role: Role): SubscriptionKind[] =>
  SUBSCRIPTION_KINDS.filter((k) => SUBSCRIBERS[k].includes(role))

export const WEBHOOK_KIND_ZH: Record<WebhookKind, string> = {
  wecom: '企业微信群机器人',
  dingtalk: '钉钉群机器人',
  generic: '通用 JSON（HMAC 签名）',
}

export const DELIVERY_STATUS_ZH = {
  sending: '发送中',
  sent: '已发送',
  failed: '失败待重试',
  abandoned: '失败已放弃',
  unknown: '发送中断未确认',
} as const

export const CHANNEL_ZH = { inapp: '站内通知', email: '邮件', webhook: '群机器人' } as const
