import { AppError } from '../../../errors/app-error'
import { NOTE_BODY_MAX, NOTES_PER_SCOPE_MAX, type NoteKind } from '../../shared/notes'
import type { PublicUser } from '../auth/users.store'
import { audit } from '../auth/users.store'
import { catalogForYear } from '../plans'
import { displayNames } from '../scoring/ranking.store'
import type { AppDeps } from '../trpc'
import {
  deleteNote,
  getNote,
  type IndicatorNote,
  insertNote,
  listNotes,
  lockNoteScope,
  type NoteScope,
  noteCount,
  setSelected,
} from './notes.store'
import { scopeExists, scopeNamer } from './scope-names'

/**
 * Notes on indicators (动态与说明, issue 19): an explanation, a cause or a measure taken,
 * attached to an indicator × scope × year (optionally a month of it).
 *
 * Who may do what:
 * - leaders, evaluators and admins read and write notes of any scope; on the district the
 *   page lists every scope's notes (the district holds its departments and towns);
 * - analysts read them (they see every scope's figures too) and write none: notes explain
 *   the official figures, which is not their part;
 * - a department account reads and writes only notes whose scope is its own department,
 *   the department taken from the account, never from the request: asking for another
 *   scope lists its own notes (as the scorecard does), writing to another is refused (403),
 *   and a note of another department is "not found" (404), like another department's appeal;
 * - an author deletes their own note (not once it is selected for the reports);
 * - evaluators and admins select notes for the briefing and the final evaluation report.
 * Every change is one transaction with its audit entry.
 */

const WRITERS: ReadonlySet<PublicUser['role']> = new Set(['leader', 'evaluator', 'admin', 'department'])
const SELECTORS: ReadonlySet<PublicUser['role']> = new Set(['evaluator', 'admin'])
/** The district's list holds every scope's notes: bounded as a whole too. */
export const NOTES_LIST_MAX = 500

export interface NoteView extends IndicatorNote {
  scope_name: string
  author_name: string
  selected_by_name: string | null
  /** The caller wrote it and may delete it. */
  mine: boolean
}

function ownDept(user: PublicUser): string {
  if (!user.dept_code)
    throw new AppError('FORBIDDEN', '部门账号未绑定部门 (department account has no department)')
  return user.dept_code
}

const sameScope = (a: NoteScope, b: NoteScope) => a.kind === b.kind && a.code === b.code

/** A scope as asked for: the district has no code, a department or town has one. */
function cleanScope(scope: { kind: NoteScope['kind']; code?: string | undefined }): NoteScope {
  const code = scope.kind === 'district' ? '' : (scope.code ?? '')
  if (scope.kind !== 'district' && code === '')
    throw new AppError('BAD_REQUEST', '请指定部门或镇（街道） (a department or town code is required)')
  return { kind: scope.kind, code }
}

/** A note a department account may see: its own department's; anything else is not there. */
function visibleTo(user: PublicUser, note: IndicatorNote | undefined): IndicatorNote {
  const hidden =
    !note ||
    (user.role === 'department' &&
      !sameScope(
        { kind: note.scope_kind, code: note.scope_code },
        { kind: 'department', code: ownDept(user) },
      ))
  if (hidden) throw new AppError('NOT_FOUND', '没有这条说明 (no such note)')
  return note
}

/** The indicator must be in the year's catalog; a department's must have a department breakdown. */
async function checkIndicator(deps: AppDeps, user: PublicUser, indicatorId: string, year: number) {
  const catalog = await catalogForYear(deps, year)
  const ind = catalog.indicators.find((i) => i.id === indicatorId)
  if (!ind) throw new AppError('NOT_FOUND', `未知指标 ${indicatorId} (unknown indicator)`)
  if (user.role === 'department' && !ind.cube.breakdowns.includes('dept')) {
    throw new AppError(
      'FORBIDDEN',
      '该指标没有部门分解，部门账号不能为其填写说明 (this indicator has no department breakdown)',
    )
  }
  return ind
}

async function views(deps: AppDeps, user: PublicUser, notes: IndicatorNote[]): Promise<NoteView[]> {
  const names = await displayNames(
    deps.meta,
    notes.flatMap((n) => [n.author, n.selected_by ?? '']),
  )
  const scopeName = await scopeNamer(
    deps,
    notes.map((n) => ({ kind: n.scope_kind, code: n.scope_code })),
  )
  return notes.map((n) => ({
    ...n,
    scope_name: scopeName({ kind: n.scope_kind, code: n.scope_code }),
    author_name: names.get(n.author) ?? n.author,
    selected_by_name: n.selected_by ? (names.get(n.selected_by) ?? n.selected_by) : null,
    mine: n.author === user.username,
  }))
}

