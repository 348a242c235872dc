import { useQuery } from '@tanstack/react-query'
import type { Scope } from '../../lib/scope'
import type { Inputs, Me, Outputs } from '../../lib/types'
import { useTRPC } from '../../trpc'

export type NotesPage = Outputs['notes']['list']
export type Note = NotesPage['notes'][number]
export type NoteScope = Inputs['notes']['list']['scope']

/**
 * The scope a page's notes belong to: a department account's own department (the server
 * forces it too); else the department in scope, the town in scope, or the whole district.
 */
export function noteScope(me: Me, scope: Scope): NoteScope {
  if (me.role === 'department') return { kind: 'department', code: me.dept_code ?? '' }
  if (scope.deptCode) return { kind: 'department', code: scope.deptCode }
  if (scope.regionCode) return { kind: 'town', code: scope.regionCode }
  return { kind: 'district' }
}

/**
 * The notes of one indicator in the page's scope and year (the chart and the list share the
 * query); `enabled`: once the page has its figures (a refused page asks for no notes).
 */
export function useIndicatorNotes(me: Me, scope: Scope, indicatorId: string, year: number, enabled = true) {
  const trpc = useTRPC()
  return useQuery({
    ...trpc.notes.list.queryOptions({ indicatorId, year, scope: noteScope(me, scope) }),
    enabled,
  })
}

/** Notes per month ('MM', as the monthly chart labels its points), for its markers. */
export function notesByMonth(notes: readonly Note[] | undefined): Map<string, number> {
  const byMonth = new Map<string, number>()
  for (const n of notes ?? []) {
    if (n.month === null) continue
    const key = String(n.month).padStart(2, '0')
    byMonth.set(key, (byMonth.get(key) ?? 0) + 1)
  }
  return byMonth
}
