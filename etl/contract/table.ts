import type { ColumnSpec, DatasetSpec, ValueType } from './types'

/**
 * The warehouse table each contract dataset loads into, derived from the contract: one
 * column per contract column, in contract order, then the load bookkeeping columns.
 * The migrations (warehouse/migrations/) create these tables; `table.test.ts` proves that
 * the migrated tables are exactly this shape.
 */

/** Zone of every contract date-time: times without a zone are Asia/Shanghai wall clock. */
export const CONTRACT_TZ = 'Asia/Shanghai'

/** A column as ClickHouse's `system.columns` spells it. */
export interface TableColumn {
  name: string
  type: string
  /** The `DEFAULT` expression, '' for none. */
  default: string
}

/**
 * Columns every contract table carries after the contract's own: the version of a key
 * (`updated_at`, else the load time), the tombstone flag, the run that wrote the row and
 * when (see warehouse/migrations/0002 and the README's "Reading the warehouse").
 */
export const BOOKKEEPING_COLUMNS: readonly TableColumn[] = [
  { name: '_version', type: 'UInt64', default: '' },
  { name: '_deleted', type: 'UInt8', default: '0' },
  { name: '_run_id', type: 'LowCardinality(String)', default: '' },
  { name: '_loaded_at', type: `DateTime('${CONTRACT_TZ}')`, default: 'now()' },
]

const sqlString = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`

function baseType(c: ColumnSpec): string {
  const types: Record<ValueType, () => string> = {
    string: () => 'String',
    bool: () => 'Bool',
    datetime: () => `DateTime('${CONTRACT_TZ}')`,
    date: () => 'Date',
    uint: () => `UInt${c.storage?.uintBits ?? 32}`,
    rating: () => 'UInt8',
    enum: () => {
      const values = c.values ?? []
      if (values.length === 0 || values.length > 127) throw new Error(`${c.name}: an enum needs 1–127 values`)
      // Enum8 numbers follow contract order, from 1.
      return `Enum8(${values.map((v, i) => `${sqlString(v.code)} = ${i + 1}`).join(', ')})`
    },
  }
  return types[c.type]()
}

/**
 * The column's ClickHouse type: an optional column without a default is Nullable (a
 * missing value stays missing); one with a default stores the default instead.
 */
export function columnType(c: ColumnSpec): string {
  const base = baseType(c)
  const typed = !c.required && c.default === undefined ? `Nullable(${base})` : base
  return c.storage?.lowCardinality ? `LowCardinality(${typed})` : typed
}

/** The column's `DEFAULT` expression, '' for none. */
export function columnDefault(c: ColumnSpec): string {
  if (c.default === undefined) return ''
  return typeof c.default === 'boolean' ? String(c.default) : sqlString(c.default)
}

/** Every column of the dataset's table, as the migrations must create it. */
export function tableColumns(spec: DatasetSpec): TableColumn[] {
  return [
    ...spec.columns.map((c) => ({ name: c.name, type: columnType(c), default: columnDefault(c) })),
    ...BOOKKEEPING_COLUMNS,
  ]
}
