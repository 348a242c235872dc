import { describe, expect, it } from 'vitest'
import { formatTime } from './format'

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
