/** The data contract (shared/DATA-CONTRACT.md) as data: what each dataset accepts. */

export type ValueType = 'string' | 'bool' | 'datetime' | 'date' | 'uint' | 'rating' | 'enum'

export interface EnumValue {
  code: string
  label: string
}

export interface ColumnSpec {
  name: string
  aliases: string[]
  type: ValueType
  required: boolean
  /** Value stored when the cell is empty (for optional columns whose table column is not Nullable). */
  default?: string | boolean
  values?: EnumValue[]
  /** How the warehouse stores it, where the value type leaves a choice (see `table.ts`). */
  storage?: StorageSpec
}

export interface StorageSpec {
  /** `LowCardinality(…)`: codes that repeat across many rows (departments, regions, items). */
  lowCardinality?: true
  /** Width of a `uint` column; 32 bits unless said. */
  uintBits?: 32 | 64
}

export type RuleSpec =
  /** `column` must not be earlier than `reference` when both are present. */
  | { kind: 'not_before'; column: string; reference: string }
  /** `column` true requires `requires` true. */
  | { kind: 'implies'; column: string; requires: string }

export interface DatasetSpec {
  name: string
  label: string
  /** Natural key: a re-loaded key replaces the older version. */
  key: string[]
  /** Column whose value orders versions of a key (besides load order). */
  versionColumn?: string
  /** Table ORDER BY columns that are not part of the key: a key whose values here change needs a tombstone. */
  movableSortColumns: string[]
  /**
   * A load replaces whole calendar years of this date column: the years present in a loaded
   * file lose every row the file does not carry (`load/replace-years.ts`); other years are kept.
   */
  replacesYearsOf?: string
  columns: ColumnSpec[]
  rules: RuleSpec[]
}

export const bool = (name: string, aliases: string[], required: boolean): ColumnSpec => ({
  name,
  aliases,
  type: 'bool',
  required,
  ...(required ? {} : { default: false }),
})

export const col = (
  name: string,
  aliases: string[],
  type: Exclude<ValueType, 'enum' | 'bool'>,
  required: boolean,
  storage?: StorageSpec,
): ColumnSpec => ({ name, aliases, type, required, ...(storage ? { storage } : {}) })

/** Storage of a code column whose values repeat across many rows. */
export const lowCardinality: StorageSpec = { lowCardinality: true }

export const enumCol = (
  name: string,
  aliases: string[],
  required: boolean,
  values: Array<[code: string, label: string]>,
  defaultCode?: string,
): ColumnSpec => ({
  name,
  aliases,
  type: 'enum',
  required,
  values: values.map(([code, label]) => ({ code, label })),
  ...(defaultCode ? { default: defaultCode } : {}),
})

export const updatedAt = col('updated_at', ['更新时间'], 'datetime', false)
