import { sql } from 'kysely'
import type { TargetOverride } from '../../../indicators/scoring/target-overrides'
import type { TargetVersionKind, UnitType } from '../../../meta/schema'
import type { MetaDatabase } from '../../../meta/store'

/**
 * The metadata store's side of target versions (migration 0013): a year's versions, each
 * with the year's complete set of overrides after it, and the differences between two of
 * them, computed in the database and read a page at a time. Plain reads and writes; the
 * rules (what a version holds, restores, audit) are in target-versions.service.ts.
 */

export interface TargetVersion {
  id: number
  year: number
  kind: TargetVersionKind
  file_name: string
  created_by: string
  /** ISO 8601 instant. */
  created_at: string
  rows_added: number
  rows_changed: number
  rows_removed: number
  row_count: number
  restored_from: number | null
}

/** One override of a version, without the year (the version's). */
export type VersionRow = Omit<TargetOverride, 'year'>

export type DiffChange = 'added' | 'changed' | 'removed'

export interface DiffRow {
  change: DiffChange
  unit_type: UnitType
  unit_code: string
  indicator_id: string
  /** The target in the older version; null when added. */
  before: number | null
  /** The target in the newer version; null when removed. */
  after: number | null
}

const COLUMNS = [
  'id',
  'year',
  'kind',
  'file_name',
  'created_by',
  'created_at',
  'rows_added',
  'rows_changed',
  'rows_removed',
  'row_count',
  'restored_from',
] as const

const toVersion = (r: Omit<TargetVersion, 'created_at'> & { created_at: Date }): TargetVersion => ({
  ...r,
  created_at: r.created_at.toISOString(),
})

