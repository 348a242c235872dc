import { sql } from 'kysely'
import type { NoteKind, NoteScopeKind } from '../../../meta/schema'
import type { MetaDatabase } from '../../../meta/store'

/**
 * The metadata store's side of indicator notes (migration 0012): plain reads and writes; who
 * may see and do what is decided in notes.service.ts.
 */

export interface NoteScope {
  kind: NoteScopeKind
  /** '' for the district. */
  code: string
}

export interface IndicatorNote {
  id: number
  indicator_id: string
  scope_kind: NoteScopeKind
  scope_code: string
  year: number
  month: number | null
  kind: NoteKind
  body: string
  author: string
  created_at: string
  selected: boolean
  selected_by: string | null
  selected_at: string | null
}

const COLUMNS = [
  'id',
  'indicator_id',
  'scope_kind',
  'scope_code',
  'year',
  'month',
  'kind',
  'body',
  'author',
  'created_at',
  'selected',
  'selected_by',
  'selected_at',
] as const

function toNote(
  r: Omit<IndicatorNote, 'created_at' | 'selected_at'> & { created_at: Date; selected_at: Date | null },
) {
  return {
    ...r,
    created_at: r.created_at.toISOString(),
    selected_at: r.selected_at ? r.selected_at.toISOString() : null,
  }
}

/**
 * Notes on one indicator in one year, newest first: of one scope, or (no scope) of every
 * scope; at most `limit`.
 */
export async function listNotes(
  db: MetaDatabase,
  q: { indicatorId: string; year: number; scope?: NoteScope; limit: number },
): Promise<IndicatorNote[]> {
  let query = db
    .selectFrom('indicator_notes')
    .select(COLUMNS)
    .where('indicator_id', '=', q.indicatorId)
    .where('year', '=', q.year)
  if (q.scope) query = query.where('scope_kind', '=', q.scope.kind).where('scope_code', '=', q.scope.code)
  const rows = await query.orderBy('id', 'desc').limit(q.limit).execute()
  return rows.map(toNote)
}

/**
 * Notes selected for the reports in these years, newest first, at most `limit`; of one scope
 * only when `scope` is given (a department's 通报).
 */
export async function selectedNotes(
  db: MetaDatabase,
  q: { years: readonly number[]; scope?: NoteScope; limit: number },
): Promise<IndicatorNote[]> {
  if (q.years.length === 0) return []
  let query = db
    .selectFrom('indicator_notes')
    .select(COLUMNS)
    .where('selected', '=', true)
    .where('year', 'in', [...q.years])
  if (q.scope) query = query.where('scope_kind', '=', q.scope.kind).where('scope_code', '=', q.scope.code)
  const rows = await query.orderBy('id', 'desc').limit(q.limit).execute()
  return rows.map(toNote)
}

/** How many notes one indicator × scope × year carries (each is bounded, so is their number). */
export async function noteCount(
  db: MetaDatabase,
  indicatorId: string,
  year: number,
  scope: NoteScope,
): Promise<number> {
  const r = await db
    .selectFrom('indicator_notes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('indicator_id', '=', indicatorId)
    .where('year', '=', year)
    .where('scope_kind', '=', scope.kind)
    .where('scope_code', '=', scope.code)
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

/** Holds one indicator × scope × year until the transaction ends (the count and the insert). */
export async function lockNoteScope(
  trx: MetaDatabase,
  indicatorId: string,
  year: number,
  scope: NoteScope,
): Promise<void> {
  const key = `indicator-notes\n${indicatorId}\n${year}\n${scope.kind}\n${scope.code}`
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx)
}

/** One note; `forUpdate` (inside a transaction) holds its row until commit. */
export async function getNote(
  db: MetaDatabase,
  id: number,
  forUpdate = false,
): Promise<IndicatorNote | undefined> {
  let q = db.selectFrom('indicator_notes').select(COLUMNS).where('id', '=', id)
  if (forUpdate) q = q.forUpdate()
  const r = await q.executeTakeFirst()
  return r && toNote(r)
}

export async function insertNote(
  db: MetaDatabase,
  n: {
    indicator_id: string
    scope_kind: NoteScopeKind
    scope_code: string
    year: number
    month: number | null
    kind: NoteKind
    body: string
    author: string
  },
): Promise<IndicatorNote> {
  const r = await db.insertInto('indicator_notes').values(n).returning(COLUMNS).executeTakeFirstOrThrow()
  return toNote(r)
}

export async function deleteNote(db: MetaDatabase, id: number): Promise<void> {
  await db.deleteFrom('indicator_notes').where('id', '=', id).execute()
}

/** Selects a note for the reports (`by` the evaluator) or clears the selection (`by` null). */
export async function setSelected(db: MetaDatabase, id: number, by: string | null): Promise<void> {
  await db
    .updateTable('indicator_notes')
    .set(
      by
        ? { selected: true, selected_by: by, selected_at: new Date() }
        : { selected: false, selected_by: null, selected_at: null },
    )
    .where('id', '=', id)
    .execute()
}
