import type { Direction, Unit } from '../../../../indicators/catalog.schema'
import type { T } from '../i18n/i18n'

export type { Unit }

/**
 * How a unit reads: rates as % (differences in percentage points), users in 万, 跑动次数 to
 * two decimals in 次, working days to one decimal in 个工作日.
 */
const MEANS = {
  times: { digits: 2, key: 'unit.times' },
  workdays: { digits: 1, key: 'unit.workdays' },
} as const

const finite = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v)

/** Rates as % with one decimal; user counts in 万 (ten thousands); means with their unit. */
export function formatValue(v: number | null | undefined, unit: Unit, t: T): string {
  if (!finite(v)) return t('sc.none')
  if (unit === '%') return `${(v * 100).toFixed(1)}%`
  if (unit === 'users') return `${(v / 10_000).toFixed(1)}${t('unit.wan')}`
  return `${v.toFixed(MEANS[unit].digits)} ${t(MEANS[unit].key)}`
}

/** A difference in the indicator's unit: percentage points for rates, 万 for users, 次 / 个工作日 for means. */
export function formatDelta(v: number | null | undefined, unit: Unit, t: T, signed = true): string {
  if (!finite(v)) return t('sc.none')
  const sign = signed && v > 0 ? '+' : ''
  if (unit === '%') return `${sign}${(v * 100).toFixed(1)} ${t('unit.pp')}`
  if (unit === 'users') return `${sign}${(v / 10_000).toFixed(1)}${t('unit.wan')}`
  return `${sign}${v.toFixed(MEANS[unit].digits)} ${t(MEANS[unit].key)}`
}

/** Decimals that show a small non-zero need as such (0.004 → 3), at least `min`. */
const digitsFor = (x: number, min: number) =>
  x >= 0.5 * 10 ** -min || x === 0 ? min : Math.min(6, Math.ceil(-Math.log10(x)))

/**
 * The change per month still needed to reach a goal: percentage points for rates (one
 * decimal; finer when one decimal would read 0.0, so a small need never looks like none),
 * whole people for counts (at least 1: a need is never shown as zero), means in their unit
 * (finer when needed, likewise).
 */
export function formatPace(v: number | null | undefined, unit: Unit, t: T, lang: 'zh' | 'en'): string {
  if (!finite(v)) return t('sc.none')
  const sign = v > 0 ? '+' : v < 0 ? '-' : ''
  if (unit === '%') {
    const pp = Math.abs(v * 100)
    return `${sign}${pp.toFixed(digitsFor(pp, 1))} ${t('unit.pp')}`
  }
  if (unit === 'users') {
    const people = Math.max(1, Math.round(Math.abs(v)))
    return `${sign}${formatInt(people, lang)} ${t('unit.people')}`
  }
  const x = Math.abs(v)
  return `${sign}${x.toFixed(digitsFor(x, MEANS[unit].digits))} ${t(MEANS[unit].key)}`
}

/**
 * Gap to target: positive = shortfall. Lower-is-better says which side of the target the
 * value is on (高于/低于目标): 超 0.02 次 would read as a breach where it is a margin.
 */
export function formatGap(gap: number | null | undefined, unit: Unit, direction: Direction, t: T): string {
  if (!finite(gap)) return t('sc.none')
  if (Math.abs(gap) < 1e-9) return t('gap.zero')
  const v = formatDelta(Math.abs(gap), unit, t, false)
  if (direction === 'lower') return gap > 0 ? t('gap.above', { v }) : t('gap.below', { v })
  return gap > 0 ? t('gap.short', { v }) : t('gap.over', { v })
}

/** Chart axis ticks: the same units, shorter (users in 万, means as plain numbers). */
export function axisTick(unit: Unit): (v: number) => string {
  if (unit === '%') return (v) => `${Math.round(v * 100)}%`
  if (unit === 'users') return (v) => `${(v / 10_000).toFixed(1)}`
  return (v) => `${Number(v.toFixed(MEANS[unit].digits))}`
}

