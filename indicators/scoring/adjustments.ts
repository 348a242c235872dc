import { AppError } from '../../errors/app-error'
import { rankUnits } from './ranking'
import { summarize } from './score'
import type { Adjustment, ScoreResult } from './score.types'

/** An adjustment that cannot be accepted; the message says why, Chinese first. */
export class AdjustmentError extends AppError {
  constructor(
    message: string,
    readonly adjustment: Adjustment,
  ) {
    super('BAD_REQUEST', message)
  }
}

/** Refuses an adjustment without a reason, an author or a finite, non-zero number of points. */
export function validateAdjustment(a: Adjustment): void {
  const who = `（单位 ${a.unit_code}）`
  if (typeof a.reason !== 'string' || a.reason.trim() === '') {
    throw new AdjustmentError(`调整分数必须填写原因${who} (an adjustment needs a reason)`, a)
  }
  if (typeof a.author !== 'string' || a.author.trim() === '') {
    throw new AdjustmentError(`调整分数必须记录调整人${who} (an adjustment needs its author)`, a)
  }
  if (!Number.isFinite(a.points) || a.points === 0) {
    throw new AdjustmentError(`调整分值必须是非零数字${who} (points must be a non-zero number)`, a)
  }
}

/**
 * Adds manual adjustments to a result: each is validated (all or none are applied), kept
 * on its unit with author and time, added to the unit's total, and the units are re-ranked.
 * Additive: pass the stored adjustments once to a freshly scored result. Adjustments for a
 * unit absent from the result land in unmatched_adjustments rather than vanishing. A unit
 * with nothing scored (total null) keeps its adjustments but stays unranked.
 */
export function applyAdjustments(result: ScoreResult, adjustments: readonly Adjustment[]): ScoreResult {
  for (const a of adjustments) validateAdjustment(a)
  const byUnit = new Map<string, Adjustment[]>()
  for (const a of adjustments) byUnit.set(a.unit_code, [...(byUnit.get(a.unit_code) ?? []), { ...a }])
  const units = result.units.map((u) => {
    const added = byUnit.get(u.unit_code)
    if (!added) return u
    byUnit.delete(u.unit_code)
    return summarize(u.unit_code, u.unit_name, u.indicators, [...u.adjustments, ...added])
  })
  return {
    ...result,
    units: rankUnits(units),
    unmatched_adjustments: [...result.unmatched_adjustments, ...[...byUnit.values()].flat()],
  }
}
