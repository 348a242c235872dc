import type { CheckinState } from '../../../meta/schema'
import type { MetaDatabase } from '../../../meta/store'

/**
 * The metadata store's side of plan tasks (migration 0008): locally agreed tasks, assignments,
 * check-ins and evidence. Plain reads and writes; the rules are in tasks.service.ts.
 */

export interface DeptRef {
  code: string
  name: string
}

export interface LocalTaskRow {
  id: string
  plan_id: string
  title_zh: string
  area: string
  start: string
  deadline: string
  indicators: string[]
  basis: string
  created_by: string
  created_at: string
}

export interface AssignmentRow {
  task_id: string
  lead: DeptRef | null
  partners: DeptRef[]
  note: string
  assigned_by: string
  assigned_at: string
}

export interface CheckinRow {
  id: number
  plan_id: string
  task_id: string
  dept_code: string
  percent: number
  note: string
  filed_by: string
  filed_at: string
  state: CheckinState
  reviewed_by: string | null
  reviewed_at: string | null
  review_reason: string | null
}

export interface EvidenceMeta {
  id: number
  checkin_id: number | null
  dept_code: string
  uploaded_by: string
  uploaded_at: string
  file_name: string
  content_type: string
  bytes: number
  sha256: string
}

export const LOCAL_PREFIX = 'local_'

const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : new Date(d).toISOString())
const isoOrNull = (d: Date | string | null) => (d === null ? null : iso(d))

const parseList = <T>(text: string): T[] => {
  try {
    const v: unknown = JSON.parse(text)
    return Array.isArray(v) ? (v as T[]) : []
  } catch {
    return []
  }
}

export async function localTasks(db: MetaDatabase, planId: string): Promise<LocalTaskRow[]> {
  const rows = await db
    .selectFrom('local_tasks')
    .selectAll()
    .where('plan_id', '=', planId)
    .orderBy('seq')
    .execute()
  return rows.map((r) => ({
    id: `${LOCAL_PREFIX}${r.seq}`,
    plan_id: r.plan_id,
    title_zh: r.title_zh,
    area: r.area,
    start: r.start_on,
    deadline: r.deadline,
    indicators: parseList<string>(r.indicators),
    basis: r.basis,
    created_by: r.created_by,
    created_at: iso(r.created_at),
  }))
}

export async function addLocalTask(
  db: MetaDatabase,
  row: Omit<LocalTaskRow, 'id' | 'created_at'>,
): Promise<string> {
  const { seq } = await db
    .insertInto('local_tasks')
    .values({
      plan_id: row.plan_id,
      title_zh: row.title_zh,
      area: row.area,
      start_on: row.start,
      deadline: row.deadline,
      indicators: JSON.stringify(row.indicators),
      basis: row.basis,
      created_by: row.created_by,
    })
    .returning('seq')
    .executeTakeFirstOrThrow()
  return `${LOCAL_PREFIX}${seq}`
}

/** The assignment in force per task of a plan (the latest change). */
export async function latestAssignments(
  db: MetaDatabase,
  planId: string,
): Promise<Map<string, AssignmentRow>> {
  const rows = await db
    .selectFrom('task_assignments')
    .distinctOn('task_id')
    .selectAll()
    .where('plan_id', '=', planId)
    .orderBy('task_id')
    .orderBy('id', 'desc')
    .execute()
  return new Map(
    rows.map((r) => [
      r.task_id,
      {
        task_id: r.task_id,
        lead: r.lead_code !== null && r.lead_name !== null ? { code: r.lead_code, name: r.lead_name } : null,
        partners: parseList<DeptRef>(r.partners),
        note: r.note,
        assigned_by: r.assigned_by,
        assigned_at: iso(r.assigned_at),
      },
    ]),
  )
}

export async function addAssignment(
  db: MetaDatabase,
  row: {
    plan_id: string
    task_id: string
    lead: DeptRef | null
    partners: DeptRef[]
    note: string
    by: string
  },
): Promise<void> {
  await db
    .insertInto('task_assignments')
    .values({
      plan_id: row.plan_id,
      task_id: row.task_id,
      lead_code: row.lead?.code ?? null,
      lead_name: row.lead?.name ?? null,
      partners: JSON.stringify(row.partners),
      note: row.note,
      assigned_by: row.by,
    })
    .execute()
}

type CheckinSelect = {
  id: number
  plan_id: string
  task_id: string
  dept_code: string
  percent: number
  note: string
  filed_by: string
  filed_at: Date
  state: CheckinState
  reviewed_by: string | null
  reviewed_at: Date | null
  review_reason: string | null
}

const toCheckin = (r: CheckinSelect): CheckinRow => ({
  ...r,
  percent: Number(r.percent),
  filed_at: iso(r.filed_at),
  reviewed_at: isoOrNull(r.reviewed_at),
})

/** Every check-in of a plan's tasks (or one task's), oldest first. */
export async function checkins(db: MetaDatabase, planId: string, taskId?: string): Promise<CheckinRow[]> {
  let q = db.selectFrom('task_checkins').selectAll().where('plan_id', '=', planId)
  if (taskId !== undefined) q = q.where('task_id', '=', taskId)
  return (await q.orderBy('id').execute()).map(toCheckin)
}

