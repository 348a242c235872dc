import type { RankChange, ScoreResult, UnitScore } from './score.types'

/**
 * Totals are compared to 6 decimals: two units with the same points reached through
 * different sums (0.1 + 0.2 against 0.3) must tie instead of splitting on float noise.
 */
export function rankKey(total: number): number {
  return Math.round(total * 1e6)
}

/**
 * Competition ranking ("1224"): higher total first; equal totals share a rank and the next
 * rank skips the tied places. Units without a total are unranked (rank null) and listed
 * last. Ties and unranked units are ordered by unit code so the list is stable.
 */
export function rankUnits(units: readonly UnitScore[]): UnitScore[] {
  const sorted = [...units].sort((a, b) => {
    if (a.total === null || b.total === null) {
      if (a.total !== b.total) return a.total === null ? 1 : -1
    } else {
      const d = rankKey(b.total) - rankKey(a.total)
      if (d !== 0) return d
    }
    return a.unit_code < b.unit_code ? -1 : a.unit_code > b.unit_code ? 1 : 0
  })
  let prev: { key: number; rank: number } | null = null
  return sorted.map((u, i) => {
    if (u.total === null) return { ...u, rank: null }
    const key = rankKey(u.total)
    const rank = prev && prev.key === key ? prev.rank : i + 1
    prev = { key, rank }
    return { ...u, rank }
  })
}

/**
 * Change of each current unit against a previous period's result (same unit type):
 * rank_change = previous_rank − rank (positive: moved up), total_change = total −
 * previous_total; null where either side is missing (a new unit, an unranked one).
 */
export function rankChange(current: ScoreResult, previous: ScoreResult | null | undefined): RankChange[] {
  const before = new Map((previous?.units ?? []).map((u) => [u.unit_code, u]))
  return current.units.map((u) => {
    const p = before.get(u.unit_code)
    const previousRank = p?.rank ?? null
    const previousTotal = p?.total ?? null
    return {
      unit_code: u.unit_code,
      unit_name: u.unit_name,
      rank: u.rank,
      previous_rank: previousRank,
      rank_change: u.rank !== null && previousRank !== null ? previousRank - u.rank : null,
      total: u.total,
      previous_total: previousTotal,
      total_change:
        u.total !== null && previousTotal !== null ? Math.round((u.total - previousTotal) * 1e9) / 1e9 : null,
    }
  })
}
