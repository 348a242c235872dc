import { describe, expect, it } from 'vitest'
import { rankChange, rankUnits } from './ranking'
import type { ScoreResult, UnitScore } from './score.types'

const scored = (code: string, total: number | null): UnitScore => ({
  unit_code: code,
  unit_name: null,
  indicators: [],
  earned: 0,
  max: total === null ? 0 : 1,
  base: total ?? 0,
  bonus: 0,
  adjustment: 0,
  adjustments: [],
  total,
  rank: null,
})

describe('ranking', () => {
  it('shares a rank between ties and skips the places they take (1, 2, 2, 4)', () => {
    const ranked = rankUnits([
      scored('d', 70),
      scored('c', 80),
      scored('b', 80),
      scored('a', 90),
      scored('e', null),
    ])
    expect(ranked.map((u) => [u.unit_code, u.rank])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 2],
      ['d', 4],
      ['e', null],
    ])
  })

  it('ties totals that differ only by float noise', () => {
    const ranked = rankUnits([scored('a', 0.1 + 0.2), scored('b', 0.3)])
    expect(ranked.map((u) => u.rank)).toEqual([1, 1])
  })

  it('reports the change in rank and total against a previous period', () => {
    const asResult = (units: UnitScore[]): ScoreResult => ({
      scheme_id: 's',
      scheme_version: 1,
      unit_type: 'department',
      no_data: 'exclude_reweight',
      units: rankUnits(units),
      unmatched_adjustments: [],
    })
    const previous = asResult([scored('a', 90), scored('b', 80), scored('c', 70)])
    const current = asResult([scored('a', 85), scored('b', 88), scored('n', 60), scored('c', null)])
    expect(rankChange(current, previous)).toEqual([
      {
        unit_code: 'b',
        unit_name: null,
        rank: 1,
        previous_rank: 2,
        rank_change: 1,
        total: 88,
        previous_total: 80,
        total_change: 8,
      },
      {
        unit_code: 'a',
        unit_name: null,
        rank: 2,
        previous_rank: 1,
        rank_change: -1,
        total: 85,
        previous_total: 90,
        total_change: -5,
      },
      {
        unit_code: 'n',
        unit_name: null,
        rank: 3,
        previous_rank: null,
        rank_change: null,
        total: 60,
        previous_total: null,
        total_change: null,
      },
      {
        unit_code: 'c',
        unit_name: null,
        rank: null,
        previous_rank: 3,
        rank_change: null,
        total: null,
        previous_total: 70,
        total_change: null,
      },
    ])
    expect(rankChange(current, null).every((c) => c.previous_rank === null)).toBe(true)
  })
})
