import { describe, expect, it } from 'vitest'
import { contentDisposition } from './file-routes'

/** RFC 5987 `attr-char`: what may stand unencoded in `filename*`. */
const ATTR_CHARS = /^[A-Za-z0-9!#$&+\-.^_`|~%]*$/

describe('Content-Disposition of downloads', () => {
  it('names the file in UTF-8 (filename*) with an ASCII fallback (filename)', () => {
    const h = contentDisposition('考核排名_2024-Q1_department.xlsx', 'ranking_2024-Q1_department.xlsx')
    expect(h).toBe(
      `attachment; filename="ranking_2024-Q1_department.xlsx"; filename*=UTF-8''${encodeURIComponent('考核排名_2024-Q1_department.xlsx')}`,
    )
  })

  it("encodes what encodeURIComponent keeps but the header may not ( ' ( ) * ), and round-trips", () => {
    const name = "领导简报 (草稿)*'1'.pdf"
    const h = contentDisposition(name, 'briefing.pdf')
    const value = /filename\*=UTF-8''(.+)$/.exec(h)![1]!
    expect(value).toMatch(ATTR_CHARS)
    expect(decodeURIComponent(value)).toBe(name)
  })

  it('keeps the fallback a plain quoted ASCII string', () => {
    const h = contentDisposition('x.csv', 'a"b\\c\u00e9\r\n.csv')
    expect(h).toMatch(/^attachment; filename="a_b_c___\.csv"; /)
  })
})
