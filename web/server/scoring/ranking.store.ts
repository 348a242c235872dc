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
): Promise<void> {
  await db.insertInto('score_adjustments').values(a).execute()
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
