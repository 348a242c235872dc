import type { AppealStatus, UnitType } from '../../../meta/schema'
import type { MetaDatabase } from '../../../meta/store'

/**
 * The metadata store's side of the evaluation loop (migration 0010): publicity windows,
 * appeals and their evidence. Plain reads and writes; the rules are in appeals.service.ts.
 */

export interface PublicityWindow {
  id: number
  period_key: string
  unit_type: UnitType
  opened_by: string
  opened_at: string
  closes_at: string
  remind_days: number
  publish_requested_by: string | null
  publish_requested_at: string | null
  ended_at: string | null
  end_reason: 'published' | 'unfrozen' | null
}

export interface Appeal {
  id: number
  window_id: number
  unit_code: string
  subject_kind: 'indicator' | 'adjustment'
  subject_ref: string
  reason: string
  status: AppealStatus
  created_by: string
  created_at: string
  updated_at: string
  filed_by: string | null
  filed_at: string | null
  decided_by: string | null
  decided_at: string | null
  decision_reason: string | null
  adjustment_id: number | null
}

export interface AppealEvidence {
  id: number
  appeal_id: number | null
  dept_code: string
  uploaded_by: string
  uploaded_at: string
  file_name: string
  content_type: string
  bytes: number
  sha256: string
}

const iso = (d: Date | null) => (d ? d.toISOString() : null)

const WINDOW_COLUMNS = [
  'id',
  'period_key',
  'unit_type',
  'opened_by',
  'opened_at',
  'closes_at',
  'remind_days',
  'publish_requested_by',
  'publish_requested_at',
  'ended_at',
  'end_reason',
] as const

function toWindow(r: {
  id: number
  period_key: string
  unit_type: UnitType
  opened_by: string
  opened_at: Date
  closes_at: Date
  remind_days: number
  publish_requested_by: string | null
  publish_requested_at: Date | null
  ended_at: Date | null
  end_reason: 'published' | 'unfrozen' | null
}): PublicityWindow {
  return {
    ...r,
    opened_at: r.opened_at.toISOString(),
    closes_at: r.closes_at.toISOString(),
    publish_requested_at: iso(r.publish_requested_at),
    ended_at: iso(r.ended_at),
  }
}

/** The period's open window (none once published or unfrozen). */
export async function openWindow(
  db: MetaDatabase,
  periodKey: string,
  unitType: UnitType,
): Promise<PublicityWindow | undefined> {
  const r = await db
    .selectFrom('publicity_windows')
    .select(WINDOW_COLUMNS)
    .where('period_key', '=', periodKey)
    .where('unit_type', '=', unitType)
    .where('ended_at', 'is', null)
    .executeTakeFirst()
  return r && toWindow(r)
}

/** The period's latest window, open or ended (what a department last saw). */
export async function latestWindow(
  db: MetaDatabase,
  periodKey: string,
  unitType: UnitType,
): Promise<PublicityWindow | undefined> {
  const r = await db
    .selectFrom('publicity_windows')
    .select(WINDOW_COLUMNS)
    .where('period_key', '=', periodKey)
    .where('unit_type', '=', unitType)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
  return r && toWindow(r)
}

export async function windowById(db: MetaDatabase, id: number): Promise<PublicityWindow | undefined> {
  const r = await db
    .selectFrom('publicity_windows')
    .select(WINDOW_COLUMNS)
    .where('id', '=', id)
    .executeTakeFirst()
  return r && toWindow(r)
}

/** Open windows, and with `endedSince` also those ended since then (the notification run). */
export async function openWindows(db: MetaDatabase, endedSince?: Date): Promise<PublicityWindow[]> {
  const rows = await db
    .selectFrom('publicity_windows')
    .select(WINDOW_COLUMNS)
    .where((eb) =>
      endedSince
        ? eb.or([eb('ended_at', 'is', null), eb('ended_at', '>=', endedSince)])
        : eb('ended_at', 'is', null),
    )
    .orderBy('id')
    .execute()
  return rows.map(toWindow)
}

