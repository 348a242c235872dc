import { getDataset } from './datasets'
import type { ColumnSpec, DatasetSpec } from './types'

/**
 * How exports write a dataset, from the contract: the header words and the enum labels
 * that demo files and test fixtures use, so that no list of them is kept anywhere else.
 */

/** A column's header: its English name, its main Chinese alias, or Chinese alias number n (0 = main). */
export type HeaderForm = 'en' | 'zh' | number

export function contractDataset(dataset: string): DatasetSpec {
  const spec = getDataset(dataset)
  if (!spec) throw new Error(`${dataset} is not a contract dataset`)
  return spec
}

export function contractColumn(dataset: string, column: string): ColumnSpec {
  const c = contractDataset(dataset).columns.find((x) => x.name === column)
  if (!c) throw new Error(`${dataset} has no contract column ${column}`)
  return c
}

export function columnHeader(dataset: string, column: string, form: HeaderForm): string {
  const c = contractColumn(dataset, column)
  if (form === 'en') return c.name
  const alias = c.aliases[form === 'zh' ? 0 : form]
  if (alias === undefined) throw new Error(`${dataset}.${column} has no Chinese alias ${form}`)
  return alias
}

export interface HeaderRowOptions {
  /** only the required columns (before `omit`) */
  requiredOnly?: boolean
  /** columns the file leaves out */
  omit?: readonly string[]
  /** columns written in another form than the row's */
  forms?: Readonly<Record<string, HeaderForm>>
}

/** A file's header row: the dataset's columns in contract order, each in `form` unless `forms` says otherwise. */
export function headerRow(dataset: string, form: HeaderForm, opts: HeaderRowOptions = {}): string[] {
  const spec = contractDataset(dataset)
  for (const name of [...(opts.omit ?? []), ...Object.keys(opts.forms ?? {})]) contractColumn(dataset, name)
  return spec.columns
    .filter((c) => (c.required || !opts.requiredOnly) && !opts.omit?.includes(c.name))
    .map((c) => columnHeader(dataset, c.name, opts.forms?.[c.name] ?? form))
}

/** An enum column's values as [code, Chinese label], in contract order. */
export function enumPairs(dataset: string, column: string): Array<readonly [code: string, label: string]> {
  const values = contractColumn(dataset, column).values
  if (!values) throw new Error(`${dataset}.${column} is not an enum`)
  return values.map((v) => [v.code, v.label] as const)
}

/** The Chinese label of one enum code. */
export function enumLabel(dataset: string, column: string, code: string): string {
  const pair = enumPairs(dataset, column).find(([c]) => c === code)
  if (!pair) throw new Error(`${dataset}.${column} has no value ${code}`)
  return pair[1]
}
