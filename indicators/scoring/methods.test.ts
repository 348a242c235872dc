import { describe, expect, it } from 'vitest'
import { achievement, bonusPoints, excessPp, isMet, methodScore, shortfallPp } from './methods'
import { Method } from './scheme.schema'

const proportional = Method.parse({ type: 'proportional' })
const bands = Method.parse({
  type: 'bands',
  bands: [
    { min_ratio: 1, share: 1 },
    { min_ratio: 0.95, share: 0.8 },
    { min_ratio: 0.9, share: 0.6 },
  ],
})
const deduction = Method.parse({ type: 'deduction', points_per_pp: 2, floor: 0 })
const bonus = { points_per_pp: 0.5, cap: 2 }

describe('achievement and gaps', () => {
  it('is value ÷ target, mirrored for lower-is-better', () => {
    expect(achievement(0.8, 0.9, 'higher')).toBeCloseTo(0.888889, 6)
    expect(achievement(0.2, 0.1, 'lower')).toBe(0.5)
    expect(achievement(1.2, 1, 'higher')).toBe(1.2) // uncapped: the cap belongs to the method
  })
  it('counts a zero denominator as met (1) only when the target is met', () => {
    expect(achievement(0, 0, 'higher')).toBe(1)
    expect(achievement(0.3, 0, 'higher')).toBe(1)
    expect(achievement(0, 0.05, 'lower')).toBe(1)
    expect(achievement(0.1, 0, 'lower')).toBe(0)
  })
  it('measures percentage points short and beyond without float noise', () => {
    expect(shortfallPp(0.93, 0.95, 'higher')).toBe(2)
    expect(shortfallPp(0.97, 0.95, 'higher')).toBe(0)
    expect(excessPp(0.97, 0.95, 'higher')).toBe(2)
    expect(shortfallPp(0.07, 0.05, 'lower')).toBe(2)
    expect(excessPp(0.03, 0.05, 'lower')).toBe(2)
    expect(isMet(0.1 + 0.2, 0.3, 'higher')).toBe(true)
  })
})

describe('proportional', () => {
  it('scores weight × value ÷ target', () => {
    expect(methodScore(proportional, 10, 0.72, 0.8, 'higher')).toBe(9)
  })
  it('caps over-achievement at full marks', () => {
    expect(methodScore(proportional, 10, 1, 0.8, 'higher')).toBe(10)
  })
  it('mirrors lower-is-better as weight × target ÷ value', () => {
    expect(methodScore(proportional, 10, 0.2, 0.1, 'lower')).toBe(5)
    expect(methodScore(proportional, 10, 0.05, 0.1, 'lower')).toBe(10)
  })
  it('handles a zero target: met for higher, and for lower only at zero', () => {
    expect(methodScore(proportional, 10, 0, 0, 'higher')).toBe(10)
    expect(methodScore(proportional, 10, 0, 0, 'lower')).toBe(10)
    expect(methodScore(proportional, 10, 0.01, 0, 'lower')).toBe(0)
  })
  it('scores nothing for a zero value', () => {
    expect(methodScore(proportional, 10, 0, 0.8, 'higher')).toBe(0)
  })
})

describe('bands', () => {
  const score = (value: number, target = 0.9, direction: 'higher' | 'lower' = 'higher') =>
    methodScore(bands, 10, value, target, direction)
  it('gives each band exactly at its threshold', () => {
    expect(score(0.9)).toBe(10) // 100%
    expect(score(0.855)).toBe(8) // 95% of 0.9 (0.855 / 0.9 is 0.9499… in binary)
    expect(score(0.81)).toBe(6) // 90%
  })
  it('drops to the next band just below a threshold', () => {
    expect(score(0.8999)).toBe(8)
    expect(score(0.8549)).toBe(6)
    expect(score(0.8099)).toBe(0)
  })
  it('never exceeds the top band when the target is beaten', () => {
    expect(score(1)).toBe(10)
  })
  it('mirrors lower-is-better (achievement = target ÷ value)', () => {
    expect(score(0.1, 0.1, 'lower')).toBe(10)
    expect(score(0.1 / 0.95, 0.1, 'lower')).toBe(8)
    expect(score(0.2, 0.1, 'lower')).toBe(0)
  })
  it('earns below_share under the lowest band', () => {
    const withFloor = Method.parse({ type: 'bands', bands: [{ min_ratio: 1, share: 1 }], below_share: 0.2 })
    expect(methodScore(withFloor, 10, 0.5, 0.9, 'higher')).toBe(2)
  })
})

describe('deduction', () => {
  it('takes points_per_pp off per percentage point short', () => {
    expect(methodScore(deduction, 10, 0.93, 0.95, 'higher')).toBe(6)
    expect(methodScore(deduction, 10, 0.95, 0.95, 'higher')).toBe(10)
    expect(methodScore(deduction, 10, 0.99, 0.95, 'higher')).toBe(10)
  })
  it('stops at the floor', () => {
    expect(methodScore(deduction, 10, 0.5, 0.95, 'higher')).toBe(0)
    const floored = Method.parse({ type: 'deduction', points_per_pp: 2, floor: 3 })
    expect(methodScore(floored, 10, 0.5, 0.95, 'higher')).toBe(3)
    expect(methodScore(floored, 10, 0.93, 0.95, 'higher')).toBe(6)
  })
  it('mirrors lower-is-better: points off per pp above the target', () => {
    expect(methodScore(deduction, 10, 0.06, 0.05, 'lower')).toBe(8)
    expect(methodScore(deduction, 10, 0.04, 0.05, 'lower')).toBe(10)
  })
})

describe('bonus', () => {
  it('pays points_per_pp beyond the target', () => {
    expect(bonusPoints(bonus, 0.97, 0.95, 'higher')).toBe(1)
  })
  it('is capped', () => {
    expect(bonusPoints(bonus, 1, 0.8, 'higher')).toBe(2)
  })
  it('is zero at or below the target, and without a bonus rule', () => {
    expect(bonusPoints(bonus, 0.95, 0.95, 'higher')).toBe(0)
    expect(bonusPoints(bonus, 0.9, 0.95, 'higher')).toBe(0)
    expect(bonusPoints(undefined, 1, 0.5, 'higher')).toBe(0)
  })
  it('mirrors lower-is-better: below the target earns it', () => {
    expect(bonusPoints(bonus, 0.03, 0.05, 'lower')).toBe(1)
    expect(bonusPoints(bonus, 0.07, 0.05, 'lower')).toBe(0)
  })
})
