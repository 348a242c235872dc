import { z } from 'zod'

/** Values of a query's `{name:Type}` placeholders, sent to ClickHouse as server-side parameters. */
export type QueryParams = Record<string, unknown>

type ParamsSchema = z.ZodType<QueryParams>
type RowSchema = z.ZodType<Record<string, unknown>>

/**
 * A named warehouse query: its SQL with `{name:Type}` placeholders (an identifier too:
 * `{table:Identifier}`), the schema of its parameters and the schema of one result row.
 * Declared once, next to the code that uses it; `wh.query(def, params)` checks the
 * parameters, runs it and returns rows parsed by the row schema, so a column that changed
 * type or name fails loudly, naming the query, instead of flowing on as `undefined`.
 */
export interface WarehouseQuery<P extends ParamsSchema = ParamsSchema, R extends RowSchema = RowSchema> {
  readonly name: string
  readonly sql: string
  readonly params: P
  readonly row: R
}

const NO_PARAMS = z.object({})

export function defineQuery<R extends RowSchema, P extends ParamsSchema = typeof NO_PARAMS>(def: {
  name: string
  sql: string
  params?: P
  row: R
}): WarehouseQuery<P, R> {
  return { name: def.name, sql: def.sql, params: (def.params ?? NO_PARAMS) as P, row: def.row }
}

/** What the caller passes (defaults may be left out) and what one row is, for a query. */
export type ParamsOf<Q extends WarehouseQuery> = z.input<Q['params']>
export type RowOf<Q extends WarehouseQuery> = z.output<Q['row']>

/** A query's parameters checked against its schema; a mismatch is the caller's bug. */
export function queryParams<Q extends WarehouseQuery>(q: Q, params: ParamsOf<Q>): QueryParams {
  const parsed = q.params.safeParse(params)
  if (!parsed.success) throw new Error(`warehouse query ${q.name}: bad parameters: ${issues(parsed.error)}`)
  return parsed.data
}

/** Result rows parsed by the query's row schema; a mismatch means the SQL and its schema disagree. */
export function parseRows<Q extends WarehouseQuery>(q: Q, rows: unknown[]): RowOf<Q>[] {
  return rows.map((row, i) => {
    const parsed = q.row.safeParse(row)
    if (!parsed.success) {
      throw new Error(
        `warehouse query ${q.name}: row ${i} does not match its schema: ${issues(parsed.error)}`,
      )
    }
    return parsed.data as RowOf<Q>
  })
}

const issues = (err: z.ZodError) =>
  err.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(row)'}: ${i.message}`)
    .join('; ')

/**
 * Column types as they arrive in JSONEachRow. ClickHouse quotes 64-bit integers (UInt64,
 * Int64, so every count()) over HTTP and chDB does not; Decimal arrives as a string or a
 * number depending on the settings. These accept both and give a JS number, refusing
 * anything that is not one (or an integer beyond 2^53, which would silently round).
 */
export const ch = {
  /** UInt64/Int64 (count(), sums of integers, versions that fit in 2^53). */
  int64: () =>
    z
      .union([z.number(), z.string().regex(/^-?\d+$/, 'expected an integer')])
      .transform(Number)
      .refine(Number.isSafeInteger, 'integer beyond 2^53'),
  /** Decimal or a quoted float: any finite number. */
  number: () =>
    z
      .union([z.number(), z.string().regex(/^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i, 'expected a number')])
      .transform(Number)
      .refine(Number.isFinite, 'expected a finite number'),
} as const
