import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expect } from 'vitest'
import { loadFile } from '../../etl/load/load'
import { csvLine } from '../../etl/read/csv-text'
import type { Warehouse } from '../../warehouse/client'
import { openTempWarehouse } from '../../warehouse/testing'
import { createSemanticLayer, type SemanticLayer, type SemanticLayerOptions } from '../engine/engine'
import type { SecurityContext } from '../engine/security'

/** A real migrated embedded warehouse and a real compiled engine over it. One per test file. */
export interface TestLayer {
  wh: Warehouse
  sl: SemanticLayer
  dispose(): Promise<void>
}

export async function openTestLayer(options: Partial<SemanticLayerOptions> = {}): Promise<TestLayer> {
  const t = await openTempWarehouse('semantic-layer-test-')
  const sl = createSemanticLayer({ warehouse: t.wh.config, ...options })
  return {
    wh: t.wh,
    sl,
    dispose: async () => {
      await sl.close()
      await t.dispose()
    },
  }
}

export const LEADER: SecurityContext = { role: 'leader' }

export type FixtureRow = Record<string, string | number | boolean | null>

const typeCache = new Map<string, Map<string, string>>()

async function columnTypes(wh: Warehouse, table: string): Promise<Map<string, string>> {
  const cached = typeCache.get(table)
  if (cached) return cached
  const rows = await wh.rows<{ name: string; type: string }>(
    'SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = {table:String}',
    { table },
  )
  const types = new Map(rows.map((r) => [r.name, r.type]))
  typeCache.set(table, types)
  return types
}

/**
 * Loads fixture rows the way real data arrives: written to a contract CSV file (English
 * headers) and loaded by the ETL, which must accept every row.
 */
