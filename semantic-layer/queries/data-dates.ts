import type { Catalog } from '../../indicators/catalog.schema'
import type { PlanPeriod } from '../../indicators/plan.schema'
import type { SemanticLayer } from '../engine/engine'
import type { QueryFilter } from '../engine/query'
import type { SecurityContext } from '../engine/security'
import { indicatorView } from './indicator-query'

/**
 * Dates of the data itself (not of its loading): the latest day an indicator's view has rows
 * for, and the years any indicator has data in. Both are plain Cube queries on the time
 * dimension, so they see what the figures see (the same filters, the caller's access).
 */

const DATE = /^\d{4}-\d{2}-\d{2}$/

export interface DataDateQuery {
  timeDimension: string
  filters: QueryFilter[]
  /** Inclusive local dates (Asia/Shanghai), 'YYYY-MM-DD'. */
  from: string
  to: string
}

/** The latest day in [from, to] with at least one row in the view under the filters; null: none. */
export async function latestDataDate(
  sl: SemanticLayer,
  q: DataDateQuery,
  context: SecurityContext,
): Promise<string | null> {
  if (!DATE.test(q.from) || !DATE.test(q.to)) throw new RangeError('dates must be YYYY-MM-DD')
  if (q.from > q.to) return null
  const { data } = await sl.load(
    {
      timeDimensions: [{ dimension: q.timeDimension, granularity: 'day', dateRange: [q.from, q.to] }],
      filters: q.filters,
      order: [[q.timeDimension, 'desc']],
      limit: 1,
    },
    context,
  )
  const day = data[0]?.[`${q.timeDimension}.day`]
  return day ? String(day).slice(0, 10) : null
}

export interface DataPeriod {
  /** Every year (up to today's) in which some catalog indicator has data, ascending. */
  years: number[]
  /**
   * The latest year most indicators have data in (at least half as many as the best-covered
   * year): one dataset running ahead (a catalogue snapshot of today) does not make a year
   * with no events the default.
   */
  latest: number | null
}

/** Which calendar years of a plan period (up to `today`'s) the catalog indicators have data in. */
export async function dataPeriod(
  sl: SemanticLayer,
  catalog: Catalog,
  context: SecurityContext,
  today: string,
  period: PlanPeriod,
): Promise<DataPeriod> {
  if (!DATE.test(today)) throw new RangeError('today must be YYYY-MM-DD')
  const last = [today, `${period.end}-12-31`].sort()[0]!
  const views = await sl.meta(context)
  const readable = new Set(views.map((v) => v.name))
  const dated = catalog.indicators.filter(
    (i) => i.cube.time_dimension !== null && readable.has(indicatorView(i)),
  )
  const yearsOf = new Map<string, number[]>()
  await Promise.all(
    [...new Set(dated.map((i) => i.cube.time_dimension!))].map(async (td) => {
      const { data } = await sl.load(
        {
          timeDimensions: [
            { dimension: td, granularity: 'year', dateRange: [`${period.start}-01-01`, last] },
          ],
          limit: 1000,
        },
        context,
      )
      yearsOf.set(
        td,
        data.map((row) => Number(String(row[`${td}.year`]).slice(0, 4))).filter(Number.isFinite),
      )
    }),
  )
  const count = new Map<number, number>()
  for (const ind of dated) {
    for (const y of yearsOf.get(ind.cube.time_dimension!) ?? []) count.set(y, (count.get(y) ?? 0) + 1)
  }
  const years = [...count.keys()].sort((a, b) => a - b)
  const best = Math.max(0, ...count.values())
  const latest = years.filter((y) => 2 * count.get(y)! >= best).at(-1) ?? null
  return { years, latest }
}
