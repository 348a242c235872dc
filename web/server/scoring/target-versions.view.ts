import { AppError } from '../../../errors/app-error'
import { listDepartments, listTowns } from '../departments'
import type { AppDeps } from '../trpc'
import { periodFromKey } from './period'
import { displayNames } from './ranking.store'
import {
  type DiffRow,
  diffCounts,
  diffPage,
  getVersion,
  listVersions,
  previousVersion,
  rankingsUsing,
  type TargetVersion,
  versionsEqualTo,
} from './target-versions.store'

/**
 * Target versions as the 目标值版本 panel reads them: a year's list (who by name, which is in
 * force, which frozen rankings used each) and what a version changed, a page at a time, with
 * unit and indicator names. The writes are in target-versions.service.ts.
 */

/** Versions one list answers (newest first). */
export const VERSIONS_MAX = 100
/** Differences one page of a diff answers. */
export const DIFF_PAGE_MAX = 500

/** A year's versions, newest first, with who made them, which is in force and the rankings that used each. */
export async function versionList(deps: AppDeps, year: number) {
  const { versions, total } = await listVersions(deps.meta, year, VERSIONS_MAX)
  const names = await displayNames(
    deps.meta,
    versions.map((v) => v.created_by),
  )
  const used = await rankingsUsing(
    deps.meta,
    versions.map((v) => v.id),
  )
  const current = versions[0]?.id ?? null
  const same =
    current === null
      ? new Set<number>()
      : await versionsEqualTo(
          deps.meta,
          current,
          versions.filter((v) => v.id !== current).map((v) => v.id),
        )
  return {
    year,
    current,
    total,
    versions: versions.map((v) => ({
      ...v,
      created_by_name: names.get(v.created_by) ?? v.created_by,
      current: v.id === current,
      /** Holds the rows in force already: restoring it would change nothing. */
      same_as_current: same.has(v.id),
      rankings: used
        .filter((u) => u.target_version_id === v.id)
        .map((u) => ({
          period_key: u.period_key,
          period_label: periodFromKey(u.period_key)?.label ?? u.period_key,
          unit_type: u.unit_type,
          status: u.status,
        })),
    })),
  }
}

/**
 * What version `id` changed: against `against` (a version of the same year), by default the
 * version before it (none: everything is added). Counts of all, then one page of rows with
 * unit and indicator names.
 */
export async function versionDiff(
  deps: AppDeps,
  securityContext: { role: string; deptCode?: string },
  input: { id: number; against?: number | undefined; offset: number; limit: number },
) {
  const v = await getVersion(deps.meta, input.id)
  if (!v) throw new AppError('NOT_FOUND', `没有目标值版本 #${input.id} (no such target version)`)
  let base: TargetVersion | undefined
  if (input.against !== undefined) {
    base = await getVersion(deps.meta, input.against)
    if (!base) throw new AppError('NOT_FOUND', `没有目标值版本 #${input.against} (no such target version)`)
    if (base.year !== v.year) {
      throw new AppError('BAD_REQUEST', '只能比较同一年度的目标值版本 (compare versions of the same year)')
    }
  } else {
    base = await previousVersion(deps.meta, v)
  }
  const from = base?.id ?? null
  const counts = await diffCounts(deps.meta, from, v.id)
  const rows = await diffPage(deps.meta, from, v.id, { offset: input.offset, limit: input.limit })
  return {
    year: v.year,
    version: v.id,
    against: from,
    counts,
    total: counts.added + counts.changed + counts.removed,
    offset: input.offset,
    rows: await named(deps, securityContext, v.year, rows),
  }
}

/** Diff rows with the unit's and the indicator's names (the code where a name is unknown). */
async function named(
  deps: AppDeps,
  securityContext: { role: string; deptCode?: string },
  year: number,
  rows: DiffRow[],
) {
  const indicators = new Map(
    (deps.plans.forYear(year)?.catalog.indicators ?? []).map((i) => [i.id, i] as const),
  )
  const units = new Map<string, string>()
  if (rows.some((r) => r.unit_type === 'department'))
    for (const d of await listDepartments(deps.semantic, securityContext))
      units.set(`department:${d.code}`, d.name)
  if (rows.some((r) => r.unit_type === 'town'))
    for (const t of await listTowns(deps.semantic, securityContext)) units.set(`town:${t.code}`, t.name)
  return rows.map((r) => ({
    ...r,
    unit_name: units.get(`${r.unit_type}:${r.unit_code}`) ?? r.unit_code,
    indicator_name: indicators.get(r.indicator_id)?.name_zh ?? r.indicator_id,
    /** '%': a fraction shown as a percentage; 'users': a count. */
    indicator_unit: indicators.get(r.indicator_id)?.unit ?? '%',
  }))
}
