import type { Role } from '../../../meta/schema'
import type { MetaDatabase } from '../../../meta/store'
import type { WebhookKind } from './kinds'

/** Rules and subscriptions (migration 0009): plain reads and writes; alerts.service.ts has the rules. */

export interface RuleRow {
  id: number
  name: string
  kind: string
  params: unknown
  audience: Role[]
  emails: string[]
  webhook: { kind: WebhookKind; url: string; secret: string | null } | null
  enabled: boolean
  created_by: string
  created_at: string
}

const parse = <T>(text: string, fallback: T): T => {
  try {
    return JSON.parse(text) as T
  } catch {
    return fallback
  }
}

export async function listRules(db: MetaDatabase, onlyEnabled = false): Promise<RuleRow[]> {
  let q = db.selectFrom('alert_rules').selectAll()
  if (onlyEnabled) q = q.where('enabled', '=', true)
  const rows = await q.orderBy('id').execute()
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    params: parse(r.params, {}),
    audience: parse<Role[]>(r.audience, []),
    emails: parse<string[]>(r.emails, []),
    webhook:
      r.webhook_kind && r.webhook_url
        ? { kind: r.webhook_kind, url: r.webhook_url, secret: r.webhook_secret }
        : null,
    enabled: r.enabled,
    created_by: r.created_by,
    created_at: r.created_at.toISOString(),
  }))
}

export interface NewRule {
  name: string
  kind: string
  params: unknown
  audience: readonly Role[]
  emails: readonly string[]
  webhook: { kind: WebhookKind; url: string; secret?: string | undefined } | null
  created_by: string
}

export async function insertRule(db: MetaDatabase, r: NewRule): Promise<number> {
  const row = await db
    .insertInto('alert_rules')
    .values({
      name: r.name,
      kind: r.kind,
      params: JSON.stringify(r.params),
      audience: JSON.stringify(r.audience),
      emails: JSON.stringify(r.emails),
      webhook_kind: r.webhook?.kind ?? null,
      webhook_url: r.webhook?.url ?? null,
      webhook_secret: r.webhook?.secret || null,
      created_by: r.created_by,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function setRuleEnabled(db: MetaDatabase, id: number, enabled: boolean): Promise<boolean> {
  const row = await db
    .updateTable('alert_rules')
    .set({ enabled })
    .where('id', '=', id)
    .returning('id')
    .executeTakeFirst()
  return row !== undefined
}

export async function deleteRule(db: MetaDatabase, id: number): Promise<boolean> {
  const row = await db.deleteFrom('alert_rules').where('id', '=', id).returning('id').executeTakeFirst()
  return row !== undefined
}

/** A subscription with its owner as the run needs them (enabled accounts only). */
export interface SubscriptionRow {
  id: number
  kind: string
  email: string | null
  created_at: string
  username: string
  display_name: string
  role: Role
  dept_code: string | null
}

export async function listSubscriptions(db: MetaDatabase, username?: string): Promise<SubscriptionRow[]> {
  let q = db
    .selectFrom('alert_subscriptions as s')
    .innerJoin('users as u', 'u.username', 's.username')
    .select([
      's.id',
      's.kind',
      's.email',
      's.created_at',
      'u.username',
      'u.display_name',
      'u.role',
      'u.dept_code',
    ])
    .where('u.disabled', '=', false)
  if (username !== undefined) q = q.where('s.username', '=', username)
  const rows = await q.orderBy('s.id').execute()
  return rows.map((r) => ({ ...r, created_at: r.created_at.toISOString() }))
}

/** Subscribes (or changes the email of an existing subscription of the same kind). */
export async function upsertSubscription(
  db: MetaDatabase,
  s: { username: string; kind: string; email: string | null },
): Promise<number> {
  const row = await db
    .insertInto('alert_subscriptions')
    .values(s)
    .onConflict((oc) => oc.columns(['username', 'kind']).doUpdateSet({ email: s.email }))
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function deleteSubscription(db: MetaDatabase, id: number, username: string): Promise<boolean> {
  const row = await db
    .deleteFrom('alert_subscriptions')
    .where('id', '=', id)
    .where('username', '=', username)
    .returning('id')
    .executeTakeFirst()
  return row !== undefined
}

/** Enabled accounts of the given roles (a rule's in-app audience). */
export async function usersWithRoles(db: MetaDatabase, roles: readonly Role[]) {
  if (!roles.length) return []
  return db
    .selectFrom('users')
    .select(['username', 'display_name', 'role', 'dept_code'])
    .where('role', 'in', roles)
    .where('disabled', '=', false)
    .orderBy('username')
    .execute()
}
