import { shanghaiDate } from '../../../indicators/shanghai-time'
import { measureValue, yearOf } from '../../../semantic-layer/queries/indicator-query'
import { planForYear } from '../plans'
import type { AppDeps } from '../trpc'

let cached: { at: number; year: number } | undefined
const TTL_MS = 10 * 60_000

/**
 * The latest closed year (before the current Shanghai year) that has department data: what
 * the evaluators rank and the demo publishes by default. Asked of the semantic layer (one
 * yearly query on the first department-level indicator, served by its rollups), cached for
 * ten minutes; without any data (not cached), the last closed year.
 */
export async function latestClosedYear(deps: AppDeps, now = new Date()): Promise<number> {
  if (cached && Date.now() - cached.at < TTL_MS) return cached.year
  const first = deps.plans.years.first + 1
  const closed = Math.min(deps.plans.years.last, Math.max(first, Number(shanghaiDate(now).slice(0, 4)) - 1))
  const ind = planForYear(deps, closed).catalog.indicators.find(
    (i) => i.cube.breakdowns.includes('dept') && i.cube.time_dimension,
  )
  let year = closed
  if (ind?.cube.time_dimension) {
    const td = ind.cube.time_dimension
    const { data } = await deps.semantic.load(
      {
        measures: [ind.cube.measure],
        timeDimensions: [
          { dimension: td, granularity: 'year', dateRange: [`${first}-01-01`, `${closed}-12-31`] },
        ],
        limit: 100,
      },
      { role: 'admin' },
    )
    const years = data
      .filter((row) => measureValue(row, ind.cube.measure) !== null)
      .map((row) => yearOf(row[`${td}.year`]))
      .filter((y) => y >= first && y <= closed)
    if (years.length) {
      year = Math.max(...years)
      // Only an answer from data is kept: an empty warehouse may be loading the demo.
      cached = { at: Date.now(), year }
    }
  }
  return year
}
