import { describe, expect, it } from 'vitest'
import { filenameOf } from './download'

describe('filenameOf', () => {
  it('prefers the UTF-8 name, decoded', () => {
    const header = `attachment; filename="explore_2025-01-02.csv"; filename*=UTF-8''${encodeURIComponent('自助分析_2025-01-02.csv')}`
    expect(filenameOf(header)).toBe('自助分析_2025-01-02.csv')
  })

  it('falls back to the plain name, quoted or not, and to null', () => {
    expect(filenameOf('attachment; filename="ranking_2024.xlsx"')).toBe('ranking_2024.xlsx')
    expect(filenameOf('attachment; filename=ranking_2024.pdf')).toBe('ranking_2024.pdf')
    expect(filenameOf('attachment; filename="a.pdf"; filename*=UTF-8\'\'%E0%A4%A')).toBe('a.pdf')
    expect(filenameOf('attachment')).toBeNull()
    expect(filenameOf(null)).toBeNull()
  })
})
