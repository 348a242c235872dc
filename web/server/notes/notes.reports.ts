import type { Catalog } from '../../../indicators/catalog.schema'
import { shanghaiDate } from '../../../indicators/shanghai-time'
import type { PublicUser } from '../auth/users.store'
import type { BriefingNotes, ReportNote } from '../reports/report-notes'
import { displayNames } from '../scoring/ranking.store'
import type { AppDeps } from '../trpc'
import { type IndicatorNote, type NoteScope, selectedNotes } from './notes.store'
import { scopeNamer } from './scope-names'

/**
 * The notes evaluators selected for the reports, as a reader may see them: a department
 * account only its own department's notes (in its 通报), everyone else every scope's.
 */

/** Notes a briefing prints (the newest selected). */
export const BRIEFING_NOTES_MAX = 20
/** Selected notes one final evaluation reads (the report prints at most 10 per indicator). */
export const FINAL_NOTES_MAX = 1_000

type Reader = Pick<PublicUser, 'role' | 'dept_code'>
/** What reading the notes needs: the store, and the semantic layer for scope names. */
type ReportDeps = Pick<AppDeps, 'meta' | 'semantic'>

/** A department reads its own department's notes; with no department bound, none. */
function readerScope(reader: Reader): NoteScope | null | undefined {
  if (reader.role !== 'department') return undefined
  return reader.dept_code ? { kind: 'department', code: reader.dept_code } : null
}

async function asReportNotes(
  deps: ReportDeps,
  catalog: Catalog,
  notes: IndicatorNote[],
): Promise<ReportNote[]> {
  const names = await displayNames(
    deps.meta,
    notes.map((n) => n.author),
  )
  const scopeName = await scopeNamer(
    deps,
    notes.map((n) => ({ kind: n.scope_kind, code: n.scope_code })),
  )
  const indicatorName = new Map(catalog.indicators.map((i) => [i.id, i.name_zh]))
  return notes.map((n) => ({
    indicator_id: n.indicator_id,
    indicator_name: indicatorName.get(n.indicator_id) ?? n.indicator_id,
    scope_name: scopeName({ kind: n.scope_kind, code: n.scope_code }),
    period_label: n.month === null ? `${n.year}年` : `${n.year}年${n.month}月`,
    kind: n.kind,
    body: n.body,
    author_name: names.get(n.author) ?? n.author,
    written_on: shanghaiDate(new Date(n.created_at)),
  }))
}

async function readSelected(
  deps: ReportDeps,
  reader: Reader,
  catalog: Catalog,
  years: number[],
  limit: number,
): Promise<ReportNote[]> {
  const scope = readerScope(reader)
  if (scope === null) return []
  const ids = new Set(catalog.indicators.map((i) => i.id))
  const rows = await selectedNotes(deps.meta, { years, ...(scope ? { scope } : {}), limit })
  return asReportNotes(
    deps,
    catalog,
    rows.filter((n) => ids.has(n.indicator_id)),
  )
}

/** The briefing's 情况说明: the year's selected notes, newest first. */
export async function briefingNotes(
  deps: ReportDeps,
  reader: Reader,
  year: number,
  catalog: Catalog,
): Promise<BriefingNotes> {
  const notes = await readSelected(deps, reader, catalog, [year], BRIEFING_NOTES_MAX + 1)
  return { items: notes.slice(0, BRIEFING_NOTES_MAX), more: notes.length > BRIEFING_NOTES_MAX }
}

/** The final evaluation's 情况说明: the selected notes of the plan's years, newest first. */
export function finalReportNotes(
  deps: ReportDeps,
  reader: Reader,
  period: { start: number; end: number },
  catalog: Catalog,
): Promise<ReportNote[]> {
  const years = Array.from({ length: period.end - period.start + 1 }, (_, i) => period.start + i)
  return readSelected(deps, reader, catalog, years, FINAL_NOTES_MAX)
}
