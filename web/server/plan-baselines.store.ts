import type { MetaDatabase } from '../../meta/store'

/** One change to an evaluator-recorded baseline (value null: the baseline was cleared). */
export interface BaselineRecord {
  indicator_id: string
  value: number | null
  note: string
  recorded_by: string
  /** ISO 8601 instant. */
  recorded_at: string
}

/** Most changes a plan's history answer lists (newest first). */
export const HISTORY_LIMIT = 1_000

const COLUMNS = ['indicator_id', 'value', 'note', 'recorded_by', 'recorded_at'] as const

const toRecord = (r: { recorded_at: Date } & Omit<BaselineRecord, 'recorded_at'>): BaselineRecord => ({
  ...r,
  recorded_at: r.recorded_at.toISOString(),
})

/** The record in force per indicator of a plan (the latest change; a cleared one has value null). */
export async function latestBaselines(
  db: MetaDatabase,
  planId: string,
): Promise<Map<string, BaselineRecord>> {
  const rows = await db
    .selectFrom('plan_baselines')
    .distinctOn('indicator_id')
    .select(COLUMNS)
    .where('plan_id', '=', planId)
    .orderBy('indicator_id')
    .orderBy('id', 'desc')
    .execute()
  return new Map(rows.map((r) => [r.indicator_id, toRecord(r)]))
}

/** Every change to a plan's recorded baselines, newest first (at most HISTORY_LIMIT). */
export async function baselineHistory(db: MetaDatabase, planId: string): Promise<BaselineRecord[]> {
  const rows = await db
    .selectFrom('plan_baselines')
    .select(COLUMNS)
    .where('plan_id', '=', planId)
    .orderBy('id', 'desc')
    .limit(HISTORY_LIMIT)
    .execute()
  return rows.map(toRecord)
}

/** Appends a change; history is never rewritten. */
export async function addBaseline(
  db: MetaDatabase,
  row: { plan_id: string; indicator_id: string; value: number | null; note: string; recorded_by: string },
): Promise<void> {
  await db.insertInto('plan_baselines').values(row).execute()
}