/** The notes the indicator page shows for its scope and year, newest first, and what the caller may do. */
export async function notesForPage(
  deps: AppDeps,
  user: PublicUser,
  input: { indicatorId: string; year: number; scope: { kind: NoteScope['kind']; code?: string | undefined } },
) {
  await checkIndicator(deps, user, input.indicatorId, input.year)
  const scope: NoteScope =
    user.role === 'department' ? { kind: 'department', code: ownDept(user) } : cleanScope(input.scope)
  // On the district, leaders, evaluators and analysts see every scope's notes.
  const everyScope = scope.kind === 'district'
  const notes = await listNotes(deps.meta, {
    indicatorId: input.indicatorId,
    year: input.year,
    ...(everyScope ? {} : { scope }),
    limit: everyScope ? NOTES_LIST_MAX : NOTES_PER_SCOPE_MAX,
  })
  const scopeName = await scopeNamer(deps, [scope])
  return {
    scope,
    scope_name: scopeName(scope),
    every_scope: everyScope,
    notes: await views(deps, user, notes),
    can_write: WRITERS.has(user.role),
    can_select: SELECTORS.has(user.role),
  }
}

function cleanBody(body: string): string {
  const b = body.trim()
  if (b === '' || b.length > NOTE_BODY_MAX)
    throw new AppError(
      'BAD_REQUEST',
      `请填写说明内容（${NOTE_BODY_MAX}字以内） (a note of at most ${NOTE_BODY_MAX} characters)`,
    )
  return b
}

const scopeText = (s: NoteScope) => (s.kind === 'district' ? s.kind : `${s.kind}:${s.code}`)
const periodText = (year: number, month: number | null) =>
  month === null ? String(year) : `${year}-${String(month).padStart(2, '0')}`

/** Adds a note; returns it as the page shows it. */
export async function addNote(
  deps: AppDeps,
  user: PublicUser,
  input: {
    indicatorId: string
    year: number
    month: number | null
    scope: { kind: NoteScope['kind']; code?: string | undefined }
    kind: NoteKind
    body: string
  },
): Promise<NoteView> {
  if (!WRITERS.has(user.role))
    throw new AppError('FORBIDDEN', '当前角色无权执行此操作 (your role may not do this)')
  const body = cleanBody(input.body)
  const scope = cleanScope(input.scope)
  if (user.role === 'department' && !sameScope(scope, { kind: 'department', code: ownDept(user) })) {
    throw new AppError(
      'FORBIDDEN',
      '部门账号只能为本部门填写说明 (a department writes notes on its own figures only)',
    )
  }
  await checkIndicator(deps, user, input.indicatorId, input.year)
  if (!(await scopeExists(deps, scope)))
    throw new AppError('NOT_FOUND', '没有这个部门或镇（街道） (no such department or town)')
  const note = await deps.meta.transaction().execute(async (trx) => {
    await lockNoteScope(trx, input.indicatorId, input.year, scope)
    if ((await noteCount(trx, input.indicatorId, input.year, scope)) >= NOTES_PER_SCOPE_MAX) {
      throw new AppError(
        'TOO_MANY_REQUESTS',
        `该指标本年度在此范围内最多${NOTES_PER_SCOPE_MAX}条说明 (at most ${NOTES_PER_SCOPE_MAX} notes per indicator, scope and year)`,
      )
    }
    const n = await insertNote(trx, {
      indicator_id: input.indicatorId,
      scope_kind: scope.kind,
      scope_code: scope.code,
      year: input.year,
      month: input.month,
      kind: input.kind,
      body,
      author: user.username,
    })
    await audit(trx, user.username, 'indicator_note_added', `indicator_note:${n.id}`, input.indicatorId, {
      after: {
        indicator_id: input.indicatorId,
        scope: scopeText(scope),
        period: periodText(input.year, input.month),
        kind: input.kind,
        note: body,
      },
    })
    return n
  })
  const [view] = await views(deps, user, [note])
  return view!
}

/** Deletes the caller's own note (not once it is selected for the reports). */
export async function removeNote(deps: AppDeps, user: PublicUser, id: number): Promise<void> {
  await deps.meta.transaction().execute(async (trx) => {
    const note = visibleTo(user, await getNote(trx, id, true))
    if (note.author !== user.username)
      throw new AppError('FORBIDDEN', '只能删除本人填写的说明 (only its author deletes a note)')
    if (note.selected) {
      throw new AppError(
        'CONFLICT',
        '该说明已选入报告，须先由考核人员取消选入才能删除 (selected for the reports: unselect it first)',
      )
    }
    await deleteNote(trx, note.id)
    await audit(
      trx,
      user.username,
      'indicator_note_deleted',
      `indicator_note:${note.id}`,
      note.indicator_id,
      {
        before: {
          indicator_id: note.indicator_id,
          scope: scopeText({ kind: note.scope_kind, code: note.scope_code }),
          period: periodText(note.year, note.month),
          kind: note.kind,
          note: note.body,
        },
      },
    )
  })
}

/** 选入报告: an evaluator selects a note for the briefing and the final report, or takes it out. */
export async function selectNote(
  deps: AppDeps,
  user: PublicUser,
  id: number,
  selected: boolean,
): Promise<void> {
  if (!SELECTORS.has(user.role))
    throw new AppError('FORBIDDEN', '当前角色无权执行此操作 (your role may not do this)')
  await deps.meta.transaction().execute(async (trx) => {
    const note = visibleTo(user, await getNote(trx, id, true))
    if (note.selected === selected) return
    await setSelected(trx, note.id, selected ? user.username : null)
    await audit(
      trx,
      user.username,
      selected ? 'indicator_note_selected' : 'indicator_note_unselected',
      `indicator_note:${note.id}`,
      note.indicator_id,
      { before: { selected: note.selected }, after: { selected } },
    )
  })
}
