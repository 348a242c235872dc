import type { ContributionDatum } from './ContributionBars'
import type { IndicatorScore } from './types'

/**
 * The chart's bars: each counted line's points on the unit's 0–100 scale and what it missed.
 * A deduction line (逾期任务扣分, no full marks of its own) is taken off the line before it,
 * its rule's on-time line, so the bars still add up to the base score.
 */
export function contributionBars(
  lines: ReadonlyArray<{
    name: string
    score: Pick<IndicatorScore, 'applied' | 'method' | 'contribution' | 'full_points'>
  }>,
): ContributionDatum[] {
  const bars: Array<ContributionDatum & { full: number }> = []
  for (const { name, score: s } of lines) {
    if (!s.applied) continue
    const prev = bars.at(-1)
    if (s.method === 'overdue_deduction') {
      if (prev) {
        prev.earned = Math.max(0, prev.earned + s.contribution)
        prev.lost = Math.max(0, prev.full - prev.earned)
      }
      continue
    }
    bars.push({
      name,
      earned: s.contribution,
      lost: Math.max(0, s.full_points - s.contribution),
      full: s.full_points,
    })
  }
  return bars.map(({ full: _full, ...b }) => b)
}
