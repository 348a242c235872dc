import type { MetaDatabase } from '../../../meta/store'

/** The in-app notification centre (migration 0009): one person's notifications, newest first. */

export async function listNotifications(
  db: MetaDatabase,
  username: string,
  opts: { limit: number; unreadOnly: boolean },
) {
  let q = db
    .selectFrom('notifications')
    .select(['id', 'title', 'body', 'link', 'created_at', 'read_at'])
    .where('username', '=', username)
  if (opts.unreadOnly) q = q.where('read_at', 'is', null)
  const rows = await q.orderBy('id', 'desc').limit(opts.limit).execute()
  return rows.map((r) => ({
    ...r,
    created_at: r.created_at.toISOString(),
    read_at: r.read_at?.toISOString() ?? null,
  }))
}

export async function unreadCount(db: MetaDatabase, username: string): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('username', '=', username)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Marks the given notifications (or all) of one person read; returns how many changed. */
export async function markRead(
  db: MetaDatabase,
  username: string,
  ids: readonly number[] | 'all',
): Promise<number> {
  let q = db
    .updateTable('notifications')
    .set({ read_at: new Date() })
    .where('username', '=', username)
    .where('read_at', 'is', null)
  if (ids !== 'all') {
    if (!ids.length) return 0
    q = q.where('id', 'in', ids)
  }
  const rows = await q.returning('id').execute()
  return rows.length
}
