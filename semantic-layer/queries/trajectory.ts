import { baselineYear } from '../../indicators/plan.schema'
import { type TargetSpec, targetFor } from '../../indicators/targets'

/** One plan's part of an indicator's trajectory: the plan and the indicator as that plan sets it. */
export interface TrajectoryPlan {
  id: string
  name_zh: string
  name_en: string
  indicator: TargetSpec
}

export interface TrajectoryYear {
  year: number
  /** The target of the plan the year belongs to. */
  target: number | null
  /** The id of the plan the year belongs to; null in a gap between plans. */
  plan: string | null
}

/**
 * The years of an indicator's trajectory through the plans it runs in (earliest first; a
 * carried-over indicator runs in two): from the first plan's baseline year to the later of
 * `year` and the last plan's end. Each year has the target of the plan whose period holds
 * it; the first plan's baseline year counts as that plan's (no target), and after the last
 * plan's end its final target is held.
 */
export function trajectory(plans: readonly TrajectoryPlan[], year: number): TrajectoryYear[] {
  const first = plans[0]
  const last = plans.at(-1)
  if (!first || !last) return []
  const from = baselineYear(first.indicator.plan_period)
  const to = Math.max(year, last.indicator.plan_period.end)
  const out: TrajectoryYear[] = []
  for (let y = from; y <= to; y++) {
    const own =
      plans.find((p) => y >= p.indicator.plan_period.start && y <= p.indicator.plan_period.end) ??
      (y < first.indicator.plan_period.start ? first : y > last.indicator.plan_period.end ? last : undefined)
    out.push({ year: y, target: own ? targetFor(own.indicator, y) : null, plan: own?.id ?? null })
  }
  return out
}