export async function loadRows(wh: Warehouse, dataset: string, rows: FixtureRow[]): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-fixture-'))
  try {
    const file = path.join(dir, `${dataset}.csv`)
    const headers = [...new Set(rows.flatMap((r) => Object.keys(r)))]
    const cell = (v: FixtureRow[string] | undefined) => (v === null || v === undefined ? '' : String(v))
    fs.writeFileSync(
      file,
      [headers, ...rows.map((r) => headers.map((h) => cell(r[h])))].map(csvLine).join(''),
    )
    const r = await loadFile(wh, { dataset, file, source: 'test' })
    expect(r.error, `${dataset} fixture`).toBeUndefined()
    expect({ accepted: r.accepted, rejected: r.rejected }, `${dataset} fixture`).toEqual({
      accepted: rows.length,
      rejected: 0,
    })
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * Fixture rows go through the ETL (loadRows); rows that set bookkeeping columns
 * (`_version`, `_deleted`) to test FINAL itself are inserted with a parameterised INSERT,
 * every value a server-side parameter typed like its column.
 */
export async function insertRows(
  wh: Warehouse,
  table: string,
  rows: FixtureRow[],
  batch = 200,
): Promise<void> {
  const unique = new Set(rows.map((r) => JSON.stringify(r)))
  if (rows.every((r) => Object.keys(r).every((k) => !k.startsWith('_'))) && unique.size === rows.length) {
    return loadRows(wh, table, rows)
  }
  const types = await columnTypes(wh, table)
  for (let start = 0; start < rows.length; start += batch) {
    const chunk: FixtureRow[] = rows
      .slice(start, start + batch)
      .map((r) => ({ _version: 1, _run_id: 'test', ...r }))
    const columns = [...new Set(chunk.flatMap((r) => Object.keys(r)))]
    for (const c of columns) if (!types.has(c)) throw new Error(`${table} has no column ${c}`)
    const params: Record<string, unknown> = {}
    const tuples = chunk.map((row, i) => {
      const cells = columns.map((c, j) => {
        params[`p${i}_${j}`] = row[c] ?? null
        const type = types.get(c)!
        // A column missing from a row is sent as NULL (its default), so the parameter must accept it.
        const paramType =
          c in row || type.includes('Nullable') ? type : `Nullable(${stripLowCardinality(type)})`
        return `{p${i}_${j}:${paramType}}`
      })
      return `(${cells.join(', ')})`
    })
    await wh.command(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, params)
  }
}

function stripLowCardinality(type: string): string {
  const m = /^LowCardinality\((.*)\)$/.exec(type)
  return m ? m[1]! : type
}

/** A rate as the model defines it: null when the denominator is 0. */
export const rate = (numerator: number, denominator: number): number | null =>
  denominator === 0 ? null : numerator / denominator

/** Equal within 1e-9, null only to null. */
export const sameValue = (actual: unknown, expected: number | null): boolean =>
  expected === null ? actual === null : typeof actual === 'number' && Math.abs(actual - expected) < 1e-9

export function expectRate(actual: unknown, expected: number | null): void {
  expect(sameValue(actual, expected), `got ${actual}, expected ${expected}`).toBe(true)
}

/** The calendar year of a local Asia/Shanghai timestamp written 'YYYY-MM-DD hh:mm:ss'. */
export const yearOf = (local: string) => local.slice(0, 4)

/** The period label Cube returns for a year / month in Asia/Shanghai. */
export const yearLabel = (year: string | number) => `${year}-01-01T00:00:00.000`
export const monthLabel = (yearMonth: string) => `${yearMonth}-01T00:00:00.000`

/** Loads the same query from the source tables and from the pre-aggregations. */
export async function loadBothWays(sl: SemanticLayer, query: Parameters<SemanticLayer['load']>[0]) {
  const raw = await sl.load(query, LEADER, { usePreAggregations: false })
  expect(raw.usedPreAggregations).toEqual([])
  const pre = await sl.load(query, LEADER)
  return { raw, pre }
}

/** An indicator view checked against the same definition computed here, in JavaScript. */
export interface IndicatorSpec<R> {
  view: string
  rows: readonly R[]
  /** The row's period column in local Asia/Shanghai time: 'YYYY-MM-DD' or 'YYYY-MM-DD hh:mm:ss'. */
  at: (row: R) => string
  /** Member name (without the view) → its value over a group of rows. */
  measures: Record<string, (rows: R[]) => number | null>
  /** Member name (without the view) → the row's value of that dimension. */
  dimensions: Record<string, (row: R) => string | null>
}

export interface QueryShape {
  granularity?: 'year' | 'month'
  dateRange: [string, string]
  dimensions?: string[]
  filters?: { member: string; values: string[] }[]
}

/**
 * Queries `shape` from the source tables and from the pre-aggregations and compares both
 * answers, group by group, to the JavaScript computation over the fixture rows.
 */
export async function expectIndicator<R>(sl: SemanticLayer, spec: IndicatorSpec<R>, shape: QueryShape) {
  const [from, to] = shape.dateRange
  const dims = shape.dimensions ?? []
  const period = (r: R) => {
    const at = spec.at(r)
    if (shape.granularity === 'year') return yearLabel(at.slice(0, 4))
    if (shape.granularity === 'month') return monthLabel(at.slice(0, 7))
    return null
  }
  const keyOf = (values: unknown[]) => JSON.stringify(values)
  const groups = new Map<string, R[]>()
  for (const row of spec.rows) {
    const day = spec.at(row).slice(0, 10)
    if (day < from || day > to) continue
    if (!(shape.filters ?? []).every((f) => f.values.includes(spec.dimensions[f.member]!(row) ?? '')))
      continue
    const key = keyOf([period(row), ...dims.map((d) => spec.dimensions[d]!(row))])
    groups.set(key, [...(groups.get(key) ?? []), row])
  }
  const expected = [...groups.entries()].sort(([a], [b]) => a.localeCompare(b))
  const member = (m: string) => `${spec.view}.${m}`
  const query = {
    measures: Object.keys(spec.measures).map(member),
    dimensions: dims.map(member),
    timeDimensions: [
      {
        dimension: member('date'),
        dateRange: shape.dateRange,
        ...(shape.granularity ? { granularity: shape.granularity } : {}),
      },
    ],
    filters: (shape.filters ?? []).map((f) => ({
      member: member(f.member),
      operator: 'equals',
      values: f.values,
    })),
  }
  const answers = await loadBothWays(sl, query)
  for (const result of [answers.raw, answers.pre]) {
    const timeKey = shape.granularity ? `${member('date')}.${shape.granularity}` : undefined
    const actual = result.data
      .map(
        (row) => [keyOf([timeKey ? row[timeKey] : null, ...dims.map((d) => row[member(d)])]), row] as const,
      )
      .sort(([a], [b]) => a.localeCompare(b))
    expect(actual.map(([k]) => k)).toEqual(expected.map(([k]) => k))
    const mismatches = actual.flatMap(([key, row], i) =>
      Object.entries(spec.measures).flatMap(([name, fn]) => {
        const want = fn(expected[i]![1])
        const got = row[member(name)]
        return sameValue(got, want) ? [] : [`${key} ${name}: got ${got}, expected ${want}`]
      }),
    )
    expect(mismatches, result.usedPreAggregations.length ? 'pre-aggregated' : 'source tables').toEqual([])
  }
  return answers
}
