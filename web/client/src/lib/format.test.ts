import { describe, expect, it } from 'vitest'
import { en } from '../i18n/en'
import type { T } from '../i18n/i18n'
import { type DictKey, zh } from '../i18n/zh'
import { axisTick, formatDelta, formatGap, formatPace, formatTime, formatValue, valueAxis } from './format'

const tOf =
  (dict: Record<DictKey, string>): T =>
  (key, vars) =>
    dict[key].replace(/\{(\w+)\}/g, (m, name: string) => (vars && name in vars ? String(vars[name]) : m))
const zhT = tOf(zh)
const enT = tOf(en)

describe('values in their units', () => {
  it('reads 跑动次数 in 次 and response times in 个工作日, never as 万 or %', () => {
    expect(formatValue(1.3249, 'times', zhT)).toBe('1.32 次')
    expect(formatValue(4.6, 'workdays', zhT)).toBe('4.6 个工作日')
    expect(formatValue(4.6, 'workdays', enT)).toBe('4.6 working days')
    // Lower is better: the side of the target, never 超 (which would read as a breach).
    expect(formatGap(0.4, 'workdays', 'lower', zhT)).toBe('高于目标 0.4 个工作日')
    expect(formatGap(-0.12, 'times', 'lower', zhT)).toBe('低于目标 0.12 次')
    expect(formatGap(-0.12, 'times', 'lower', enT)).toBe('0.12 times below target')
    expect(formatGap(0.05, '%', 'higher', zhT)).toBe('差 5.0 个百分点')
    expect(formatGap(-0.05, '%', 'higher', zhT)).toBe('超 5.0 个百分点')
    expect(formatDelta(-0.05, 'times', zhT)).toBe('-0.05 次')
    expect(formatPace(-0.004, 'times', zhT, 'zh')).toBe('-0.004 次')
    expect(formatPace(-0.25, 'workdays', zhT, 'zh')).toBe('-0.3 个工作日')
    expect(axisTick('times')(0.5)).toBe('0.5')
    // Rates and users read as before.
    expect(formatValue(0.8567, '%', zhT)).toBe('85.7%')
    expect(formatValue(47_000, 'users', zhT)).toBe('4.7万')
  })

  it('puts means on an axis from zero with round, distinct ticks', () => {
    const axis = valueAxis([0.83, 0.38, 0.8, 0.4], 'times')
    expect(axis.domain[0]).toBe(0)
    expect(axis.domain[1]).toBeGreaterThanOrEqual(0.83)
    const labels = axis.ticks.map(axis.format)
    expect(new Set(labels).size).toBe(labels.length)
    expect(labels.every((l) => !l.includes('%'))).toBe(true)
    const days = valueAxis([3.3, 2.8, 3], 'workdays')
    expect(days.ticks.map(days.format)).toEqual(['0', '1', '2', '3', '4'])
  })
})

describe('formatTime', () => {
  it('shows instants on the Asia/Shanghai clock, to the minute', () => {
    expect(formatTime('2026-11-30T13:57:53.123Z')).toBe('2026-11-30 21:57')
    expect(formatTime('2026-12-31T16:30:00Z')).toBe('2027-01-01 00:30')
    expect(formatTime('2026-11-30T21:57:00+08:00')).toBe('2026-11-30 21:57')
  })
  it("reads the warehouse's zone-less timestamps as UTC", () => {
    expect(formatTime('2026-11-22 04:16:16.598')).toBe('2026-11-22 12:16')
  })
  it('leaves what is no timestamp, and nothing, alone', () => {
    expect(formatTime(null)).toBe('')
    expect(formatTime('unbekannt')).toBe('unbekannt')
  })
})
