import { describe, expect, it } from 'vitest'
import { shanghaiYearPosition, shanghaiYearStart } from './shanghai-time'

describe('shanghaiYearPosition', () => {
  it('puts 2024-12-31T20:00:00Z in 2025 (04:00 on 1 January in Shanghai)', () => {
    const p = shanghaiYearPosition('2024-12-31T20:00:00Z')
    expect(p.year).toBe(2025)
    expect(p.fraction).toBeCloseTo(4 / (365 * 24), 12)
    expect(shanghaiYearPosition(new Date('2024-12-31T20:00:00Z'))).toEqual(p)
  })

  it('keeps 2024-12-31T15:59:59Z in 2024 (23:59:59 in Shanghai)', () => {
    const p = shanghaiYearPosition('2024-12-31T15:59:59Z')
    expect(p.year).toBe(2024)
    expect(p.fraction).toBeCloseTo(1, 6)
  })

  it('starts a year at 00:00 Shanghai time', () => {
    expect(shanghaiYearPosition('2025-01-01T00:00:00+08:00')).toEqual({ year: 2025, fraction: 0 })
    expect(new Date(shanghaiYearStart(2025)).toISOString()).toBe('2024-12-31T16:00:00.000Z')
  })

  it('reads a datetime without a zone as Shanghai time, whatever the process zone', () => {
    expect(shanghaiYearPosition('2025-01-01 00:00')).toEqual({ year: 2025, fraction: 0 })
    expect(shanghaiYearPosition('2022-07-02T12:00:00')).toEqual({ year: 2022, fraction: 0.5 })
  })

  it('reads a date as the end of that day', () => {
    expect(shanghaiYearPosition('2024-12-31')).toEqual({ year: 2024, fraction: 1 })
    expect(shanghaiYearPosition('2023-01-01')).toEqual({ year: 2023, fraction: 1 / 365 })
    expect(shanghaiYearPosition('2024-06-30')).toEqual({ year: 2024, fraction: 182 / 366 })
  })

  it('rejects what is not a date', () => {
    expect(() => shanghaiYearPosition('2023-02-29')).toThrow(RangeError)
    expect(() => shanghaiYearPosition('soon')).toThrow(/not a valid as-of date: soon/)
    expect(() => shanghaiYearPosition(new Date(Number.NaN))).toThrow(RangeError)
  })
})
