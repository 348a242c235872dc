import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTempWarehouse } from '../../warehouse/testing'
import { DATASETS } from './datasets'
import { BOOKKEEPING_COLUMNS, type TableColumn, tableColumns } from './table'

/**
 * The contract is the one source of a dataset's shape: after every migration has run,
 * each contract table has exactly the contract's columns (names, ClickHouse types with
 * their Enum8 values, Nullable and LowCardinality, defaults) plus the bookkeeping columns,
 * and is sorted by its natural key and the columns that may move (tombstones rely on it).
 * Applied migrations are never edited: a mismatch is fixed by the next numbered migration.
 */

let t: Awaited<ReturnType<typeof openTempWarehouse>>
beforeAll(async () => {
  t = await openTempWarehouse('contract-table-')
})
afterAll(async () => {
  await t?.dispose()
})

interface SystemColumn {
  table: string
  name: string
  type: string
  default_kind: string
  default_expression: string
}

async function migratedColumns(): Promise<Map<string, TableColumn[]>> {
  const rows = await t.wh.rows<SystemColumn>(
    `SELECT table, name, type, default_kind, default_expression FROM system.columns
     WHERE database = currentDatabase() ORDER BY table, position`,
  )
  const byTable = new Map<string, TableColumn[]>()
  for (const r of rows) {
    // A MATERIALIZED or ALIAS column would be another shape than the contract's: keep its kind.
    const dflt =
      r.default_kind === ''
        ? ''
        : r.default_kind === 'DEFAULT'
          ? r.default_expression
          : `${r.default_kind} ${r.default_expression}`
    byTable.set(r.table, [...(byTable.get(r.table) ?? []), { name: r.name, type: r.type, default: dflt }])
  }
  return byTable
}

/** Order-insensitive: a column added later (ALTER … ADD COLUMN) may sit after the bookkeeping ones. */
const byName = (columns: readonly TableColumn[]) => [...columns].sort((a, b) => a.name.localeCompare(b.name))

describe('migrated warehouse = contract', () => {
  for (const spec of DATASETS) {
    it(`${spec.name}: columns, types, enum values and defaults`, async () => {
      const actual = (await migratedColumns()).get(spec.name)
      expect(actual, `table ${spec.name} exists`).toBeDefined()
      expect(byName(actual!)).toEqual(byName(tableColumns(spec)))
    })
  }

  it('every table with load bookkeeping is a contract dataset', async () => {
    const bookkeeping = BOOKKEEPING_COLUMNS.map((c) => c.name)
    const loadTables = [...(await migratedColumns())]
      .filter(([, cols]) => bookkeeping.every((b) => cols.some((c) => c.name === b)))
      .map(([table]) => table)
    expect(loadTables.sort()).toEqual(DATASETS.map((d) => d.name).sort())
  })

  it('each table keeps versions and tombstones, sorted by the key and the columns that may move', async () => {
    const tables = await t.wh.rows<{ name: string; engine_full: string; sorting_key: string }>(
      `SELECT name, engine_full, sorting_key FROM system.tables WHERE database = currentDatabase()`,
    )
    for (const spec of DATASETS) {
      const table = tables.find((x) => x.name === spec.name)!
      expect(table.engine_full, spec.name).toMatch(/^ReplacingMergeTree\(_version, _deleted\) /)
      const sortColumns = table.sorting_key.split(', ')
      expect(new Set(sortColumns), spec.name).toEqual(new Set([...spec.movableSortColumns, ...spec.key]))
      expect(sortColumns, `${spec.name}: one entry per column`).toHaveLength(
        new Set([...spec.movableSortColumns, ...spec.key]).size,
      )
    }
  })
})
