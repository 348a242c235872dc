import PDFDocument from 'pdfkit'
import { type StampKind, shanghaiMinute, toInstant } from './format'
import { DEFAULT_FONTS, type PdfFonts, registerFonts } from './pdf-fonts'
import { COLOR, drawTable, type PdfColumn } from './pdf-table'

export { type Cell, COLOR, type PdfColumn } from './pdf-table'

/**
 * A small layout layer over pdfkit for the report PDFs: an A4 page with a title block,
 * sections, tables that break across pages and repeat their header row, and — once all
 * pages exist — a running head, a footer with the generation time and "第 N 页 / 共 M 页".
 * pdfkit has no total page count while drawing, hence bufferPages and a final pass.
 */

const STAMP_COLOR: Record<StampKind, string> = {
  published: COLOR.bad,
  frozen: COLOR.accent,
  provisional: COLOR.muted,
}

export interface ReportPdfOptions {
  /** the fonts to embed; default Noto Sans SC from npm (pdf-fonts.ts) */
  fonts?: PdfFonts
}

const MARGIN = { top: 56, bottom: 60, left: 48, right: 48 }

export class ReportPdf {
  readonly doc: PDFKit.PDFDocument
  private readonly chunks: Buffer[] = []
  private readonly ended: Promise<void>

  constructor(
    private readonly title: string,
    private readonly subtitle: string,
    private readonly generatedAt: string | Date,
    options: ReportPdfOptions = {},
  ) {
    const created = toInstant(generatedAt) ?? undefined
    this.doc = new PDFDocument({
      size: 'A4',
      margins: MARGIN,
      bufferPages: true,
      lang: 'zh-CN',
      displayTitle: true,
      info: { Title: title, Creator: 'Plan Scorecard', CreationDate: created },
    })
    this.doc.on('data', (c: Buffer) => this.chunks.push(c))
    this.ended = new Promise((resolve, reject) => {
      this.doc.on('end', resolve)
      this.doc.on('error', reject)
    })
    registerFonts(this.doc, options.fonts ?? DEFAULT_FONTS)
    this.doc.fillColor(COLOR.text)
  }

  get left() {
    return this.doc.page.margins.left
  }
  get width() {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right
  }
  private get bottom() {
    return this.doc.page.height - this.doc.page.margins.bottom
  }

  /** Starts a new page when `height` does not fit; true if it did. */
  ensure(height: number): boolean {
    if (this.doc.y + height <= this.bottom) return false
    this.doc.addPage()
    return true
  }

  /** Title, subtitle lines and, at the right, the official-status stamp. */
  heading(lines: string[], stamp?: { kind: StampKind; label: string; detail: string }) {
    const { doc } = this
    const stampW = stamp ? 118 : 0
    const top = doc.y
    doc.font('zh-bold').fontSize(17).fillColor(COLOR.text)
    doc.text(this.title, this.left, top, { width: this.width - stampW - 8 })
    doc.font('zh').fontSize(10).fillColor(COLOR.muted)
    for (const l of [this.subtitle, ...lines].filter(Boolean))
      doc.text(l, this.left, doc.y + 2, { width: this.width - stampW - 8 })
    let end = doc.y
    if (stamp) {
      const x = this.left + this.width - stampW
      const color = STAMP_COLOR[stamp.kind]
      doc
        .lineWidth(1.2)
        .roundedRect(x, top + 2, stampW, 38, 4)
        .stroke(color)
      doc.font('zh-bold').fontSize(13).fillColor(color)
      doc.text(stamp.label, x, top + 6, { width: stampW, align: 'center' })
      doc.font('zh').fontSize(7.5)
      doc.text(stamp.detail, x + 4, top + 25, { width: stampW - 8, align: 'center', lineBreak: false })
      end = Math.max(end, top + 44)
    }
    doc
      .moveTo(this.left, end + 8)
      .lineTo(this.left + this.width, end + 8)
      .lineWidth(0.8)
      .stroke(COLOR.rule)
    doc.fillColor(COLOR.text)
    doc.y = end + 18
  }

