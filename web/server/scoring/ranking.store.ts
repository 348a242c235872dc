import { sql } from 'kysely'
import type { TargetOverride } from '../../../indicators/scoring/target-overrides'
import type { RankingStatus, UnitType } from '../../../meta/schema'
import type { MetaDatabase } from '../../../meta/store'

export interface Adjustment {
  unit_code: string
  points: number
  reason: string
  author: string
  /** ISO 8601 instant. */
  at: string
}

export interface FrozenRanking {
  period_key: string
  unit_type: UnitType
  scheme_id: string
  status: RankingStatus
  payload: string
  changed_by: string
  /** ISO 8601 instant. */
  changed_at: string
  /** The target version the ranking was scored with (target-versions.store.ts); null: none. */
  target_version_id: number | null
  /** Whether target_version_id was recorded (not for rankings frozen before versions existed). */
  targets_recorded: boolean
}

export async function listAdjustments(
  db: MetaDatabase,
  periodKey: string,
  unitType: UnitType,
): Promise<Adjustment[]> {
  const rows = await db
    .selectFrom('score_adjustments')
    .select(['unit_code', 'points', 'reason', 'author', 'at'])
    .where('period_key', '=', periodKey)
    .where('unit_type', '=', unitType)
    .orderBy('at')
    .orderBy('id')
    .execute()
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }))
}

export async function addAdjustment(
  db: MetaDatabase,
  a: {
    period_key: string
    unit_type: UnitType
    unit_code: string
    points: number
    reason: string
    author: string
  },
): Promise<number> {
  const { id } = await db.insertInto('score_adjustments').values(a).returning('id').executeTakeFirstOrThrow()
  return Number(id)
}

/** The period's official ranking; `forUpdate` (inside a transaction) holds it until commit. */
export async function getFrozen(
  db: MetaDatabase,
  periodKey: string,
  unitType: UnitType,
): Promise<FrozenRanking | undefined> {
  const row = await db
    .selectFrom('frozen_rankings')
    .selectAll()
    .where('period_key', '=', periodKey)
    .where('unit_type', '=', unitType)
    .executeTakeFirst()
  return row && { ...row, changed_at: row.changed_at.toISOString() }
}

/** One official ranking per period × unit type: the key decides, a second write updates it. */
export async function setFrozen(db: MetaDatabase, r: Omit<FrozenRanking, 'changed_at'>): Promise<void> {
  await db
    .insertInto('frozen_rankings')
    .values(r)
    .onConflict((oc) =>
      oc.columns(['period_key', 'unit_type']).doUpdateSet((eb) => ({
        scheme_id: eb.ref('excluded.scheme_id'),
        status: eb.ref('excluded.status'),
        payload: eb.ref('excluded.payload'),
        changed_by: eb.ref('excluded.changed_by'),
        changed_at: eb.fn('now'),
        target_version_id: eb.ref('excluded.target_version_id'),
        targets_recorded: eb.ref('excluded.targets_recorded'),
      })),
    )
    .execute()
}

/**
 * Serialises everything that changes one period's ranking (adjustments, freeze, publish)
 * until the calling transaction ends, on every app instance.
 */
export async function lockRanking(trx: MetaDatabase, periodKey: string, unitType: UnitType): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`ranking\n${unitType}\n${periodKey}`}, 0))`.execute(
    trx,
  )
}

export async function listOverrides(db: MetaDatabase, year: number): Promise<TargetOverride[]> {
  return db
    .selectFrom('target_overrides')
    .select(['unit_type', 'unit_code', 'indicator_id', 'year', 'target'])
    .where('year', '=', year)
    .execute()
}

/** Writes the targets (a newer upload of the same key replaces it), in batches. */
export async function saveOverrides(db: MetaDatabase, rows: TargetOverride[], author: string): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insertInto('target_overrides')
      .values(rows.slice(i, i + 1000).map((r) => ({ ...r, uploaded_by: author })))
      .onConflict((oc) =>
        oc.columns(['year', 'unit_type', 'unit_code', 'indicator_id']).doUpdateSet((eb) => ({
          target: eb.ref('excluded.target'),
          uploaded_by: eb.ref('excluded.uploaded_by'),
          uploaded_at: eb.fn('now'),
        })),
      )
      .execute()
  }
}

/** One publication of a period's ranking, as stored (usernames, ISO instants). */
export interface Publication {
  id: number
  period_key: string
  unit_type: UnitType
  published_by: string
  published_at: string
  withdraw_requested_by: string | null
  withdraw_requested_at: string | null
  withdraw_reason: string | null
  withdrawn_by: string | null
  withdrawn_at: string | null
}

const iso = (d: Date | null) => (d ? d.toISOString() : null)

function toPublication(r: {
  id: number
  period_key: string
  unit_type: UnitType
  published_by: string
  published_at: Date
  withdraw_requested_by: string | null
  withdraw_requested_at: Date | null
  withdraw_reason: string | null
  withdrawn_by: string | null
  withdrawn_at: Date | null
}): Publication {
  return {
    ...r,
    published_at: r.published_at.toISOString(),
    withdraw_requested_at: iso(r.withdraw_requested_at),
    withdrawn_at: iso(r.withdrawn_at),
  }
}

/** Publications, newest first: of one period × unit type, or of all (at most `limit`). */
export async function listPublications(
  db: MetaDatabase,
  filter: { periodKey?: string; unitType?: UnitType; current?: boolean; limit: number },
): Promise<Publication[]> {
  let q = db.selectFrom('ranking_publications').selectAll()
  if (filter.periodKey !== undefined) q = q.where('period_key', '=', filter.periodKey)
  if (filter.unitType !== undefined) q = q.where('unit_type', '=', filter.unitType)
  if (filter.current) q = q.where('withdrawn_at', 'is', null)
  const rows = await q.orderBy('published_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute()
  return rows.map(toPublication)
}

/** The period's current (not withdrawn) publication. */
export async function currentPublication(
  db: MetaDatabase,
  periodKey: string,
  unitType: UnitType,
): Promise<Publication | undefined> {
  const [p] = await listPublications(db, { periodKey, unitType, current: true, limit: 1 })
  return p
}

export async function addPublication(
  db: MetaDatabase,
  p: { period_key: string; unit_type: UnitType; published_by: string },
): Promise<void> {
  await db.insertInto('ranking_publications').values(p).execute()
}

export async function requestWithdrawal(
  db: MetaDatabase,
  id: number,
  by: string,
  reason: string,
): Promise<void> {
  await db
    .updateTable('ranking_publications')
    .set({ withdraw_requested_by: by, withdraw_requested_at: new Date(), withdraw_reason: reason })
    .where('id', '=', id)
    .execute()
}

export async function markWithdrawn(db: MetaDatabase, id: number, by: string): Promise<void> {
  await db
    .updateTable('ranking_publications')
    .set({ withdrawn_by: by, withdrawn_at: new Date() })
    .where('id', '=', id)
    .execute()
}

/** Display names of the given accounts (unknown usernames are left out). */
export async function displayNames(
  db: MetaDatabase,
  usernames: Iterable<string>,
): Promise<Map<string, string>> {
  const wanted = [...new Set(usernames)].filter(Boolean)
  if (wanted.length === 0) return new Map()
  const rows = await db
    .selectFrom('users')
    .select(['username', 'display_name'])
    .where('username', 'in', wanted)
    .execute()
  return new Map(rows.map((r) => [r.username, r.display_name]))
}
