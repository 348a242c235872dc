import { AppError } from '../../../errors/app-error'
import type { Role } from '../../../meta/schema'
import type { MetaDatabase } from '../../../meta/store'
import { audit } from '../auth/users.store'
import {
  deleteRule,
  deleteSubscription,
  insertRule,
  listRules,
  listSubscriptions,
  type NewRule,
  setRuleEnabled,
  upsertSubscription,
} from './alerts.store'
import { maskWebhookUrl } from './channels/webhook'
import type { AlertsConfig } from './config'
import {
  RULE_AUDIENCE,
  RULE_KIND_ZH,
  RULE_KINDS,
  RULE_PARAMS,
  type RuleKind,
  SUBSCRIBERS,
  SUBSCRIPTION_KIND_ZH,
  type SubscriptionKind,
  subscriptionKindsFor,
  WEBHOOK_KIND_ZH,
  WEBHOOK_KINDS,
} from './kinds'

/** Rules and subscriptions as people manage them: checks, audit, what the screens show. */

const RULES_MAX = 100

export const ruleKinds = () => RULE_KINDS.map((kind) => ({ kind, label: RULE_KIND_ZH[kind] }))
export const webhookKinds = () => WEBHOOK_KINDS.map((kind) => ({ kind, label: WEBHOOK_KIND_ZH[kind] }))

/** Rules for the screen: webhook addresses masked (the query holds the robot's key), secrets never shown. */
export async function rulesForScreen(db: MetaDatabase) {
  return (await listRules(db)).map((r) => ({
    ...r,
    kind_label: RULE_KIND_ZH[r.kind as RuleKind] ?? r.kind,
    webhook: r.webhook
      ? { kind: r.webhook.kind, url: maskWebhookUrl(r.webhook.url), signed: !!r.webhook.secret }
      : null,
  }))
}

export async function createRule(db: MetaDatabase, rule: Omit<NewRule, 'params'> & { params: unknown }) {
  const parsed = RULE_PARAMS[rule.kind as RuleKind]?.safeParse(rule.params)
  if (!parsed?.success)
    throw new AppError('BAD_REQUEST', '规则参数无效，请检查阈值和状态 (invalid rule settings)')
  if (rule.audience.some((r) => !(RULE_AUDIENCE as readonly string[]).includes(r)))
    throw new AppError('BAD_REQUEST', '接收对象只能是领导、评估人员、管理员或部门 (invalid audience)')
  if (!rule.audience.length && !rule.emails.length && !rule.webhook)
    throw new AppError('BAD_REQUEST', '请至少选择一个接收对象、邮箱或群机器人 (the rule needs a recipient)')
  if ((await listRules(db)).length >= RULES_MAX)
    throw new AppError('CONFLICT', `提醒规则已达上限 ${RULES_MAX} 条 (too many rules)`)
  return db.transaction().execute(async (trx) => {
    const id = await insertRule(trx, { ...rule, params: parsed.data })
    await audit(trx, rule.created_by, 'alert_rule_created', `rule:${id}`, `${rule.kind} ${rule.name}`)
    return id
  })
}

export async function changeRule(
  db: MetaDatabase,
  actor: string,
  id: number,
  change: { enabled: boolean } | 'delete',
) {
  const done = await db.transaction().execute(async (trx) => {
    const ok = change === 'delete' ? await deleteRule(trx, id) : await setRuleEnabled(trx, id, change.enabled)
    if (ok) {
      const action =
        change === 'delete'
          ? 'alert_rule_deleted'
          : change.enabled
            ? 'alert_rule_enabled'
            : 'alert_rule_disabled'
      await audit(trx, actor, action, `rule:${id}`)
    }
    return ok
  })
  if (!done) throw new AppError('NOT_FOUND', `没有编号为 ${id} 的提醒规则 (no such rule)`)
}

/** One person's subscriptions and what they may subscribe to. */
export async function subscriptionsOf(
  db: MetaDatabase,
  user: { username: string; role: Role },
  config: AlertsConfig,
) {
  const rows = await listSubscriptions(db, user.username)
  return {
    rows: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      label: SUBSCRIPTION_KIND_ZH[r.kind as SubscriptionKind] ?? r.kind,
      email: r.email,
      created_at: r.created_at,
    })),
    kinds: subscriptionKindsFor(user.role).map((kind) => ({ kind, label: SUBSCRIPTION_KIND_ZH[kind] })),
    email_enabled: !!config.smtpUrl,
  }
}

export async function subscribe(
  db: MetaDatabase,
  user: { username: string; role: Role },
  kind: SubscriptionKind,
  email: string | null,
) {
  if (!SUBSCRIBERS[kind].includes(user.role))
    throw new AppError('FORBIDDEN', '当前角色不能订阅此项 (your role may not subscribe to this)')
  return upsertSubscription(db, { username: user.username, kind, email })
}

export async function unsubscribe(db: MetaDatabase, username: string, id: number) {
  if (!(await deleteSubscription(db, id, username)))
    throw new AppError('NOT_FOUND', '没有这项订阅 (no such subscription)')
}
