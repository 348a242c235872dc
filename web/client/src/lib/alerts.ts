import {
  ALERT_STATUSES,
  ALERT_TASK_STATUSES,
  CHANNELS,
  DELIVERY_STATUSES,
  isEmail,
  ORIGINS,
  RULE_AUDIENCE,
  RULE_DEPT_SCOPED,
  RULE_NUMBER,
  RULE_STATUSES,
} from '../../../shared/alerts'
import type { T } from '../i18n/i18n'
import { type DictKey, zh } from '../i18n/zh'
import type { Outputs } from './types'

/**
 * Alerts on the client: the codes the server uses (statuses of the delivery log, channels,
 * origins, rule settings) and how they read. The words are in the dictionaries (zh.ts, en.ts)
 * under `al.*`; this file is the one place that maps a code to its words.
 */

export type Notification = Outputs['alerts']['notifications']['rows'][number]
export type Subscriptions = Outputs['alerts']['subscriptions']
export type Rule = Outputs['alerts']['rules']['rows'][number]
export type Delivery = Outputs['alerts']['deliveries']['rows'][number]
export type Channels = Outputs['alerts']['channels']

export type { Channel, DeliveryStatus, Origin } from '../../../shared/alerts'
export {
  ALERT_STATUSES as INDICATOR_ALERT_STATUSES,
  ALERT_TASK_STATUSES as TASK_ALERT_STATUSES,
  CHANNELS,
  DELIVERY_STATUSES,
  isEmail,
  ORIGINS,
  RULE_AUDIENCE as AUDIENCE_ROLES,
  RULE_DEPT_SCOPED,
  RULE_NUMBER,
  RULE_STATUSES,
}
/** Roles in the order shown (the server keeps them in the order chosen). */
export function sortRoles<R extends string>(roles: readonly R[]): R[] {
  const rank = (r: string) => {
    const i = (RULE_AUDIENCE as readonly string[]).indexOf(r)
    return i < 0 ? RULE_AUDIENCE.length : i
  }
  return [...roles].sort((a, b) => rank(a) - rank(b))
}

const hasKey = (key: string): key is DictKey => key in zh

/** A code's words from the dictionary, or the server's own (Chinese) label for a code we do not know. */
function labelOf(t: T, prefix: string, code: string, fallback?: string): string {
  const key = `${prefix}.${code}`
  return hasKey(key) ? t(key) : (fallback ?? code)
}

export const subscriptionLabel = (t: T, kind: string, fallback?: string) =>
  labelOf(t, 'al.sub', kind, fallback)
export const ruleKindLabel = (t: T, kind: string, fallback?: string) => labelOf(t, 'al.rule', kind, fallback)
export const webhookLabel = (t: T, kind: string, fallback?: string) => labelOf(t, 'al.hook', kind, fallback)
export const deliveryStatusLabel = (t: T, status: string) => labelOf(t, 'al.status', status)
export const channelLabel = (t: T, channel: string) => labelOf(t, 'al.channel', channel)
export const originLabel = (t: T, origin: string) => labelOf(t, 'al.origin', origin)

/** The bell's badge: nothing at 0, at most "99+". */
export function badgeText(unread: number): string | null {
  if (!Number.isFinite(unread) || unread <= 0) return null
  return unread > 99 ? '99+' : String(Math.floor(unread))
}

/** A notification's link, when it is one of the app's own routes (`#/…`). */
export function appLink(link: string | null | undefined): string | null {
  return link && /^#\/[^\s]*$/.test(link) ? link : null
}

/** A list of addresses typed with commas, semicolons, spaces or new lines: the good and the bad. */
export function parseEmails(text: string): { emails: string[]; bad: string[] } {
  const items = text
    .split(/[\s,;，；、]+/)
    .map((s) => s.trim())
    .filter(Boolean)
  const unique = [...new Set(items)]
  return { emails: unique.filter(isEmail), bad: unique.filter((s) => !isEmail(s)) }
}

/** The log rows an admin may send again: not in-app, and not sent or being sent. */
export const resendable = (d: Pick<Delivery, 'channel' | 'status'>) =>
  d.channel !== 'inapp' && (d.status === 'unknown' || d.status === 'abandoned' || d.status === 'failed')

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []

/** A rule's settings in words: its statuses or threshold (and department, when it has one). */
export function ruleSummary(
  t: T,
  kind: string,
  params: unknown,
  deptName: (code: string) => string = (c) => c,
): string {
  const p = (params && typeof params === 'object' ? params : {}) as Record<string, unknown>
  const parts: string[] = []
  if (kind === 'indicator_status' || kind === 'task_status') {
    const prefix = kind === 'indicator_status' ? 'status' : 'tk.status'
    const chosen = strings(p.statuses)
    const list = chosen.length ? chosen : [...(RULE_STATUSES[kind] ?? [])]
    const words = list.map((s) => labelOf(t, prefix, s))
    parts.push(t('al.sum.statuses', { list: words.join(t('al.listSep')) }))
  } else if (kind === 'behind_schedule') {
    parts.push(t('al.sum.points', { n: num(p.points) ?? '—' }))
  } else if (kind === 'data_stale') {
    parts.push(t('al.sum.stale', { n: num(p.days) ?? '—' }))
  } else if (kind === 'load_failed') {
    const n = num(p.rejected) ?? 0
    parts.push(n > 0 ? t('al.sum.rejected', { n }) : t('al.sum.loadFailed'))
  } else if (kind === 'checkin_waiting') {
    parts.push(t('al.sum.waiting', { n: num(p.days) ?? '—' }))
  }
  if (typeof p.dept === 'string' && p.dept) parts.push(t('al.sum.dept', { name: deptName(p.dept) }))
  return parts.join(t('al.partSep'))
}

/** When the scheduled run starts, in words for the common cron forms (else a general phrase). */
export function scheduleText(t: T, cron: string): string {
  const f = cron.trim().split(/\s+/)
  if (f.length !== 5) return t('al.ch.custom')
  const [min, hour, dom, mon, dow] = f as [string, string, string, string, string]
  const everyDay = dom === '*' && mon === '*' && dow === '*'
  if (!everyDay) return t('al.ch.custom')
  const step = /^\*\/(\d{1,2})$/.exec(min)
  if (step && hour === '*') return t('al.ch.everyMin', { n: Number(step[1]) })
  if (min === '*' && hour === '*') return t('al.ch.everyMin', { n: 1 })
  if (/^\d{1,2}$/.test(min) && hour === '*') return t('al.ch.hourly', { m: Number(min) })
  if (/^\d{1,2}$/.test(min) && /^\d{1,2}$/.test(hour))
    return t('al.ch.daily', { time: `${hour.padStart(2, '0')}:${min.padStart(2, '0')}` })
  return t('al.ch.custom')
}
