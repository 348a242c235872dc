import { sql } from 'kysely'
import type { DeliveryStatus } from '../../../meta/schema'
import type { MetaDatabase } from '../../../meta/store'

/**
 * The delivery log (migration 0009): one row per message part and recipient, its key unique.
 * A sender claims rows before sending (insert, or take back a failed row whose retry is due),
 * then records the outcome; a row left `sending` by a sender that stopped becomes `unknown`
 * and is never sent again on its own. Plain reads and writes; the rules are in deliver.ts.
 */

export type { Channel } from '../../shared/alerts'

import type { Channel } from '../../shared/alerts'

export interface DeliveryPart {
  key: string
  origin: 'rule' | 'subscription' | 'evaluation'
  origin_id: number
  origin_name: string
  kind: string
  channel: Channel
  recipient: string
  dept_code: string | null
  subject: string
}

/** After this many failed attempts a part is abandoned. */
export const MAX_ATTEMPTS = 5
const BACKOFF_BASE_MS = 5 * 60_000

/** 5 min, 10, 20, 40 … after the n-th failed attempt. */
export const backoffMs = (attempts: number) => BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1)

/** Statuses of the keys already in the log. */
export async function knownKeys(
  db: MetaDatabase,
  keys: readonly string[],
): Promise<Map<string, DeliveryStatus>> {
  if (!keys.length) return new Map()
  const rows = await db
    .selectFrom('alert_deliveries')
    .select(['key', 'status'])
    .where('key', 'in', keys)
    .execute()
  return new Map(rows.map((r) => [r.key, r.status]))
}

/**
 * Claims parts for sending, atomically per row: a new key is inserted `sending`; a `failed`
 * key whose retry is due is taken back. Returns the claimed rows (another sender's, a sent,
 * an unknown or a backing-off row is not claimed).
 */
export async function claim(
  db: MetaDatabase,
  parts: readonly DeliveryPart[],
  batch: string,
  now: Date,
): Promise<{ id: number; key: string; attempts: number }[]> {
  if (!parts.length) return []
  return db
    .insertInto('alert_deliveries')
    .values(parts.map((p) => ({ ...p, status: 'sending' as const, batch, claimed_at: now, created_at: now })))
    .onConflict((oc) =>
      oc
        .column('key')
        .doUpdateSet({
          status: 'sending',
          attempts: sql`alert_deliveries.attempts + 1`,
          claimed_at: now,
          batch,
          subject: (eb) => eb.ref('excluded.subject'),
        })
        .where('alert_deliveries.status', '=', 'failed')
        .where('alert_deliveries.next_attempt_at', '<=', now),
    )
    .returning(['id', 'key', 'attempts'])
    .execute()
}

/** The message claimed rows went out in (when fewer than asked for were claimed). */
export async function setBatch(
  db: MetaDatabase,
  rows: readonly { id: number }[],
  batch: string,
): Promise<void> {
  await db
    .updateTable('alert_deliveries')
    .set({ batch })
    .where(
      'id',
      'in',
      rows.map((r) => r.id),
    )
    .execute()
}

export async function markSent(db: MetaDatabase, ids: readonly number[], now: Date): Promise<void> {
  if (!ids.length) return
  await db
    .updateTable('alert_deliveries')
    .set({ status: 'sent', sent_at: now, last_error: null, next_attempt_at: null })
    .where('id', 'in', ids)
    .where('status', '=', 'sending')
    .execute()
}

/** A failed send: retried later with back-off, or abandoned (permanent error, attempts used up). */
export async function markFailed(
  db: MetaDatabase,
  rows: readonly { id: number; attempts: number }[],
  error: string,
  retryable: boolean,
  now: Date,
): Promise<DeliveryStatus> {
  let status: DeliveryStatus = 'failed'
  for (const r of rows) {
    const retry = retryable && r.attempts < MAX_ATTEMPTS
    status = retry ? 'failed' : 'abandoned'
    await db
      .updateTable('alert_deliveries')
      .set({
        status,
        last_error: error.slice(0, 1000),
        next_attempt_at: retry ? new Date(now.getTime() + backoffMs(r.attempts)) : null,
      })
      .where('id', '=', r.id)
      .where('status', '=', 'sending')
      .execute()
  }
  return status
}

export const INTERRUPTED =
  '发送过程中断，无法确认是否已送达；如需要请重新发送 (interrupted between sending and recording)'

/** Rows a sender left `sending` before `claimedBefore`: it stopped; their outcome is unknown. */
export async function markInterrupted(db: MetaDatabase, claimedBefore: Date): Promise<number> {
  const rows = await db
    .updateTable('alert_deliveries')
    .set({ status: 'unknown', last_error: INTERRUPTED })
    .where('status', '=', 'sending')
    .where('claimed_at', '<', claimedBefore)
    .returning('id')
    .execute()
  return rows.length
}

/** An in-app part: the log row and the notification in one transaction; false when the key was taken. */
export async function deliverInApp(
  db: MetaDatabase,
  part: DeliveryPart,
  note: { username: string; title: string; body: string; link: string | null },
  batch: string,
  now: Date,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('alert_deliveries')
      .values({ ...part, status: 'sent', batch, claimed_at: now, created_at: now, sent_at: now })
      .onConflict((oc) => oc.column('key').doNothing())
      .returning('id')
      .executeTakeFirst()
    if (!row) return false
    await trx
      .insertInto('notifications')
      .values({ ...note, delivery_id: row.id, created_at: now })
      .execute()
    return true
  })
}

export interface DeliveryFilter {
  status?: DeliveryStatus
  channel?: Channel
  origin?: 'rule' | 'subscription' | 'evaluation'
  recipient?: string
  limit: number
  offset: number
}

/** The log, newest first, and the number of rows the filter matches. */
export async function listDeliveries(db: MetaDatabase, f: DeliveryFilter) {
  let q = db.selectFrom('alert_deliveries')
  if (f.status) q = q.where('status', '=', f.status)
  if (f.channel) q = q.where('channel', '=', f.channel)
  if (f.origin) q = q.where('origin', '=', f.origin)
  if (f.recipient) {
    const like = `%${f.recipient.replace(/[\\%_]/g, '\\$&')}%`
    // An address or account, or the display name of an in-app recipient.
    q = q.where((eb) =>
      eb.or([
        eb('recipient', 'ilike', like),
        eb.and([
          eb('channel', '=', 'inapp'),
          eb(
            'recipient',
            'in',
            eb.selectFrom('users').select('username').where('display_name', 'ilike', like),
          ),
        ]),
      ]),
    )
  }
  const [rows, total] = await Promise.all([
    q
      .select([
        'id',
        'origin',
        'origin_id',
        'origin_name',
        'kind',
        'channel',
        'recipient',
        'dept_code',
        'subject',
        'status',
        'attempts',
        'batch',
        'last_error',
        'created_at',
        'sent_at',
        'next_attempt_at',
      ])
      .orderBy('id', 'desc')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { rows, total: Number(total.n) }
}

/** An admin sends a part again: it becomes due for the next run. False when it cannot be. */
export async function requeue(db: MetaDatabase, id: number, now: Date): Promise<boolean> {
  const row = await db
    .updateTable('alert_deliveries')
    .set({ status: 'failed', next_attempt_at: now, attempts: 0 })
    .where('id', '=', id)
    .where('channel', '<>', 'inapp')
    .where('status', 'in', ['unknown', 'abandoned', 'failed'])
    .returning('id')
    .executeTakeFirst()
  return row !== undefined
}