/** A value axis: its domain, the ticks on it, and their labels (never two alike). */
export interface Axis {
  domain: [number, number]
  ticks: number[]
  format: (v: number) => string
}

const RATE_STEPS = [0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.25]
const decimalsOf = (step: number) => Math.max(0, Math.ceil(-Math.log10(step) - 1e-9))

/**
 * An axis that shows every value given (actuals, targets, 序时进度) with some room: rates span
 * at least `minSpan` (default 4 points, so 99.7% → 99.6% is no cliff) and stay within 0–100%;
 * counts and means start at zero. Ticks sit on a round step and are labelled with as many decimals as the
 * step needs, so no two read the same.
 */
export function valueAxis(values: Array<number | null | undefined>, unit: Unit, minSpan = 0.04): Axis {
  const xs = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v))
  if (unit !== '%') {
    // Users are labelled in 万; means (次, 个工作日) as they are.
    const scale = unit === 'users' ? 10_000 : 1
    const max = Math.max(0, ...xs) * 1.1 || scale
    const raw = max / 5
    const mag = 10 ** Math.floor(Math.log10(raw))
    const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag
    const hi = Math.ceil(max / step - 1e-9) * step
    const ticks = Array.from(
      { length: Math.round(hi / step) + 1 },
      (_, i) => Math.round(i * step * 1e9) / 1e9,
    )
    const d = decimalsOf(step / scale)
    return { domain: [0, ticks.at(-1)!], ticks, format: (v) => (v / scale).toFixed(d) }
  }
  let lo = xs.length ? Math.min(...xs) : 0
  let hi = xs.length ? Math.max(...xs) : 1
  const pad = Math.max((hi - lo) * 0.15, 0.005)
  lo -= pad
  hi += pad
  if (hi - lo < minSpan) {
    const mid = (hi + lo) / 2
    lo = mid - minSpan / 2
    hi = mid + minSpan / 2
  }
  if (hi > 1) [lo, hi] = [lo - (hi - 1), 1]
  if (lo < 0) [lo, hi] = [0, Math.min(1, hi - lo)]
  const step = RATE_STEPS.find((s) => (hi - lo) / s <= 6) ?? 0.25
  const from = Math.max(0, Math.floor(lo / step + 1e-9) * step)
  const to = Math.min(1, Math.ceil(hi / step - 1e-9) * step)
  const n = Math.round((to - from) / step)
  const ticks = Array.from({ length: n + 1 }, (_, i) => Math.round((from + i * step) * 1e6) / 1e6)
  const d = decimalsOf(step * 100)
  return { domain: [ticks[0]!, ticks.at(-1)!], ticks, format: (v) => `${(v * 100).toFixed(d)}%` }
}

/** A data date ('2025-12-31') as people read it: 2025年12月31日 in Chinese. */
export function formatDate(d: string, lang: 'zh' | 'en'): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(d)
  if (!m) return d
  return lang === 'zh' ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : `${m[1]}-${m[2]}-${m[3]}`
}

/** A timestamp with its zone, or the warehouse's zone-less UTC wall clock ("2026-11-22 04:16:16.598"). */
const ZONED = /(?:[zZ]|[+-]\d{2}:?\d{2})$/

/**
 * A timestamp to the minute on the clock people here read (Asia/Shanghai): ISO strings from
 * the application store, and the warehouse's zone-less UTC ones from the ETL's run log.
 */
export function formatTime(ts: string | null | undefined): string {
  if (!ts) return ''
  const t = ts.trim()
  const ms = Date.parse(ZONED.test(t) ? t : `${t.replace(' ', 'T')}Z`)
  if (Number.isNaN(ms)) return t
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')
}

export function formatInt(n: number, lang: 'zh' | 'en'): string {
  return n.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US')
}
