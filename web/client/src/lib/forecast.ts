import { type PlanEndForecast, planEndForecast } from '../../../../indicators/projection'
import type { TargetSpec } from '../../../../indicators/targets'

/** The plan-end forecast of one indicator, as the scorecard's cards carry it. */
export type Forecast = PlanEndForecast

/**
 * The forecast of an indicator's detail by the scorecard's one rule (indicators/projection.ts
 * `planEndForecast`): the detail's yearly actuals up to the scope's year.
 */
export function detailForecast(
  ind: TargetSpec,
  yearly: ReadonlyArray<{ year: number; value: number | null }>,
  value: number | null,
  scope: { year: number; asOf: string },
): Forecast {
  return planEndForecast(
    ind,
    yearly.filter((y) => y.year <= scope.year),
    value,
    scope.asOf,
  )
}
