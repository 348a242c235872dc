import type { NoteKind } from '../../shared/notes'

/**
 * Notes on indicators as the reports print them (the briefing's 情况说明 section, the final
 * evaluation's 情况说明 lines): the notes evaluators selected, already narrowed to what the
 * reader may see (web/server/notes/notes.reports.ts).
 */
export interface ReportNote {
  indicator_id: string
  indicator_name: string
  /** 全区, a department's or a town's name */
  scope_name: string
  /** '2024年3月', or '2024年' for a note on the whole year */
  period_label: string
  kind: NoteKind
  body: string
  author_name: string
  /** the day it was written, 'YYYY-MM-DD' (Shanghai) */
  written_on: string
}

/** The selected notes of a briefing: the newest, and whether there are more than printed. */
export interface BriefingNotes {
  items: ReportNote[]
  more: boolean
}

export const NOTE_KIND_LABEL: Record<NoteKind, string> = {
  explanation: '说明',
  cause: '原因',
  measure: '措施',
}

/** `【原因】2024年3月 · 区数据局：正文（张三，2025-01-05）`: one note on one line. */
export function noteLine(n: ReportNote, withIndicator = false): string {
  const where = [n.period_label, n.scope_name, ...(withIndicator ? [n.indicator_name] : [])].join(' · ')
  return `【${NOTE_KIND_LABEL[n.kind]}】${where}：${n.body}（${n.author_name}，${n.written_on}）`
}
