import { shanghaiDate } from '../../../indicators/shanghai-time'
import { log } from '../../../warehouse/log'
import { departmentDirectory } from '../tasks/departments'
import { listRules, listSubscriptions, usersWithRoles } from './alerts.store'
import { createMailer, type Mailer } from './channels/email'
import { type Attachment, DeliveryError, deliveryId } from './channels/message'
import { maskWebhookUrl, sendWebhook } from './channels/webhook'
import {
  type Channel,
  claim,
  type DeliveryPart,
  deliverInApp,
  knownKeys,
  markFailed,
  markInterrupted,
  markSent,
  setBatch,
} from './deliveries.store'
import type { AlertDeps, AlertEvent, AlertRun } from './event'
import { CHANNEL_ZH, DELIVERY_STATUS_ZH, SUBSCRIPTION_KIND_ZH, type SubscriptionKind } from './kinds'
import { type Reader, ruleEvents, subscriptionEvents } from './recipients'
import { renderMessage } from './render'
import { EVALUATION_KIND_ZH, evaluationNotices } from './sources/evaluation'

/**
 * One alert run: every enabled rule and every subscription is evaluated once; each event goes
 * to each recipient once (the delivery key), in the app and through the configured channels.
 * Email and robot messages bundle a run's new events per recipient. Safe to overlap with
 * another run or instance: a key is claimed before sending, and a claim left behind by a
 * sender that stopped is never sent again on its own (at most once; an admin may resend).
 */

/** A claim older than this belongs to a sender that stopped. */
export const INTERRUPTED_AFTER_MS = 10 * 60_000

export interface DeliveryLine {
  channel: Channel
  channel_zh: string
  recipient: string
  subject: string
  origin: string
  status: 'sent' | 'failed' | 'abandoned'
  status_zh: string
  error?: string
}

export interface RunSummary {
  started_at: string
  sent: DeliveryLine[]
  failed: DeliveryLine[]
  /** Message parts already delivered (or claimed) before this run: nothing sent again. */
  skipped: number
  /** Rules or subscriptions that could not be evaluated, and why. */
  errors: string[]
  interrupted: number
}

export interface RunOptions {
  now?: Date
  /** Scheduled deliveries of the current period are due now, whatever the hour (`--now`). */
  force?: boolean
  /** Test hook (the crash test): called after a message left and before it is recorded. */
  afterSend?: () => void
}

interface Origin {
  origin: 'rule' | 'subscription' | 'evaluation'
  id: number
  name: string
  kind: string
}

interface Sender {
  deps: AlertDeps
  now: Date
  mailer: Mailer | null
  summary: RunSummary
  afterSend: (() => void) | undefined
}

/** One message's key: its parts' keys (the batch column holds its `deliveryId`). */
const messageKey = (parts: readonly { key: string }[]) =>
  parts
    .map((p) => p.key)
    .sort()
    .join('\n')

const keyOf = (o: Origin, channel: Channel, recipient: string, e: AlertEvent) =>
  `${o.origin}:${o.id}|${channel}:${recipient}|${e.key}`.slice(0, 500)

function partOf(o: Origin, channel: Channel, recipient: string, e: AlertEvent): DeliveryPart {
  return {
    key: keyOf(o, channel, recipient, e),
    origin: o.origin,
    origin_id: o.id,
    origin_name: o.name.slice(0, 100),
    kind: o.kind,
    channel,
    recipient: recipient.slice(0, 300),
    dept_code: e.dept ?? null,
    subject: e.title.slice(0, 300),
  }
}

async function _countKnown(s: Sender, parts: readonly DeliveryPart[]) {
  const known = await knownKeys(
    s.deps.meta,
    parts.map((p) => p.key),
  )
  s.summary.skipped += known.size
  return known
}

/** In the app: one notification per event, each recorded with its log row in one transaction. */
async function toInApp(s: Sender, o: Origin, username: string, events: readonly AlertEvent[]) {
  const parts = events.map((e) => partOf(o, 'inapp', username, e))
  const known = await knownKeys(
    s.deps.meta,
    parts.map((p) => p.key),
  )
  s.summary.skipped += known.size
  for (const [i, e] of events.entries()) {
    const part = parts[i]!
    if (known.has(part.key)) continue
    const note = {
      username,
      title: e.title.slice(0, 300),
      body: e.lines.join('\n').slice(0, 4000),
      link: e.link,
    }
    if (await deliverInApp(s.deps.meta, part, note, deliveryId(part.key), s.now)) {
      s.summary.sent.push(line('inapp', username, e.title, o, 'sent'))
    } else s.summary.skipped += 1
  }
}

function line(
  channel: Channel,
  recipient: string,
  subject: string,
  o: Origin,
  status: DeliveryLine['status'],
  error?: string,
): DeliveryLine {
  return {
    channel,
    channel_zh: CHANNEL_ZH[channel],
    recipient,
    subject,
    origin: o.name,
    status,
    status_zh: DELIVERY_STATUS_ZH[status],
    ...(error ? { error } : {}),
  }
}

type Target =
  | { channel: 'email'; address: string }
  | { channel: 'webhook'; webhook: NonNullable<Parameters<typeof sendWebhook>[0]> }

