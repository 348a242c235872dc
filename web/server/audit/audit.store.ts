import { type Expression, type SqlBool, sql } from 'kysely'
import type { MetaDatabase } from '../../../meta/store'
import { AUDIT_ACTIONS, type AuditAction } from '../../shared/audit'

/** What the audit page filters by; each part optional. Times are instants, `to` exclusive. */
export interface AuditFilter {
  actor?: string | undefined
  action?: AuditAction | undefined
  /** A piece of the entry's object (case-insensitive). */
  target?: string | undefined
  from?: Date | undefined
  to?: Date | undefined
  /** Entries up to this id only: an export's snapshot, so its count and its rows agree. */
  maxId?: number | undefined
}

export interface AuditRow {
  id: number
  at: Date
  actor: string
  action: string
  target: string
  detail: string
  before: string | null
  after: string | null
}

/** `%` and `_` typed by a person match themselves (the default LIKE escape is the backslash). */
const likeEscaped = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`)

function filtered(db: MetaDatabase, f: AuditFilter) {
  let q = db.selectFrom('audit_log')
  if (f.actor !== undefined) q = q.where('actor', '=', f.actor)
  if (f.action !== undefined) q = q.where('action', '=', f.action)
  if (f.target) q = q.where('target', 'ilike', `%${likeEscaped(f.target)}%`)
  if (f.from) q = q.where('at', '>=', f.from)
  if (f.to) q = q.where('at', '<', f.to)
  if (f.maxId !== undefined) q = q.where('id', '<=', f.maxId)
  return q
}

/**
 * Entries newest first (by time, then id), at most `limit`, after the entry `before` (the
 * last one of the previous page): keyset paging, so a page never shifts when entries are
 * written meanwhile. The cursor's time is read in the database (microseconds; no rounding
 * through JavaScript dates).
 */
export async function listAudit(
  db: MetaDatabase,
  f: AuditFilter,
  page: { limit: number; before?: number | undefined },
): Promise<AuditRow[]> {
  let q = filtered(db, f).select(['id', 'at', 'actor', 'action', 'target', 'detail', 'before', 'after'])
  if (page.before !== undefined) {
    const cursor = page.before
    q = q.where(
      sql<SqlBool>`(at, id) < ((SELECT c.at FROM audit_log c WHERE c.id = ${cursor}), ${cursor})` as Expression<SqlBool>,
    )
  }
  const rows = await q.orderBy('at', 'desc').orderBy('id', 'desc').limit(page.limit).execute()
  return rows.map((r) => ({ ...r, id: Number(r.id) }))
}

/** The newest entry's id (0 when the log is empty). */
export async function latestAuditId(db: MetaDatabase): Promise<number> {
  const row = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst()
  return Number(row?.id ?? 0)
}

/** How many entries the filter matches, counted up to `atMost` (the count stops there). */
export async function countAudit(db: MetaDatabase, f: AuditFilter, atMost: number): Promise<number> {
  const row = await db
    .selectFrom(filtered(db, f).select('id').limit(atMost).as('m'))
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** The allow-listed actions the log holds (one index probe each, not a scan of the log). */
export async function actionsPresent(db: MetaDatabase): Promise<AuditAction[]> {
  const { rows } = await sql<{ code: AuditAction }>`
    SELECT a.code FROM unnest(${[...AUDIT_ACTIONS]}::text[]) WITH ORDINALITY AS a(code, n)
    WHERE EXISTS (SELECT 1 FROM audit_log l WHERE l.action = a.code)
    ORDER BY a.n`.execute(db)
  return rows.map((r) => r.code)
}

/**
 * The people the log names as actors: accounts and the system (`system`, `system:<what>`).
 * Names typed at a failed sign-in are not offered (they are anyone's input); the entries
 * stay listed.
 */
export async function actorsPresent(db: MetaDatabase): Promise<string[]> {
  const accounts = await db
    .selectFrom('users as u')
    .select('u.username')
    .where((eb) =>
      eb.exists(eb.selectFrom('audit_log as l').select('l.id').whereRef('l.actor', '=', 'u.username')),
    )
    .orderBy('u.username')
    .execute()
  const system = await db
    .selectFrom('audit_log')
    .select('actor')
    .distinct()
    .where((eb) => eb.or([eb('actor', '=', 'system'), eb('actor', 'like', 'system:%')]))
    .orderBy('actor')
    .execute()
  return [...accounts.map((a) => a.username), ...system.map((s) => s.actor)]
}