export async function checkinById(db: MetaDatabase, id: number): Promise<CheckinRow | undefined> {
  const r = await db.selectFrom('task_checkins').selectAll().where('id', '=', id).executeTakeFirst()
  return r ? toCheckin(r) : undefined
}

export async function insertCheckin(
  db: MetaDatabase,
  row: {
    plan_id: string
    task_id: string
    dept_code: string
    percent: number
    note: string
    filed_by: string
  },
): Promise<number> {
  const { id } = await db.insertInto('task_checkins').values(row).returning('id').executeTakeFirstOrThrow()
  return Number(id)
}

/** A check-in already decided, with its own dates (the demo district's history). */
export async function insertDecidedCheckin(
  db: MetaDatabase,
  row: Omit<CheckinRow, 'id' | 'state' | 'reviewed_by' | 'reviewed_at'> & {
    state: 'accepted' | 'returned'
    reviewed_by: string
    reviewed_at: string
  },
): Promise<void> {
  await db.insertInto('task_checkins').values(row).execute()
}

/** Whether anything was ever reported on a plan's tasks. */
export async function hasCheckins(db: MetaDatabase, planId: string): Promise<boolean> {
  const r = await db
    .selectFrom('task_checkins')
    .select('id')
    .where('plan_id', '=', planId)
    .limit(1)
    .executeTakeFirst()
  return r !== undefined
}

/** Decides a pending check-in; false when it was no longer pending (someone else decided). */
export async function decideCheckin(
  db: MetaDatabase,
  id: number,
  decision: { state: 'accepted' | 'returned'; by: string; reason: string | null },
): Promise<boolean> {
  const r = await db
    .updateTable('task_checkins')
    .set({
      state: decision.state,
      reviewed_by: decision.by,
      reviewed_at: new Date(),
      review_reason: decision.reason,
    })
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

const EVIDENCE_META = [
  'id',
  'checkin_id',
  'dept_code',
  'uploaded_by',
  'uploaded_at',
  'file_name',
  'content_type',
  'bytes',
  'sha256',
] as const

type EvidenceSelect = Omit<EvidenceMeta, 'uploaded_at'> & { uploaded_at: Date }
const toEvidence = (r: EvidenceSelect): EvidenceMeta => ({
  ...r,
  id: Number(r.id),
  checkin_id: r.checkin_id === null ? null : Number(r.checkin_id),
  bytes: Number(r.bytes),
  uploaded_at: iso(r.uploaded_at),
})

export async function insertEvidence(
  db: MetaDatabase,
  row: Omit<EvidenceMeta, 'id' | 'checkin_id' | 'uploaded_at'> & { body: Uint8Array },
): Promise<number> {
  const { id } = await db.insertInto('task_evidence').values(row).returning('id').executeTakeFirstOrThrow()
  return Number(id)
}

/** Evidence a person uploaded and has not yet filed with a check-in. */
export async function unattachedEvidence(db: MetaDatabase, username: string): Promise<EvidenceMeta[]> {
  const rows = await db
    .selectFrom('task_evidence')
    .select(EVIDENCE_META)
    .where('uploaded_by', '=', username)
    .where('checkin_id', 'is', null)
    .orderBy('id')
    .execute()
  return rows.map(toEvidence)
}

/** Drops a person's unfiled uploads older than `before` (abandoned forms). */
export async function dropStaleEvidence(db: MetaDatabase, username: string, before: Date): Promise<void> {
  await db
    .deleteFrom('task_evidence')
    .where('uploaded_by', '=', username)
    .where('checkin_id', 'is', null)
    .where('uploaded_at', '<', before)
    .execute()
}

/** Attaches a person's unfiled uploads to a check-in; returns how many were attached. */
export async function attachEvidence(
  db: MetaDatabase,
  ids: readonly number[],
  username: string,
  checkinId: number,
): Promise<number> {
  if (ids.length === 0) return 0
  const r = await db
    .updateTable('task_evidence')
    .set({ checkin_id: checkinId })
    .where('id', 'in', [...ids])
    .where('uploaded_by', '=', username)
    .where('checkin_id', 'is', null)
    .executeTakeFirst()
  return Number(r.numUpdatedRows)
}

/** Evidence of the given check-ins (metadata only). */
export async function evidenceOf(db: MetaDatabase, checkinIds: readonly number[]): Promise<EvidenceMeta[]> {
  if (checkinIds.length === 0) return []
  const rows = await db
    .selectFrom('task_evidence')
    .select(EVIDENCE_META)
    .where('checkin_id', 'in', [...checkinIds])
    .orderBy('id')
    .execute()
  return rows.map(toEvidence)
}

export async function evidenceFile(
  db: MetaDatabase,
  id: number,
): Promise<(EvidenceMeta & { body: Uint8Array }) | undefined> {
  const r = await db.selectFrom('task_evidence').selectAll().where('id', '=', id).executeTakeFirst()
  return r ? { ...toEvidence(r), body: r.body } : undefined
}