/** By email or robot: the run's new events for one recipient as one message. */
async function toChannel(s: Sender, o: Origin, target: Target, events: readonly AlertEvent[]) {
  if (!events.length) return
  if (target.channel === 'email' && !s.mailer) return
  const recipient = target.channel === 'email' ? target.address : maskWebhookUrl(target.webhook.url)
  const parts = events.map((e) => partOf(o, target.channel, recipient, e))
  const known = await knownKeys(
    s.deps.meta,
    parts.map((p) => p.key),
  )
  // New keys, and failed ones (claiming takes them back when their retry is due).
  const candidates = parts.filter((p) => !known.has(p.key) || known.get(p.key) === 'failed')
  const claimed = await claim(s.deps.meta, candidates, deliveryId(messageKey(candidates)), s.now)
  s.summary.skipped += parts.length - claimed.length
  if (!claimed.length) return
  const keys = new Set(claimed.map((c) => c.key))
  const chosen = events.filter((_, i) => keys.has(parts[i]!.key))
  // The message's key (its Message-ID / delivery header) is that of the parts it carries.
  const key = messageKey(claimed)
  if (claimed.length !== candidates.length) await setBatch(s.deps.meta, claimed, deliveryId(key))
  let subject = chosen[0]!.title
  try {
    const attachments: Attachment[] =
      target.channel === 'email' ? (await Promise.all(chosen.map((e) => e.attachments?.() ?? []))).flat() : []
    const msg = renderMessage(chosen, o.name, { key, publicUrl: s.deps.config.alerts.publicUrl, attachments })
    subject = msg.subject
    if (target.channel === 'email') await s.mailer!.send(target.address, msg)
    else await sendWebhook(target.webhook, msg)
    s.afterSend?.()
    await markSent(
      s.deps.meta,
      claimed.map((c) => c.id),
      s.now,
    )
    s.summary.sent.push(line(target.channel, recipient, subject, o, 'sent'))
  } catch (err) {
    const delivery = err instanceof DeliveryError
    const message = delivery ? err.message : `生成或发送失败 (failed): ${(err as Error).message}`
    const status = await markFailed(s.deps.meta, claimed, message, delivery ? err.retryable : true, s.now)
    log.warn('alert delivery failed', {
      origin: `${o.origin}:${o.id}`,
      channel: target.channel,
      recipient,
      error: message,
    })
    s.summary.failed.push(
      line(target.channel, recipient, subject, o, status === 'failed' ? 'failed' : 'abandoned', message),
    )
  }
}

/** Evaluates every enabled rule and every subscription once, and delivers what is new. */
export async function runAlerts(deps: AlertDeps, options: RunOptions = {}): Promise<RunSummary> {
  const now = options.now ?? new Date()
  const summary: RunSummary = {
    started_at: now.toISOString(),
    sent: [],
    failed: [],
    skipped: 0,
    errors: [],
    interrupted: 0,
  }
  summary.interrupted = await markInterrupted(deps.meta, new Date(now.getTime() - INTERRUPTED_AFTER_MS))
  const { smtpUrl, mailFrom } = deps.config.alerts
  const s: Sender = {
    deps,
    now,
    mailer: smtpUrl ? createMailer({ url: smtpUrl, from: mailFrom }) : null,
    summary,
    afterSend: options.afterSend,
  }
  const run: AlertRun = {
    deps,
    now,
    today: shanghaiDate(now),
    force: options.force ?? false,
    memo: new Map(),
  }
  const directory = await departmentDirectory(deps)
  const names = new Map(directory.map((d) => [d.code, d.name]))
  const deptName = (code: string) => names.get(code) ?? code
  const guarded = async (what: string, fn: () => Promise<void>) => {
    try {
      await fn()
    } catch (err) {
      const message = `${what}: ${(err as Error).message}`
      log.error('alert evaluation failed', { error: message.slice(0, 1000) })
      summary.errors.push(message)
    }
  }
  try {
    for (const rule of await listRules(deps.meta, true)) {
      const o: Origin = { origin: 'rule', id: rule.id, name: rule.name, kind: rule.kind }
      await guarded(`规则「${rule.name}」`, async () => {
        for (const reader of await usersWithRoles(deps.meta, rule.audience)) {
          await toInApp(s, o, reader.username, await ruleEvents(run, rule, reader as Reader, deptName))
        }
        if (!rule.emails.length && !rule.webhook) return
        const events = await ruleEvents(run, rule, null, deptName)
        for (const address of rule.emails) await toChannel(s, o, { channel: 'email', address }, events)
        if (rule.webhook) {
          const { kind, url, secret } = rule.webhook
          await toChannel(
            s,
            o,
            { channel: 'webhook', webhook: { kind, url, ...(secret ? { secret } : {}) } },
            events,
          )
        }
      })
    }
    for (const sub of await listSubscriptions(deps.meta)) {
      const name = SUBSCRIPTION_KIND_ZH[sub.kind as SubscriptionKind] ?? sub.kind
      const o: Origin = { origin: 'subscription', id: sub.id, name, kind: sub.kind }
      await guarded(`${sub.display_name}的订阅`, async () => {
        const events = await subscriptionEvents(run, sub, deptName)
        await toInApp(s, o, sub.username, events)
        if (sub.email) await toChannel(s, o, { channel: 'email', address: sub.email }, events)
      })
    }
    await guarded('考核公示与申诉通知', async () => {
      // To a person's email too when they gave one for their subscriptions.
      const emails = new Map(
        (await listSubscriptions(deps.meta)).flatMap((x) => (x.email ? [[x.username, x.email]] : [])),
      )
      for (const notice of await evaluationNotices(run, deptName)) {
        const o: Origin = {
          origin: 'evaluation',
          id: 0,
          name: EVALUATION_KIND_ZH[notice.kind],
          kind: notice.kind,
        }
        for (const username of notice.recipients) {
          await toInApp(s, o, username, [notice.event])
          const address = emails.get(username)
          if (address) await toChannel(s, o, { channel: 'email', address }, [notice.event])
        }
      }
    })
  } finally {
    s.mailer?.close()
  }
  return summary
}
