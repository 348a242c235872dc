import type { RankingRow, RankingView } from './types'

export type SortKey = Exclude<keyof RankingRow, 'code'>
export interface Sort {
  key: SortKey
  dir: 'asc' | 'desc'
}

/** The ranking as table rows, in the server's order (by rank, unranked last). */
export function toRows(view: RankingView): RankingRow[] {
  const changes = new Map(view.changes.map((c) => [c.unit_code, c]))
  return view.result.units.map((u) => ({
    code: u.unit_code,
    name: u.unit_name ?? u.unit_code,
    rank: u.rank,
    total: u.total,
    base: u.base,
    bonus: u.bonus,
    adjustment: u.adjustment,
    rank_change: changes.get(u.unit_code)?.rank_change ?? null,
    total_change: changes.get(u.unit_code)?.total_change ?? null,
  }))
}

/** Rows whose name or code contains the text (case-insensitive). */
export function filterRows(rows: RankingRow[], text: string): RankingRow[] {
  const q = text.trim().toLowerCase()
  if (!q) return rows
  return rows.filter((r) => r.name.toLowerCase().includes(q) || r.code.toLowerCase().includes(q))
}

/** A stable sort on one column; empty values (unranked, no change) always go last. */
export function sortRows(rows: RankingRow[], sort: Sort, lang: 'zh' | 'en'): RankingRow[] {
  const sign = sort.dir === 'asc' ? 1 : -1
  const collator = new Intl.Collator(lang === 'zh' ? 'zh-CN' : 'en')
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => {
      const x = a.r[sort.key]
      const y = b.r[sort.key]
      if (x === null || y === null) return x === y ? a.i - b.i : x === null ? 1 : -1
      const c = typeof x === 'string' ? collator.compare(x, String(y)) : x - Number(y)
      return c === 0 ? a.i - b.i : sign * c
    })
    .map(({ r }) => r)
}

/** Rank reads best-first ascending; names A→Z; points and changes biggest first. */
export function defaultDir(key: SortKey): 'asc' | 'desc' {
  return key === 'rank' || key === 'name' ? 'asc' : 'desc'
}