/** Appeals a unit has in a window (drafts included): each form is bounded, so is their number. */
export async function appealCount(db: MetaDatabase, windowId: number, unitCode: string): Promise<number> {
  const r = await db
    .selectFrom('appeals')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('window_id', '=', windowId)
    .where('unit_code', '=', unitCode)
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

/** Evidence files attached to one appeal. */
export async function evidenceCount(db: MetaDatabase, appealId: number): Promise<number> {
  const r = await db
    .selectFrom('appeal_evidence')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('appeal_id', '=', appealId)
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

export async function insertWindow(
  db: MetaDatabase,
  w: { period_key: string; unit_type: UnitType; opened_by: string; closes_at: Date; remind_days: number },
): Promise<number> {
  const { id } = await db.insertInto('publicity_windows').values(w).returning('id').executeTakeFirstOrThrow()
  return Number(id)
}

export async function endWindow(
  db: MetaDatabase,
  id: number,
  by: string,
  reason: 'published' | 'unfrozen',
): Promise<void> {
  await db
    .updateTable('publicity_windows')
    .set({ ended_at: new Date(), ended_by: by, end_reason: reason })
    .where('id', '=', id)
    .execute()
}

export async function requestPublication(db: MetaDatabase, id: number, by: string): Promise<void> {
  await db
    .updateTable('publicity_windows')
    .set({ publish_requested_by: by, publish_requested_at: new Date() })
    .where('id', '=', id)
    .execute()
}

const APPEAL_COLUMNS = [
  'id',
  'window_id',
  'unit_code',
  'subject_kind',
  'subject_ref',
  'reason',
  'status',
  'created_by',
  'created_at',
  'updated_at',
  'filed_by',
  'filed_at',
  'decided_by',
  'decided_at',
  'decision_reason',
  'adjustment_id',
] as const

function toAppeal(r: {
  id: number
  window_id: number
  unit_code: string
  subject_kind: 'indicator' | 'adjustment'
  subject_ref: string
  reason: string
  status: AppealStatus
  created_by: string
  created_at: Date
  updated_at: Date
  filed_by: string | null
  filed_at: Date | null
  decided_by: string | null
  decided_at: Date | null
  decision_reason: string | null
  adjustment_id: number | null
}): Appeal {
  return {
    ...r,
    created_at: r.created_at.toISOString(),
    updated_at: r.updated_at.toISOString(),
    filed_at: iso(r.filed_at),
    decided_at: iso(r.decided_at),
  }
}

/** Appeals of a window, oldest first; of one unit when `unitCode` is given. */
export async function listAppeals(db: MetaDatabase, windowId: number, unitCode?: string): Promise<Appeal[]> {
  let q = db.selectFrom('appeals').select(APPEAL_COLUMNS).where('window_id', '=', windowId)
  if (unitCode !== undefined) q = q.where('unit_code', '=', unitCode)
  return (await q.orderBy('id').execute()).map(toAppeal)
}

/** One appeal; `forUpdate` (inside a transaction) holds its row until commit. */
export async function getAppeal(
  db: MetaDatabase,
  id: number,
  forUpdate = false,
): Promise<Appeal | undefined> {
  let q = db.selectFrom('appeals').select(APPEAL_COLUMNS).where('id', '=', id)
  if (forUpdate) q = q.forUpdate()
  const r = await q.executeTakeFirst()
  return r && toAppeal(r)
}

export async function insertAppeal(
  db: MetaDatabase,
  a: {
    window_id: number
    unit_code: string
    subject_kind: 'indicator' | 'adjustment'
    subject_ref: string
    reason: string
    created_by: string
  },
): Promise<number> {
  const { id } = await db.insertInto('appeals').values(a).returning('id').executeTakeFirstOrThrow()
  return Number(id)
}

export async function updateDraft(
  db: MetaDatabase,
  id: number,
  patch: { subject_kind: 'indicator' | 'adjustment'; subject_ref: string; reason: string },
): Promise<void> {
  await db
    .updateTable('appeals')
    .set({ ...patch, updated_at: new Date() })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .execute()
}

export async function markFiled(db: MetaDatabase, id: number, by: string): Promise<void> {
  const now = new Date()
  await db
    .updateTable('appeals')
    .set({ status: 'filed', filed_by: by, filed_at: now, updated_at: now })
    .where('id', '=', id)
    .execute()
}

export async function markDecided(
  db: MetaDatabase,
  id: number,
  d: { status: 'accepted' | 'rejected'; by: string; reason: string; adjustmentId: number | null },
): Promise<void> {
  const now = new Date()
  await db
    .updateTable('appeals')
    .set({
      status: d.status,
      decided_by: d.by,
      decided_at: now,
      decision_reason: d.reason,
      adjustment_id: d.adjustmentId,
      updated_at: now,
    })
    .where('id', '=', id)
    .execute()
}

export async function deleteDraft(db: MetaDatabase, id: number): Promise<void> {
  await db.deleteFrom('appeal_evidence').where('appeal_id', '=', id).execute()
  await db.deleteFrom('appeals').where('id', '=', id).where('status', '=', 'draft').execute()
}

/** Filed appeals of a window not yet decided. */
export async function undecidedCount(db: MetaDatabase, windowId: number): Promise<number> {
  const r = await db
    .selectFrom('appeals')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('window_id', '=', windowId)
    .where('status', '=', 'filed')
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

const EVIDENCE_COLUMNS = [
  'id',
  'appeal_id',
  'dept_code',
  'uploaded_by',
  'uploaded_at',
  'file_name',
  'content_type',
  'bytes',
  'sha256',
] as const

const toEvidence = <T extends { uploaded_at: Date }>(r: T) => ({
  ...r,
  uploaded_at: r.uploaded_at.toISOString(),
})

export async function insertAppealEvidence(
  db: MetaDatabase,
  row: Omit<AppealEvidence, 'id' | 'appeal_id' | 'uploaded_at'> & { body: Uint8Array },
): Promise<number> {
  const { id } = await db.insertInto('appeal_evidence').values(row).returning('id').executeTakeFirstOrThrow()
  return Number(id)
}

/** Evidence a person uploaded and has not yet attached to an appeal. */
export async function unattachedAppealEvidence(
  db: MetaDatabase,
  username: string,
): Promise<AppealEvidence[]> {
  const rows = await db
    .selectFrom('appeal_evidence')
    .select(EVIDENCE_COLUMNS)
    .where('uploaded_by', '=', username)
    .where('appeal_id', 'is', null)
    .orderBy('id')
    .execute()
  return rows.map(toEvidence)
}

/** Drops a person's unattached uploads older than `before` (abandoned forms). */
export async function dropStaleAppealEvidence(
  db: MetaDatabase,
  username: string,
  before: Date,
): Promise<void> {
  await db
    .deleteFrom('appeal_evidence')
    .where('uploaded_by', '=', username)
    .where('appeal_id', 'is', null)
    .where('uploaded_at', '<', before)
    .execute()
}

/** Attaches a person's unattached uploads to an appeal; returns how many were attached. */
export async function attachAppealEvidence(
  db: MetaDatabase,
  ids: readonly number[],
  appealId: number,
  username: string,
): Promise<number> {
  if (ids.length === 0) return 0
  const r = await db
    .updateTable('appeal_evidence')
    .set({ appeal_id: appealId })
    .where('id', 'in', [...ids])
    .where('uploaded_by', '=', username)
    .where('appeal_id', 'is', null)
    .executeTakeFirst()
  return Number(r.numUpdatedRows)
}

export async function evidenceOfAppeals(
  db: MetaDatabase,
  appealIds: readonly number[],
): Promise<AppealEvidence[]> {
  if (appealIds.length === 0) return []
  const rows = await db
    .selectFrom('appeal_evidence')
    .select(EVIDENCE_COLUMNS)
    .where('appeal_id', 'in', [...appealIds])
    .orderBy('id')
    .execute()
  return rows.map(toEvidence)
}

export async function appealEvidenceFile(
  db: MetaDatabase,
  id: number,
): Promise<(AppealEvidence & { body: Uint8Array }) | undefined> {
  const r = await db.selectFrom('appeal_evidence').selectAll().where('id', '=', id).executeTakeFirst()
  return r ? { ...toEvidence(r), body: r.body } : undefined
}
