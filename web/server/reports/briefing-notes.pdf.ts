import type { PdfColumn, ReportPdf } from './pdf-layout'
import { type BriefingNotes, NOTE_KIND_LABEL, type ReportNote } from './report-notes'

/** The briefing's 情况说明 section: notes on indicators that evaluators selected for the reports. */

const columns: PdfColumn<ReportNote>[] = [
  { header: '指标', width: 96, cell: (n) => n.indicator_name },
  { header: '范围', width: 80, cell: (n) => n.scope_name },
  { header: '时期', width: 56, align: 'center', cell: (n) => n.period_label },
  {
    header: '类别',
    width: 32,
    align: 'center',
    cell: (n) => ({ text: NOTE_KIND_LABEL[n.kind], bold: true }),
  },
  { header: '内容', width: 0, cell: (n) => n.body },
  { header: '填写', width: 64, cell: (n) => `${n.author_name}\n${n.written_on}` },
]

export function briefingNotesSection(pdf: ReportPdf, notes: BriefingNotes | undefined) {
  if (!notes || notes.items.length === 0) return
  pdf.section('情况说明（考核人员选入）')
  pdf.table(columns, notes.items)
  if (notes.more) pdf.paragraph('另有更早的情况说明未列出，详见各指标详情页。', { size: 9 })
  pdf.space(6)
}
