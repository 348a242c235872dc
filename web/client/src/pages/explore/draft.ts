import type { Granularity, FilterOperator as Operator } from '../../../../shared/explore'
import type { ExploreFilter, ExploreQuery, MetaView } from '../../lib/types'

export {
  FILTER_OPERATORS as OPERATORS,
  type FilterOperator as Operator,
  GRANULARITIES,
  type Granularity,
} from '../../../../shared/explore'

export interface DraftFilter {
  key: number
  member: string
  operator: Operator
  values: string
}

/** What the builder edits; `toQuery` turns it into the server's ExploreQuery. */
export interface Draft {
  view: string
  measures: string[]
  dimensions: string[]
  filters: DraftFilter[]
  timeDimension: string
  granularity: Granularity
  from: string
  to: string
  orderMember: string
  orderDir: 'asc' | 'desc'
  limit: number
}

export const timeDimensionsOf = (v: MetaView | undefined) =>
  (v?.dimensions ?? []).filter((d) => d.type === 'time')
export const plainDimensionsOf = (v: MetaView | undefined) =>
  (v?.dimensions ?? []).filter((d) => d.type !== 'time')

export function initialDraft(view: MetaView | undefined): Draft {
  const dims = plainDimensionsOf(view)
  const deptName = dims.find((d) => d.name.endsWith('.dept_name'))
  return {
    view: view?.name ?? '',
    measures: view?.measures[0] ? [view.measures[0].name] : [],
    dimensions: deptName ? [deptName.name] : [],
    filters: [],
    timeDimension: '',
    granularity: 'year',
    from: '',
    to: '',
    orderMember: '',
    orderDir: 'desc',
    limit: 1000,
  }
}

const NO_VALUES: Operator[] = ['set', 'notSet']

export function toQuery(d: Draft): ExploreQuery {
  const filters: ExploreFilter[] = d.filters
    .filter((f) => f.member && (NO_VALUES.includes(f.operator) || f.values.trim()))
    .map((f) => ({
      member: f.member,
      operator: f.operator,
      ...(NO_VALUES.includes(f.operator)
        ? {}
        : {
            values: f.values
              .split(/[,，]/)
              .map((v) => v.trim())
              .filter(Boolean),
          }),
    }))
  return {
    measures: d.measures,
    dimensions: d.dimensions,
    filters,
    ...(d.timeDimension
      ? {
          timeDimension: {
            dimension: d.timeDimension,
            granularity: d.granularity,
            ...(d.from && d.to ? { dateRange: [d.from, d.to] as [string, string] } : {}),
          },
        }
      : {}),
    order: d.orderMember ? [[d.orderMember, d.orderDir]] : [],
    limit: d.limit,
  }
}

/** Result columns in display order: dimensions, the time dimension at its grain, measures. */
export function resultColumns(q: ExploreQuery): string[] {
  const td = q.timeDimension
  return [
    ...(q.dimensions ?? []),
    ...(td ? [td.granularity ? `${td.dimension}.${td.granularity}` : td.dimension] : []),
    ...(q.measures ?? []),
  ]
}
