import {
  type Block,
  type ContentCell,
  type FinalEvaluationReport,
  finalEvaluationContent,
  type Tone,
} from './final-evaluation.content'
import { type Cell, COLOR, type PdfColumn, ReportPdf, type ReportPdfOptions } from './pdf-layout'
import { drawTable } from './pdf-table'

/**
 * 终期评估 as PDF: the content of final-evaluation.content.ts laid out by ReportPdf (A4, the
 * embedded Chinese font, tables that repeat their header row on each page, page numbers).
 */

const TONE: Record<Tone, string> = { good: COLOR.good, bad: COLOR.bad, muted: COLOR.muted }

const cell = (c: ContentCell): Cell => ({
  text: c.text,
  ...(c.tone ? { color: TONE[c.tone] } : {}),
  ...(c.bold ? { bold: true } : {}),
})

/** A heading below the section level: bold, kept with what follows it. */
function subheading(pdf: ReportPdf, text: string, size: number, keepWith: number) {
  const { doc } = pdf
  pdf.ensure(size * 2 + keepWith)
  doc.y += size / 2
  doc.font('zh-bold').fontSize(size).fillColor(COLOR.text)
  doc.text(text, pdf.left, doc.y, { width: pdf.width })
  doc.y += 3
}

/** "label：text", the label bold (`bold`: the text too). */
function labelled(
  pdf: ReportPdf,
  label: string | undefined,
  text: string,
  tone: Tone | undefined,
  bold = false,
) {
  const { doc } = pdf
  const body = bold ? 'zh-bold' : 'zh'
  doc.font(body).fontSize(9.5)
  const whole = label ? `${label}：${text}` : text
  // A bold line heads what follows it (a task's title): kept with the next two lines.
  pdf.ensure(doc.heightOfString(whole, { width: pdf.width }) + 2 + (bold ? 36 : 0))
  const color = tone ? TONE[tone] : COLOR.text
  if (label) {
    doc.font('zh-bold').fillColor(COLOR.text)
    doc.text(`${label}：`, pdf.left, doc.y, { width: pdf.width, continued: text.length > 0 })
    if (text) doc.font(body).fillColor(color).text(text)
  } else {
    doc.fillColor(color).text(text, pdf.left, doc.y, { width: pdf.width })
  }
  doc.fillColor(COLOR.text)
  doc.y += 2
}

function quote(pdf: ReportPdf, title: string, text: string, label?: string) {
  const { doc } = pdf
  const indent = 12
  const body = `${label ? `${label}：` : ''}《${title}》：“${text}”`
  doc.font('zh').fontSize(9)
  const h = doc.heightOfString(body, { width: pdf.width - indent })
  pdf.ensure(h + 4)
  const top = doc.y
  doc.rect(pdf.left + 2, top, 2, h).fill(COLOR.rule)
  doc.fillColor(COLOR.muted).text(body, pdf.left + indent, top, { width: pdf.width - indent })
  doc.fillColor(COLOR.text)
  doc.y += 3
}

function block(pdf: ReportPdf, b: Block) {
  switch (b.kind) {
    case 'heading':
      if (b.level === 1) subheading(pdf, b.text, 14, 60)
      else if (b.level === 2) pdf.section(b.text)
      else subheading(pdf, b.text, 11, 80)
      return
    case 'text':
      labelled(pdf, b.label, b.text, b.tone, b.bold)
      return
    case 'quote':
      quote(pdf, b.title, b.text, b.label)
      return
    case 'figures':
      pdf.figures(
        b.items.map((i) => ({ label: i.label, value: i.value, color: i.tone ? TONE[i.tone] : undefined })),
      )
      return
    case 'table': {
      const width = b.narrow ? pdf.width / 2 : pdf.width
      const total = b.columns.reduce((s, c) => s + c.width, 0)
      const columns: PdfColumn<ContentCell[]>[] = b.columns.map((c, i) => ({
        header: c.header,
        width: (c.width / total) * width,
        align: c.align ?? 'left',
        cell: (row) => cell(row[i] ?? { text: '' }),
      }))
      drawTable({ doc: pdf.doc, left: pdf.left, width, ensure: (h) => pdf.ensure(h) }, columns, b.rows)
      return
    }
  }
}

export async function finalEvaluationPdf(
  report: FinalEvaluationReport,
  options?: ReportPdfOptions,
): Promise<Buffer> {
  const content = finalEvaluationContent(report)
  const { period } = report.plan
  const pdf = new ReportPdf(content.title, `${period.start}–${period.end}年`, report.generated_at, options)
  pdf.heading(content.cover.slice(0, 1).concat(content.cover.slice(2)))
  for (const b of content.blocks) block(pdf, b)
  return pdf.finish()
}
