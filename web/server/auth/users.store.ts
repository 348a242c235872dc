import { sql } from 'kysely'
import type { MetaDatabase } from '../../../meta/store'
import { type AuditChange, changeText } from '../audit/change'
import type { Role } from './roles'

export interface User {
  username: string
  display_name: string
  role: Role
  dept_code: string | null
  password_hash: string
  disabled: boolean
  /** Epoch milliseconds. */
  password_changed_at: number
}

export type PublicUser = Omit<User, 'password_hash'>

const USER_COLUMNS = [
  'username',
  'display_name',
  'role',
  'dept_code',
  'password_hash',
  'disabled',
  'password_changed_at',
] as const

export async function findUser(db: MetaDatabase, username: string): Promise<User | undefined> {
  const row = await db
    .selectFrom('users')
    .select(USER_COLUMNS)
    .where('username', '=', username)
    .executeTakeFirst()
  return row && { ...row, password_changed_at: row.password_changed_at.getTime() }
}

export async function listUsers(db: MetaDatabase): Promise<PublicUser[]> {
  const rows = await db
    .selectFrom('users')
    .select(['username', 'display_name', 'role', 'dept_code', 'disabled', 'password_changed_at'])
    .orderBy('role')
    .orderBy('username')
    .execute()
  return rows.map((r) => ({ ...r, password_changed_at: r.password_changed_at.getTime() }))
}

/** Each account's latest successful sign-in (epoch ms), from the audit log. */
export async function lastSignIns(
  db: MetaDatabase,
  usernames: readonly string[],
): Promise<Map<string, number>> {
  if (usernames.length === 0) return new Map()
  const rows = await db
    .selectFrom('audit_log')
    .select((eb) => ['actor', eb.fn.max('at').as('last')])
    .where('action', '=', 'sign_in')
    .where('actor', 'in', usernames)
    .groupBy('actor')
    .execute()
  return new Map(rows.map((r) => [r.actor, new Date(r.last as unknown as string | Date).getTime()]))
}

export async function countUsers(db: MetaDatabase): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/**
 * Creates or updates an account in one statement (the username is the key);
 * `passwordChanged` moves password_changed_at to the database's now, which ends the
 * sessions that began before it.
 */
export async function saveUser(
  db: MetaDatabase,
  user: Omit<User, 'password_changed_at'>,
  passwordChanged: boolean,
): Promise<void> {
  const values = {
    username: user.username,
    display_name: user.display_name,
    role: user.role,
    dept_code: user.dept_code,
    password_hash: user.password_hash,
    disabled: user.disabled,
  }
  await db
    .insertInto('users')
    .values(values)
    .onConflict((oc) =>
      oc.column('username').doUpdateSet((eb) => ({
        display_name: eb.ref('excluded.display_name'),
        role: eb.ref('excluded.role'),
        dept_code: eb.ref('excluded.dept_code'),
        password_hash: eb.ref('excluded.password_hash'),
        disabled: eb.ref('excluded.disabled'),
        updated_at: eb.fn('now'),
        ...(passwordChanged ? { password_changed_at: eb.fn('clock_timestamp') } : {}),
      })),
    )
    .execute()
}

/**
 * Creates `user` only if there is no account at all, with its audit entry, in one
 * transaction under a lock: instances starting together create one first account, not one
 * each. Whether this call created it.
 */
export async function createFirstAccount(
  db: MetaDatabase,
  user: Omit<User, 'password_changed_at'>,
  auditDetail: string,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtextextended('first-account', 0))`.execute(trx)
    if ((await countUsers(trx)) > 0) return false
    await saveUser(trx, user, true)
    await audit(trx, 'system', 'user_created', user.username, auditDetail)
    return true
  })
}

/**
 * Who did what; written in the same transaction as the change it records (pass the
 * transaction). `action` is one of AUDIT_ACTIONS (web/shared/audit.ts: the audit page's
 * filter and words). `change`: what it changed, where the values are at hand — plain
 * objects field by field (field codes in AUDIT_FIELDS), stored as bounded JSON text with
 * secrets hidden (audit/change.ts); never pass password hashes or secrets.
 */
export async function audit(
  db: MetaDatabase,
  actor: string,
  action: string,
  target = '',
  detail = '',
  change?: AuditChange,
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor,
      action,
      target,
      detail,
      before: changeText(change?.before),
      after: changeText(change?.after),
    })
    .execute()
}
