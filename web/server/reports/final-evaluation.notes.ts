import type { Block } from './final-evaluation.blocks'
import { noteLine, type ReportNote } from './report-notes'

/** Notes printed under one indicator of the final evaluation; more are counted, not printed. */
export const FINAL_NOTES_PER_INDICATOR = 10

/** An indicator's 情况说明: the notes evaluators selected for the reports, newest first. */
export function noteBlocks(indicatorId: string, notes: readonly ReportNote[] | undefined): Block[] {
  const mine = (notes ?? []).filter((n) => n.indicator_id === indicatorId)
  const shown = mine.slice(0, FINAL_NOTES_PER_INDICATOR)
  const more = mine.length - shown.length
  return [
    ...shown.map((n): Block => ({ kind: 'text', label: '情况说明', text: noteLine(n) })),
    ...(more > 0
      ? [{ kind: 'text' as const, text: `另有 ${more} 条情况说明未列出。`, tone: 'muted' as const }]
      : []),
  ]
}
