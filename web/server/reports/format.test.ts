import { describe, expect, it } from 'vitest'
import {
  formatGap,
  formatRankChange,
  formatScore,
  formatSigned,
  formatValue,
  noDataNote,
  shanghaiMinute,
  stampOf,
  toInstant,
} from './format'

describe('report formatting', () => {
  it('shows timestamps in Shanghai time, to the minute', () => {
    expect(shanghaiMinute('2025-01-10 09:30:12.345')).toBe('2025-01-10 09:30')
    expect(shanghaiMinute('2025-01-10T09:30')).toBe('2025-01-10 09:30')
    expect(shanghaiMinute('2025-01-09T18:30:00Z')).toBe('2025-01-10 02:30')
    expect(shanghaiMinute('2025-01-10T09:30:00+08:00')).toBe('2025-01-10 09:30')
    expect(shanghaiMinute(new Date('2025-01-09T18:30:00Z'))).toBe('2025-01-10 02:30')
    expect(shanghaiMinute('2025-01-10')).toBe('2025-01-10')
    expect(shanghaiMinute('not a time')).toBe('not a time')
    expect(toInstant('2025-01-10 08:00')?.toISOString()).toBe('2025-01-10T00:00:00.000Z')
    expect(toInstant('garbage')).toBeNull()
  })

  it('formats scores, values, changes and gaps like the web client', () => {
    expect(formatScore(87.5)).toBe('87.50')
    expect(formatScore(null)).toBe('—')
    expect(formatValue(0.8567, '%')).toBe('85.7%')
    expect(formatValue(47_000, 'users')).toBe('4.7万')
    expect(formatRankChange(2)).toBe('↑2')
    expect(formatRankChange(-3)).toBe('↓3')
    expect(formatRankChange(0)).toBe('持平')
    expect(formatRankChange(null)).toBe('—')
    expect(formatSigned(1.5)).toBe('+1.50')
    expect(formatSigned(-0.001)).toBe('0.00')
    expect(formatGap(0.07, '%', 'higher')).toBe('差 7.0个百分点')
    expect(formatGap(-0.01, '%', 'higher')).toBe('超 1.0个百分点')
    expect(formatGap(0, '%', 'higher')).toBe('持平')
  })

  it('reads means in their own unit, never as 万 or %', () => {
    expect(formatValue(1.3249, 'times')).toBe('1.32 次')
    expect(formatValue(4.6, 'workdays')).toBe('4.6 个工作日')
    // Lower is better: which side of the target, as the screen says it.
    expect(formatGap(0.4, 'workdays', 'lower')).toBe('高于目标 0.4 个工作日')
    expect(formatGap(-0.12, 'times', 'lower')).toBe('低于目标 0.12 次')
  })

  it('prefers published over frozen over provisional in the stamp', () => {
    expect(stampOf({ frozen_at: '2025-01-10 09:30', published_at: '2025-01-15 09:00' }).label).toBe('已发布')
    expect(stampOf({ frozen_at: '2025-01-10 09:30', published_at: null })).toEqual({
      kind: 'frozen',
      label: '已冻结',
      detail: '冻结于 2025-01-10 09:30',
    })
    expect(stampOf({ frozen_at: null, published_at: null }).kind).toBe('provisional')
  })

  it('says how a missing value was scored', () => {
    expect(noDataNote({ no_data: false, score: 10 })).toBe('')
    expect(noDataNote({ no_data: true, score: null })).toContain('不计分')
    expect(noDataNote({ no_data: true, score: 0 })).toBe('无数据，按零分计')
  })
})
