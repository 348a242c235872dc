import type { Warehouse } from '../../../warehouse/client'

export interface Adjustment {
  unit_code: string
  points: number
  reason: string
  author: string
  at: string
}

export interface FrozenRanking {
  period_key: string
  unit_type: string
  scheme_id: string
  status: 'frozen' | 'unfrozen' | 'published'
  payload: string
  changed_by: string
  changed_at: string
}

export async function listAdjustments(
  wh: Warehouse,
  periodKey: string,
  unitType: string,
): Promise<Adjustment[]> {
  const rows = await wh.rows<Adjustment>(
    `SELECT unit_code, points, reason, author, toString(at) AS at FROM score_adjustments
     WHERE period_key = {p:String} AND unit_type = {t:String} ORDER BY at`,
    { p: periodKey, t: unitType },
  )
  return rows.map((r) => ({ ...r, points: Number(r.points) }))
}

export async function addAdjustment(
  wh: Warehouse,
  a: {
    period_key: string
    unit_type: string
    unit_code: string
    points: number
    reason: string
    author: string
  },
): Promise<void> {
  await wh.command(
    `INSERT INTO score_adjustments (period_key, unit_type, unit_code, points, reason, author)
     VALUES ({period_key:String}, {unit_type:String}, {unit_code:String}, {points:Float64}, {reason:String}, {author:String})`,
    a,
  )
}

export async function getFrozen(
  wh: Warehouse,
  periodKey: string,
  unitType: string,
): Promise<FrozenRanking | undefined> {
  const rows = await wh.rows<FrozenRanking>(
    `SELECT period_key, toString(unit_type) AS unit_type, scheme_id, toString(status) AS status, payload, changed_by,
            toString(changed_at) AS changed_at
     FROM frozen_rankings FINAL WHERE period_key = {p:String} AND unit_type = {t:String}`,
    { p: periodKey, t: unitType },
  )
  return rows[0]
}

export async function setFrozen(wh: Warehouse, r: Omit<FrozenRanking, 'changed_at'>): Promise<void> {
  await wh.command(
    `INSERT INTO frozen_rankings (period_key, unit_type, scheme_id, status, payload, changed_by, _version)
     VALUES ({period_key:String}, {unit_type:String}, {scheme_id:String}, {status:String}, {payload:String},
             {changed_by:String}, {v:UInt64})`,
    { ...r, v: Date.now() * 1000 + Math.floor(Math.random() * 1000) },
  )
}

export interface StoredOverride {
  unit_type: 'department' | 'town'
  unit_code: string
  indicator_id: string
  year: number
  target: number
}

export async function listOverrides(wh: Warehouse, year: number): Promise<StoredOverride[]> {
  const rows = await wh.rows<StoredOverride>(
    `SELECT toString(unit_type) AS unit_type, unit_code, toString(indicator_id) AS indicator_id, year, target
     FROM target_overrides FINAL WHERE year = {year:UInt16}`,
    { year },
  )
  return rows.map((r) => ({ ...r, year: Number(r.year), target: Number(r.target) }))
}

export async function saveOverrides(wh: Warehouse, rows: StoredOverride[], author: string): Promise<void> {
  if (!rows.length) return
  const v = Date.now() * 1000
  await wh.insert(
    'target_overrides',
    rows.map((r, i) => ({ ...r, uploaded_by: author, _version: v + i })),
  )
}
