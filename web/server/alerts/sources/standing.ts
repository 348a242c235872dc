import type { Plan } from '../../../../indicators/plans'
import { dataPeriod } from '../../../../semantic-layer/queries/data-dates'
import { resolveAsOf } from '../../../../semantic-layer/queries/scorecard'
import { type AlertRun, once } from '../event'

export interface AlertStanding {
  plan: Plan
  year: number
  /** The date the figures stand at (Asia/Shanghai): today in a running year, else its last day. */
  asOf: string
}

/**
 * Where the alerts look: the current plan's latest year with data up to today (a closed
 * plan's final year once it is over), as the scorecard opens by default.
 */
export function alertStanding(run: AlertRun): Promise<AlertStanding> {
  return once(run, 'standing', async () => {
    const plan = run.deps.plans.current
    const { latest } = await dataPeriod(
      run.deps.semantic,
      plan.catalog,
      { role: 'admin' },
      run.today,
      plan.period,
    )
    const thisYear = Number(run.today.slice(0, 4))
    const year = latest ?? Math.min(plan.period.end, Math.max(plan.period.start, thisYear))
    const asOf = [resolveAsOf({ year }, run.now), run.today].sort()[0]!
    return { plan, year, asOf: asOf.startsWith(String(year)) ? asOf : `${year}-12-31` }
  })
}
