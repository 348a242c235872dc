import type { T } from '../../i18n/i18n'
import { formatTime } from '../../lib/format'

/**
 * The line of a report card an appeal is about, in words: an indicator by its name, an
 * adjustment by its reason (its time when the adjustment is no longer on the card).
 */
export function appealSubject(
  t: T,
  a: { subject_kind: 'indicator' | 'adjustment'; subject_ref: string },
  indicatorNames: Record<string, string>,
  adjustments: readonly { at: string; reason: string }[] | undefined,
): string {
  if (a.subject_kind === 'indicator') {
    return t('ap.subject.indicator', { name: indicatorNames[a.subject_ref] ?? a.subject_ref })
  }
  const adj = adjustments?.find((x) => x.at === a.subject_ref)
  return t('ap.subject.adjustment', { reason: adj?.reason ?? formatTime(a.subject_ref) })
}
