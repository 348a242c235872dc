import type { Direction } from '../catalog.schema'
import type { Bonus, Method } from './scheme.schema'

/**
 * The scoring methods, one indicator at a time, mirrored for lower-is-better. Pure: no
 * catalog, no scheme file. Rates are fractions (80% = 0.8), so one percentage point is 0.01.
 */

// A value exactly at a threshold must reach it: 0.855 / 0.9 is 0.9499999999999998 in binary.
const EPS = 1e-9

/** Drops binary float noise ((0.95 - 0.93) × 100 = 2.0000000000000018) from scores. */
export function clean(x: number): number {
  return Math.round(x * 1e9) / 1e9
}

/** Whether `value` has reached `target` in the good direction. */
export function isMet(value: number, target: number, direction: Direction): boolean {
  return direction === 'higher' ? value >= target - EPS : value <= target + EPS
}

/**
 * Achievement ratio: value ÷ target, or target ÷ value for lower-is-better; 1 means the
 * target is exactly met. Uncapped, never negative. A zero denominator only happens when
 * the target is met (higher with target 0, lower with value 0): that counts as 1.
 */
export function achievement(value: number, target: number, direction: Direction): number {
  const [num, den] = direction === 'higher' ? [value, target] : [target, value]
  if (den <= 0) return isMet(value, target, direction) ? 1 : 0
  return clean(Math.max(0, num / den))
}

/** Percentage points by which the target is missed (0 when met), mirrored for lower. */
export function shortfallPp(value: number, target: number, direction: Direction): number {
  const gap = direction === 'higher' ? target - value : value - target
  return clean(Math.max(0, gap * 100))
}

/** Percentage points by which the target is beaten (0 when not). */
export function excessPp(value: number, target: number, direction: Direction): number {
  const gap = direction === 'higher' ? value - target : target - value
  return clean(Math.max(0, gap * 100))
}

/**
 * Base score in weight points, 0 … weight:
 * - proportional: weight × min(achievement, 1);
 * - bands: weight × share of the first band whose min_ratio the achievement reaches
 *   (bands run from the highest min_ratio down), else below_share;
 * - deduction: weight − points_per_pp × shortfall in pp, never below floor.
 */
export function methodScore(
  method: Method,
  weight: number,
  value: number,
  target: number,
  direction: Direction,
): number {
  switch (method.type) {
    case 'proportional':
      return clean(weight * Math.min(achievement(value, target, direction), 1))
    case 'bands': {
      const ratio = achievement(value, target, direction)
      const band = method.bands.find((b) => ratio >= b.min_ratio - EPS)
      return clean(weight * (band ? band.share : method.below_share))
    }
    case 'deduction': {
      const lost = method.points_per_pp * shortfallPp(value, target, direction)
      return clean(Math.max(method.floor, weight - lost))
    }
  }
}

/** Bonus points on top of the base score: points_per_pp × pp beyond the target, at most cap. */
export function bonusPoints(bonus: Bonus | undefined, value: number, target: number, direction: Direction) {
  if (!bonus) return 0
  return clean(Math.min(bonus.cap, bonus.points_per_pp * excessPp(value, target, direction)))
}