/** Serialises every change to one year's targets until the calling transaction ends (all instances). */
export async function lockTargetYear(trx: MetaDatabase, year: number): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`target-versions\n${year}`}, 0))`.execute(trx)
}

export async function getVersion(db: MetaDatabase, id: number): Promise<TargetVersion | undefined> {
  const r = await db.selectFrom('target_versions').select(COLUMNS).where('id', '=', id).executeTakeFirst()
  return r && toVersion(r)
}

/** The year's version in force (its newest), if it has any. */
export async function latestVersion(db: MetaDatabase, year: number): Promise<TargetVersion | undefined> {
  const r = await db
    .selectFrom('target_versions')
    .select(COLUMNS)
    .where('year', '=', year)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
  return r && toVersion(r)
}

/** The version before `v` of the same year, if any. */
export async function previousVersion(
  db: MetaDatabase,
  v: TargetVersion,
): Promise<TargetVersion | undefined> {
  const r = await db
    .selectFrom('target_versions')
    .select(COLUMNS)
    .where('year', '=', v.year)
    .where('id', '<', v.id)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
  return r && toVersion(r)
}

/** A year's versions, newest first (at most `limit`), and how many it has in all. */
export async function listVersions(
  db: MetaDatabase,
  year: number,
  limit: number,
): Promise<{ versions: TargetVersion[]; total: number }> {
  const rows = await db
    .selectFrom('target_versions')
    .select(COLUMNS)
    .where('year', '=', year)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
  const { n } = await db
    .selectFrom('target_versions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('year', '=', year)
    .executeTakeFirstOrThrow()
  return { versions: rows.map(toVersion), total: Number(n) }
}

/** A version and its rows (the year's complete set after it), in one transaction with them. */
export async function insertVersion(
  trx: MetaDatabase,
  v: Omit<TargetVersion, 'id' | 'created_at'> & { created_at?: string },
  rows: readonly VersionRow[],
): Promise<number> {
  const { id } = await trx.insertInto('target_versions').values(v).returning('id').executeTakeFirstOrThrow()
  for (let i = 0; i < rows.length; i += 1000) {
    await trx
      .insertInto('target_version_rows')
      .values(
        rows.slice(i, i + 1000).map((r) => ({
          version_id: id,
          unit_type: r.unit_type,
          unit_code: r.unit_code,
          indicator_id: r.indicator_id,
          target: r.target,
        })),
      )
      .execute()
  }
  return Number(id)
}

export async function versionRows(db: MetaDatabase, id: number): Promise<VersionRow[]> {
  return db
    .selectFrom('target_version_rows')
    .select(['unit_type', 'unit_code', 'indicator_id', 'target'])
    .where('version_id', '=', id)
    .orderBy('unit_type')
    .orderBy('unit_code')
    .orderBy('indicator_id')
    .execute()
}

/** Removes the year's overrides of these keys (a restore to a version without them), in batches. */
export async function deleteOverrides(
  trx: MetaDatabase,
  year: number,
  keys: readonly VersionRow[],
): Promise<void> {
  for (let i = 0; i < keys.length; i += 1000) {
    await trx
      .deleteFrom('target_overrides')
      .where('year', '=', year)
      .where((eb) =>
        eb(
          eb.refTuple('unit_type', 'unit_code', 'indicator_id'),
          'in',
          keys.slice(i, i + 1000).map((k) => eb.tuple(k.unit_type, k.unit_code, k.indicator_id)),
        ),
      )
      .execute()
  }
}

/**
 * Which of `ids` hold exactly the rows of version `current` (restoring one would change
 * nothing). One query; each version is a year's set of at most a few thousand rows.
 */
export async function versionsEqualTo(
  db: MetaDatabase,
  current: number,
  ids: readonly number[],
): Promise<Set<number>> {
  if (ids.length === 0) return new Set()
  const { rows } = await sql<{ id: number | string }>`
    SELECT v.id FROM unnest(${[...ids]}::bigint[]) AS v(id)
    WHERE NOT EXISTS (
      SELECT 1
      FROM (SELECT * FROM target_version_rows WHERE version_id = v.id) a
      FULL JOIN (SELECT * FROM target_version_rows WHERE version_id = ${current}) b
        USING (unit_type, unit_code, indicator_id)
      WHERE a.target IS DISTINCT FROM b.target)`.execute(db)
  return new Set(rows.map((r) => Number(r.id)))
}

/**
 * The rows of version `from` (null: an empty set) and `to` full-joined on the override's key:
 * the rows that differ, as a query both the counts and the page read.
 */
const differing = (from: number | null, to: number) => sql<DiffRow>`
  SELECT CASE WHEN a.target IS NULL THEN 'added' WHEN b.target IS NULL THEN 'removed' ELSE 'changed' END AS change,
         coalesce(a.unit_type, b.unit_type) AS unit_type,
         coalesce(a.unit_code, b.unit_code) AS unit_code,
         coalesce(a.indicator_id, b.indicator_id) AS indicator_id,
         a.target AS before,
         b.target AS after
  FROM (SELECT * FROM target_version_rows WHERE version_id = ${from ?? -1}) a
  FULL JOIN (SELECT * FROM target_version_rows WHERE version_id = ${to}) b
    USING (unit_type, unit_code, indicator_id)
  WHERE a.target IS DISTINCT FROM b.target`

export async function diffCounts(
  db: MetaDatabase,
  from: number | null,
  to: number,
): Promise<Record<DiffChange, number>> {
  const { rows } = await sql<{ change: DiffChange; n: number | string }>`
    SELECT change, count(*) AS n FROM (${differing(from, to)}) d GROUP BY change`.execute(db)
  const counts: Record<DiffChange, number> = { added: 0, changed: 0, removed: 0 }
  for (const r of rows) counts[r.change] = Number(r.n)
  return counts
}

/** One page of the differences: added, changed, then removed; by unit, then indicator. */
export async function diffPage(
  db: MetaDatabase,
  from: number | null,
  to: number,
  page: { offset: number; limit: number },
): Promise<DiffRow[]> {
  const { rows } = await sql<DiffRow>`
    SELECT * FROM (${differing(from, to)}) d
    ORDER BY CASE change WHEN 'added' THEN 0 WHEN 'changed' THEN 1 ELSE 2 END, unit_type, unit_code, indicator_id
    LIMIT ${page.limit} OFFSET ${page.offset}`.execute(db)
  return rows
}

/** The rankings (frozen or published) that recorded one of these versions. */
export async function rankingsUsing(
  db: MetaDatabase,
  ids: readonly number[],
): Promise<
  Array<{
    target_version_id: number
    period_key: string
    unit_type: UnitType
    status: 'frozen' | 'published'
  }>
> {
  if (ids.length === 0) return []
  const rows = await db
    .selectFrom('frozen_rankings')
    .select(['target_version_id', 'period_key', 'unit_type', 'status'])
    .where('target_version_id', 'in', [...ids])
    .where('status', '<>', 'unfrozen')
    .orderBy('period_key')
    .orderBy('unit_type')
    .execute()
  // Unfrozen ones were left out above.
  return rows.map((r) => ({
    ...r,
    target_version_id: Number(r.target_version_id),
    status: r.status as 'frozen' | 'published',
  }))
}