  /** A section title, kept on the same page as at least the first rows under it. */
  section(title: string, keepWith = 60) {
    this.ensure(22 + keepWith)
    const { doc } = this
    doc.font('zh-bold').fontSize(12).fillColor(COLOR.text)
    doc.rect(this.left, doc.y + 2, 3, 12).fill(COLOR.accent)
    doc.fillColor(COLOR.text).text(title, this.left + 9, doc.y, { width: this.width - 9 })
    doc.y += 6
  }

  paragraph(text: string, opts: { size?: number; color?: string } = {}) {
    const { doc } = this
    doc.font('zh').fontSize(opts.size ?? 9)
    this.ensure(doc.heightOfString(text, { width: this.width }))
    doc.fillColor(opts.color ?? COLOR.muted).text(text, this.left, doc.y, { width: this.width })
    doc.fillColor(COLOR.text)
  }

  /** A row of key figures in tinted boxes (总分, 名次, status counts …). */
  figures(items: Array<{ label: string; value: string; color?: string }>) {
    const { doc } = this
    const gap = 8
    const w = (this.width - gap * (items.length - 1)) / items.length
    const h = 46
    this.ensure(h + 12)
    const top = doc.y
    items.forEach((it, i) => {
      const x = this.left + i * (w + gap)
      doc.roundedRect(x, top, w, h, 4).fill('#f3f6fa')
      doc
        .font('zh-bold')
        .fontSize(15)
        .fillColor(it.color ?? COLOR.text)
      doc.text(it.value, x, top + 6, { width: w, align: 'center', lineBreak: false })
      doc.font('zh').fontSize(8.5).fillColor(COLOR.muted)
      doc.text(it.label, x, top + 29, { width: w, align: 'center', lineBreak: false })
    })
    doc.fillColor(COLOR.text)
    doc.y = top + h + 14
  }

  space(h: number) {
    this.doc.y += h
  }

  /**
   * A table; rows that do not fit go to the next page, under a repeated header row.
   * `groupBy` inserts a full-width band row wherever the group changes (e.g. the area).
   */
  table<T>(columns: PdfColumn<T>[], rows: T[], opts: { groupBy?: (row: T) => string } = {}) {
    drawTable(this, columns, rows, opts)
  }

  /** Running head (from page 2), footer and page numbers on every page; then the bytes. */
  async finish(): Promise<Buffer> {
    const { doc } = this
    const range = doc.bufferedPageRange()
    const total = range.count
    const stamp = `生成时间：${shanghaiMinute(this.generatedAt)}`
    for (let i = range.start; i < range.start + total; i++) {
      doc.switchToPage(i)
      // Writing into the margins must not trigger pdfkit's automatic page break.
      const bottomMargin = doc.page.margins.bottom
      doc.page.margins.bottom = 0
      const w = this.width
      const fy = doc.page.height - 40
      doc
        .moveTo(this.left, fy - 6)
        .lineTo(this.left + w, fy - 6)
        .lineWidth(0.5)
        .stroke(COLOR.rule)
      doc.font('zh').fontSize(8).fillColor(COLOR.muted)
      doc.text(stamp, this.left, fy, { width: w / 2, lineBreak: false })
      const pageNo = `第 ${i - range.start + 1} 页 / 共 ${total} 页`
      doc.text(pageNo, this.left + w / 2, fy, { width: w / 2, align: 'right', lineBreak: false })
      if (i > range.start) {
        const head = `${this.title} · ${this.subtitle}`
        doc.text(head, this.left, 30, { width: w, lineBreak: false, ellipsis: true })
      }
      doc.page.margins.bottom = bottomMargin
    }
    doc.end()
    await this.ended
    return Buffer.concat(this.chunks)
  }
}
