/**
 * The explore vocabulary both sides of the wire use: the server's input schema accepts
 * exactly these, and the client offers exactly these (plain constants, no server code).
 */
export const GRANULARITIES = ['year', 'quarter', 'month', 'week', 'day'] as const
export type Granularity = (typeof GRANULARITIES)[number]

/** Operators offered for a filter; dates are filtered with `inDateRange` on the time dimension. */
export const FILTER_OPERATORS = [
  'equals',
  'notEquals',
  'contains',
  'notContains',
  'gt',
  'gte',
  'lt',
  'lte',
  'set',
  'notSet',
] as const
export type FilterOperator = (typeof FILTER_OPERATORS)[number]
