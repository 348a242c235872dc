import { departmentDirectory } from '../tasks/departments'
import type { AppDeps } from '../trpc'
import type { NoteScope } from './notes.store'

/**
 * The names of the scopes notes speak of: 全区, a department's or a town's name (from the
 * governed views, as the filters show them). Only the scopes of notes the caller may read are
 * ever asked for, so no other name reaches anyone.
 */

export const DISTRICT_LABEL = '全区'

/** Towns (code → name) from the applications view, as reference.towns lists them. */
async function townNames(deps: Pick<AppDeps, 'semantic'>): Promise<Map<string, string>> {
  const r = await deps.semantic.load(
    {
      dimensions: ['application_kpis.town_code', 'application_kpis.town_name'],
      order: [['application_kpis.town_code', 'asc']],
      limit: 1000,
    },
    { role: 'admin' },
  )
  return new Map(
    r.data
      .filter((d) => d['application_kpis.town_code'])
      .map((d) => [String(d['application_kpis.town_code']), String(d['application_kpis.town_name'])]),
  )
}

export type ScopeNamer = (scope: NoteScope) => string

/** A function naming each of `scopes` (looked up once; a code the data no longer has stands as itself). */
export async function scopeNamer(
  deps: Pick<AppDeps, 'semantic' | 'meta'>,
  scopes: readonly NoteScope[],
): Promise<ScopeNamer> {
  const depts = scopes.some((s) => s.kind === 'department')
    ? new Map((await departmentDirectory(deps)).map((d) => [d.code, d.name]))
    : new Map<string, string>()
  const towns = scopes.some((s) => s.kind === 'town') ? await townNames(deps) : new Map<string, string>()
  return (s) =>
    s.kind === 'district' ? DISTRICT_LABEL : ((s.kind === 'department' ? depts : towns).get(s.code) ?? s.code)
}

/** Whether the district has this department or town (a note names only scopes that exist). */
export async function scopeExists(
  deps: Pick<AppDeps, 'semantic' | 'meta'>,
  scope: NoteScope,
): Promise<boolean> {
  if (scope.kind === 'district') return true
  if (scope.kind === 'department') return (await departmentDirectory(deps)).some((d) => d.code === scope.code)
  return (await townNames(deps)).has(scope.code)
}
