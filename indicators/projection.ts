import type { Unit } from './catalog.schema'

export interface YearValue {
  year: number
  value: number | null
}

/**
 * Projected value in `endYear` from the trend of yearly actuals: an ordinary least-squares
 * line through the years that have a value. Needs two distinct years (one point has no
 * trend → null). Rates are clamped to [0, 1] and counts to ≥ 0, since a straight line
 * happily runs past 100%.
 */
export function projectEndOfPeriod(series: YearValue[], endYear = 2025, unit: Unit = '%'): number | null {
  const points = series.filter((p): p is { year: number; value: number } => Number.isFinite(p.value))
  if (new Set(points.map((p) => p.year)).size < 2) return null
  const n = points.length
  const meanX = points.reduce((s, p) => s + p.year, 0) / n
  const meanY = points.reduce((s, p) => s + p.value, 0) / n
  let sxy = 0
  let sxx = 0
  for (const p of points) {
    sxy += (p.year - meanX) * (p.value - meanY)
    sxx += (p.year - meanX) ** 2
  }
  const projected = meanY + (sxy / sxx) * (endYear - meanX)
  const clamped = unit === '%' ? Math.min(1, Math.max(0, projected)) : Math.max(0, projected)
  return Math.round(clamped * 1e10) / 1e10
}
