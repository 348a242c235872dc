import { describe, expect, it } from 'vitest'
import { contributionBars } from './bars'

const line = (name: string, method: string, applied: boolean, contribution: number, full_points: number) => ({
  name,
  score: { method: method as 'proportional', applied, contribution, full_points },
})

describe('contribution bars', () => {
  it('one bar per counted line; the overdue deduction comes off the on-time line before it', () => {
    const bars = contributionBars([
      line('网上可办率', 'proportional', true, 60, 75),
      line('好差评', 'bands', false, 0, 0),
      line('规划任务按期完成率', 'proportional', true, 18.75, 25),
      line('逾期任务扣分', 'overdue_deduction', true, -5, 0),
    ])
    expect(bars).toEqual([
      { name: '网上可办率', earned: 60, lost: 15 },
      { name: '规划任务按期完成率', earned: 13.75, lost: 11.25 },
    ])
    // The bars add up to the base score (Σ contribution).
    expect(bars.reduce((s, b) => s + b.earned, 0)).toBeCloseTo(60 + 18.75 - 5, 9)
  })

  it('an excluded deduction line changes nothing', () => {
    expect(
      contributionBars([
        line('规划任务按期完成率', 'proportional', false, 0, 0),
        line('逾期任务扣分', 'overdue_deduction', false, 0, 0),
      ]),
    ).toEqual([])
  })
})
