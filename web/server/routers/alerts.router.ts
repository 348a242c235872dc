import { z } from 'zod'
import { AppError } from '../../../errors/app-error'
import { forCaller } from '../../../semantic-layer/engine/scoped'
import { CHANNELS, DELIVERY_STATUSES, EMAIL_MAX, ORIGINS } from '../../shared/alerts'
import {
  changeRule,
  createRule,
  ruleKinds,
  rulesForScreen,
  subscribe,
  subscriptionsOf,
  unsubscribe,
  webhookKinds,
} from '../alerts/alerts.service'
import { listDeliveries, requeue } from '../alerts/deliveries.store'
import { RULE_KINDS, SUBSCRIPTION_KINDS, WEBHOOK_KINDS } from '../alerts/kinds'
import { listNotifications, markRead, unreadCount } from '../alerts/notifications.store'
import { runAlerts } from '../alerts/run'
import { ROLES } from '../auth/roles'
import { audit } from '../auth/users.store'
import { displayNames } from '../scoring/ranking.store'
import { ADMIN, ALL_ROLES, EVALUATION_ROLES, router, signedIn } from '../trpc'

const Email = z.string().trim().max(EMAIL_MAX).email('邮箱地址格式不正确 (invalid email address)')
const Id = z.number().int().positive()

/**
 * Alerts: everyone's notification centre and own subscriptions; the rules evaluators and
 * admins manage; the delivery log and channel settings for admins.
 */
export const alertsRouter = router({
  notifications: signedIn(ALL_ROLES)
    .input(
      z.object({
        limit: z.number().int().min(1).max(100).default(50),
        unreadOnly: z.boolean().default(false),
      }),
    )
    .query(async ({ ctx, input }) => {
      const [rows, unread] = await Promise.all([
        listNotifications(ctx.deps.meta, ctx.user.username, input),
        unreadCount(ctx.deps.meta, ctx.user.username),
      ])
      return { rows, unread }
    }),

  unreadCount: signedIn(ALL_ROLES).query(async ({ ctx }) => ({
    unread: await unreadCount(ctx.deps.meta, ctx.user.username),
  })),

  markRead: signedIn(ALL_ROLES)
    .input(z.union([z.object({ ids: z.array(Id).min(1).max(200) }), z.object({ all: z.literal(true) })]))
    .mutation(async ({ ctx, input }) => ({
      updated: await markRead(ctx.deps.meta, ctx.user.username, 'all' in input ? 'all' : input.ids),
    })),

  subscriptions: signedIn(ALL_ROLES).query(({ ctx }) =>
    subscriptionsOf(ctx.deps.meta, ctx.user, ctx.deps.config.alerts),
  ),

  subscribe: signedIn(ALL_ROLES)
    .input(z.object({ kind: z.enum(SUBSCRIPTION_KINDS), email: Email.nullable().default(null) }))
    .mutation(async ({ ctx, input }) => ({
      id: await subscribe(ctx.deps.meta, ctx.user, input.kind, input.email),
    })),

  unsubscribe: signedIn(ALL_ROLES)
    .input(z.object({ id: Id }))
    .mutation(async ({ ctx, input }) => {
      await unsubscribe(ctx.deps.meta, ctx.user.username, input.id)
      return { ok: true as const }
    }),

  rules: signedIn(EVALUATION_ROLES).query(async ({ ctx }) => ({
    rows: await rulesForScreen(ctx.deps.meta),
    kinds: ruleKinds(),
    webhook_kinds: webhookKinds(),
  })),

  createRule: signedIn(EVALUATION_ROLES)
    .input(
      z.object({
        name: z.string().trim().min(1).max(80),
        kind: z.enum(RULE_KINDS),
        params: z.record(z.string(), z.unknown()).default({}),
        audience: z.array(z.enum(ROLES)).max(5).default([]),
        emails: z.array(Email).max(20).default([]),
        webhook: z
          .object({
            kind: z.enum(WEBHOOK_KINDS),
            url: z.string().trim().max(1000).url('群机器人地址格式不正确 (invalid webhook URL)'),
            secret: z.string().max(200).optional(),
          })
          .nullable()
          .default(null),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      if (input.webhook && !/^https?:\/\//i.test(input.webhook.url))
        throw new AppError(
          'BAD_REQUEST',
          '群机器人地址必须以 http:// 或 https:// 开头 (webhook must be http(s))',
        )
      return { id: await createRule(ctx.deps.meta, { ...input, created_by: ctx.user.username }) }
    }),

  setRuleEnabled: signedIn(EVALUATION_ROLES)
    .input(z.object({ id: Id, enabled: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      await changeRule(ctx.deps.meta, ctx.user.username, input.id, { enabled: input.enabled })
      return { ok: true as const }
    }),

  deleteRule: signedIn(EVALUATION_ROLES)
    .input(z.object({ id: Id }))
    .mutation(async ({ ctx, input }) => {
      await changeRule(ctx.deps.meta, ctx.user.username, input.id, 'delete')
      return { ok: true as const }
    }),

  deliveries: signedIn(ADMIN)
    .input(
      z.object({
        status: z.enum(DELIVERY_STATUSES).optional(),
        channel: z.enum(CHANNELS).optional(),
        origin: z.enum(ORIGINS).optional(),
        recipient: z.string().trim().max(100).optional(),
        limit: z.number().int().min(1).max(200).default(50),
        offset: z.number().int().min(0).max(1_000_000).default(0),
      }),
    )
    .query(async ({ ctx, input }) => {
      const { rows, total } = await listDeliveries(ctx.deps.meta, input)
      // In-app recipients are accounts: shown by their display name (the account after it).
      const names = await displayNames(
        ctx.deps.meta,
        rows.filter((r) => r.channel === 'inapp').map((r) => r.recipient),
      )
      return {
        rows: rows.map((r) => ({ ...r, recipient_name: names.get(r.recipient) ?? null })),
        total,
      }
    }),

  resend: signedIn(ADMIN)
    .input(z.object({ id: Id }))
    .mutation(async ({ ctx, input }) => {
      if (!(await requeue(ctx.deps.meta, input.id, new Date())))
        throw new AppError(
          'CONFLICT',
          '这条记录不能重新发送（已发送、发送中或站内通知） (cannot be sent again)',
        )
      return { ok: true as const }
    }),

  /** Runs every rule and due subscription now (as `npm run alerts -- run --now`). */
  runNow: signedIn(ADMIN).mutation(async ({ ctx }) => {
    // The run is the application's work, not the admin's share of queries, and outlives the request.
    const semantic = forCaller(ctx.deps.semantic, { user: undefined, signal: undefined })
    const summary = await runAlerts({ ...ctx.deps, semantic }, { force: true })
    await audit(
      ctx.deps.meta,
      ctx.user.username,
      'alerts_run',
      '',
      `${summary.sent.length} sent, ${summary.failed.length} failed`,
    )
    return summary
  }),

  channels: signedIn(ADMIN).query(({ ctx }) => {
    const a = ctx.deps.config.alerts
    return {
      email: !!a.smtpUrl,
      mail_from: a.mailFrom,
      public_url: a.publicUrl ?? null,
      schedule: a.schedule,
    }
  }),
})
