import { AppError } from '../../../errors/app-error'
import type { TargetOverride } from '../../../indicators/scoring/target-overrides'
import type { MetaDatabase } from '../../../meta/store'
import { audit } from '../auth/users.store'
import type { AppDeps } from '../trpc'
import { listOverrides, saveOverrides } from './ranking.store'
import {
  deleteOverrides,
  getVersion,
  insertVersion,
  latestVersion,
  lockTargetYear,
  type TargetVersion,
  type VersionRow,
  versionRows,
} from './target-versions.store'

/**
 * Target versions (目标值版本). Every change to a year's unit-level targets is a version
 * holding the year's complete set of overrides after it: an upload (merged into the year's
 * set, as uploads always were: a row replaces the same unit × indicator, others stay), a
 * restore (the set of an earlier version, as a new version), or the initial version of
 * what was stored before versions existed. target_overrides stays the state in force and
 * is written in the same transaction, under the year's lock, so the year's newest version
 * always equals it. A frozen ranking records the version in force when it was scored.
 */

const keyOf = (r: VersionRow) => `${r.unit_type}\u0000${r.unit_code}\u0000${r.indicator_id}`

/** What `after` changes in `before`: rows added, changed and removed. */
function compare(before: readonly VersionRow[], after: readonly VersionRow[]) {
  const was = new Map(before.map((r) => [keyOf(r), r.target]))
  const is = new Set<string>()
  let added = 0
  let changed = 0
  for (const r of after) {
    const k = keyOf(r)
    is.add(k)
    const old = was.get(k)
    if (old === undefined) added++
    else if (old !== r.target) changed++
  }
  const removed = before.filter((r) => !is.has(keyOf(r)))
  return { rows_added: added, rows_changed: changed, rows_removed: removed.length, removedRows: removed }
}

const strip = ({ unit_type, unit_code, indicator_id, target }: VersionRow): VersionRow => ({
  unit_type,
  unit_code,
  indicator_id,
  target,
})

/**
 * The year's version in force, under its lock. Overrides stored without a version (before
 * versions existed, or copied in by the one-time import of an older data directory) first
 * become the year's initial version, so every later version has a previous one to compare with.
 */
async function versionInForce(
  trx: MetaDatabase,
  year: number,
  current: readonly VersionRow[],
): Promise<TargetVersion | undefined> {
  const latest = await latestVersion(trx, year)
  if (latest || current.length === 0) return latest
  const stored = await trx
    .selectFrom('target_overrides')
    .select(['uploaded_by', 'uploaded_at'])
    .where('year', '=', year)
    .orderBy('uploaded_at', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow()
  const id = await insertVersion(
    trx,
    {
      year,
      kind: 'initial',
      file_name: '',
      created_by: stored.uploaded_by,
      created_at: stored.uploaded_at.toISOString(),
      rows_added: current.length,
      rows_changed: 0,
      rows_removed: 0,
      row_count: current.length,
      restored_from: null,
    },
    current.map(strip),
  )
  return getVersion(trx, id)
}

/**
 * The id of the year's version in force (null: the year has no overrides), inside the
 * caller's transaction and under the year's lock until it ends: what a freeze records.
 */
export async function targetVersionInForce(trx: MetaDatabase, year: number): Promise<number | null> {
  await lockTargetYear(trx, year)
  return (await versionInForce(trx, year, await listOverrides(trx, year)))?.id ?? null
}

export interface RecordedVersion {
  year: number
  id: number
  rows_added: number
  rows_changed: number
  rows_removed: number
}

/**
 * Stores an upload's rows (already validated, all or nothing) and makes one version per year
 * they name, each audited with the version before and after. One transaction.
 */
export async function saveUpload(
  deps: AppDeps,
  actor: string,
  fileName: string,
  rows: readonly TargetOverride[],
): Promise<RecordedVersion[]> {
  const years = [...new Set(rows.map((r) => r.year))].sort((a, b) => a - b)
  return deps.meta.transaction().execute(async (trx) => {
    // Years in order, so two uploads naming the same years never wait on each other in a circle.
    for (const year of years) await lockTargetYear(trx, year)
    const out: RecordedVersion[] = []
    for (const year of years) {
      const incoming = rows.filter((r) => r.year === year)
      const before = await listOverrides(trx, year)
      const prev = await versionInForce(trx, year, before)
      const merged = new Map(before.map((r) => [keyOf(r), strip(r)]))
      for (const r of incoming) merged.set(keyOf(r), strip(r))
      const after = [...merged.values()]
      const { removedRows: _, ...counts } = compare(before, after)
      const id = await insertVersion(
        trx,
        {
          year,
          kind: 'upload',
          file_name: fileName,
          created_by: actor,
          ...counts,
          row_count: after.length,
          restored_from: null,
        },
        after,
      )
      await saveOverrides(trx, incoming, actor)
      await audit(trx, actor, 'targets_uploaded', fileName, `${incoming.length} rows`, {
        before: { years: year, version: prev?.id ?? null, overrides: before.length },
        after: {
          file_name: fileName,
          years: year,
          version: id,
          rows: incoming.length,
          units: new Set(incoming.map((r) => `${r.unit_type}:${r.unit_code}`)).size,
          indicators: new Set(incoming.map((r) => r.indicator_id)).size,
          overrides: after.length,
          ...counts,
        },
      })
      out.push({ year, id, ...counts })
    }
    return out
  })
}

/**
 * Makes version `id`'s set the year's targets again, as a new version that names it
 * (restored_from): one transaction under the year's lock, audited with the version and
 * counts before and after. Refused when it would change nothing.
 */
export async function restoreVersion(deps: AppDeps, actor: string, id: number): Promise<RecordedVersion> {
  const source = await getVersion(deps.meta, id)
  if (!source) throw new AppError('NOT_FOUND', `没有目标值版本 #${id} (no such target version)`)
  const { year } = source
  return deps.meta.transaction().execute(async (trx) => {
    await lockTargetYear(trx, year)
    const before = await listOverrides(trx, year)
    const prev = await versionInForce(trx, year, before)
    const target = await versionRows(trx, id)
    const { removedRows, ...counts } = compare(before, target)
    if (counts.rows_added + counts.rows_changed + counts.rows_removed === 0) {
      throw new AppError(
        'CONFLICT',
        `版本 #${id} 与当前生效的目标值完全相同，无需恢复 (version #${id} equals the targets in force; nothing would change)`,
      )
    }
    const newId = await insertVersion(
      trx,
      {
        year,
        kind: 'restore',
        file_name: '',
        created_by: actor,
        ...counts,
        row_count: target.length,
        restored_from: id,
      },
      target,
    )
    const was = new Map(before.map((r) => [keyOf(r), r.target]))
    await deleteOverrides(trx, year, removedRows)
    await saveOverrides(
      trx,
      target.filter((r) => was.get(keyOf(r)) !== r.target).map((r) => ({ ...r, year })),
      actor,
    )
    await audit(trx, actor, 'targets_restored', `target_version:${id}`, '', {
      before: { years: year, version: prev?.id ?? null, overrides: before.length },
      after: { years: year, version: newId, restored_from: id, overrides: target.length, ...counts },
    })
    return { year, id: newId, ...counts }
  })
}
