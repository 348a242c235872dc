import type { T } from '../i18n/i18n'

export type Unit = '%' | 'users'

/** Rates as % with one decimal; user counts in 万 (ten thousands). */
export function formatValue(v: number | null | undefined, unit: Unit, t: T): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return t('sc.none')
  if (unit === '%') return `${(v * 100).toFixed(1)}%`
  return `${(v / 10_000).toFixed(1)}${t('unit.wan')}`
}

/** A difference in the indicator's unit: percentage points for rates, 万 for users. */
export function formatDelta(v: number | null | undefined, unit: Unit, t: T, signed = true): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return t('sc.none')
  const sign = signed && v > 0 ? '+' : ''
  if (unit === '%') return `${sign}${(v * 100).toFixed(1)} ${t('unit.pp')}`
  return `${sign}${(v / 10_000).toFixed(1)}${t('unit.wan')}`
}

/** Gap to target: positive = shortfall. */
export function formatGap(gap: number | null | undefined, unit: Unit, t: T): string {
  if (gap === null || gap === undefined || !Number.isFinite(gap)) return t('sc.none')
  if (Math.abs(gap) < 1e-9) return t('gap.zero')
  const v = formatDelta(Math.abs(gap), unit, t, false)
  return gap > 0 ? t('gap.short', { v }) : t('gap.over', { v })
}

/** Chart axis ticks: the same units, shorter. */
export function axisTick(unit: Unit): (v: number) => string {
  return unit === '%' ? (v) => `${Math.round(v * 100)}%` : (v) => `${(v / 10_000).toFixed(1)}`
}

/** Warehouse timestamps ("2026-11-22 04:16:16.598") shown to the minute. */
export function formatTime(ts: string | null | undefined): string {
  if (!ts) return ''
  return ts.replace('T', ' ').slice(0, 16)
}

export function formatInt(n: number, lang: 'zh' | 'en'): string {
  return n.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US')
}
