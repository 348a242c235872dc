/**
 * Tables for the report PDFs: cells wrap, each row is as tall as its tallest cell, a row
 * that does not fit starts a new page under a repeated header row, and optional group bands
 * stay with the first row of their group.
 */

export const COLOR = {
  text: '#1f2937',
  muted: '#6b7280',
  rule: '#d1d5db',
  headerFill: '#e8eef6',
  bandFill: '#f1f5fb',
  zebra: '#f7f9fc',
  accent: '#1d4ed8',
  good: '#15803d',
  warn: '#b45309',
  bad: '#b91c1c',
} as const

export interface Cell {
  text: string
  color?: string
  bold?: boolean
  /** 0..1: draws a small bar before the text (a score's share of full marks) */
  bar?: number | null
}

export interface PdfColumn<T> {
  header: string
  /** points; 0 = share the width left over by the fixed columns */
  width: number
  align?: 'left' | 'right' | 'center'
  cell: (row: T) => string | Cell
}

/** What a table needs from the page it is drawn on. */
export interface TablePage {
  readonly doc: PDFKit.PDFDocument
  readonly left: number
  readonly width: number
  /** starts a new page when `height` does not fit; true if it did */
  ensure(height: number): boolean
}

const PAD_X = 5
const PAD_Y = 4
const BODY = 9
const BAR_W = 36

export function drawTable<T>(
  page: TablePage,
  columns: PdfColumn<T>[],
  rows: T[],
  opts: { groupBy?: (row: T) => string } = {},
): void {
  const { doc, left, width } = page
  const fixed = columns.reduce((s, c) => s + c.width, 0)
  const flex = columns.filter((c) => c.width === 0).length
  const widths = columns.map((c) => (c.width === 0 ? (width - fixed) / Math.max(flex, 1) : c.width))
  const font = (c: Cell) => doc.font(c.bold ? 'zh-bold' : 'zh').fontSize(BODY)
  const textWidth = (c: Cell, w: number) => w - 2 * PAD_X - (c.bar != null ? BAR_W + 4 : 0)
  /** Cells across the given widths (one full-width cell for a band), and their height. */
  const measure = (cs: Cell[], ws: number[]) =>
    Math.max(...cs.map((c, i) => font(c).heightOfString(c.text || ' ', { width: textWidth(c, ws[i]!) }))) +
    2 * PAD_Y

  const drawRow = (cs: Cell[], ws: number[], h: number, fill: string | null) => {
    const y = doc.y
    if (fill) doc.rect(left, y, width, h).fill(fill)
    let x = left
    cs.forEach((c, i) => {
      let tx = x + PAD_X
      if (c.bar != null) {
        const share = Math.min(Math.max(c.bar, 0), 1)
        doc.rect(tx, y + h / 2 - 3, BAR_W, 6).fill('#e5e7eb')
        if (share > 0) doc.rect(tx, y + h / 2 - 3, BAR_W * share, 6).fill(COLOR.accent)
        tx += BAR_W + 4
      }
      font(c).fillColor(c.color ?? COLOR.text)
      doc.text(c.text, tx, y + PAD_Y, {
        width: textWidth(c, ws[i]!),
        align: cs.length === 1 ? 'left' : (columns[i]?.align ?? 'left'),
      })
      x += ws[i]!
    })
    doc
      .moveTo(left, y + h)
      .lineTo(left + width, y + h)
      .lineWidth(0.5)
      .stroke(COLOR.rule)
    doc.y = y + h
  }

  const band = (text: string) => [{ text, bold: true, color: COLOR.accent }]
  const bandHeight = (text: string) => measure(band(text), [width])
  const drawBand = (text: string) => drawRow(band(text), [width], bandHeight(text), COLOR.bandFill)

  const header = columns.map((c) => ({ text: c.header, bold: true }))
  const headerH = measure(header, widths)
  const drawHeader = () => drawRow(header, widths, headerH, COLOR.headerFill)
  page.ensure(headerH + 20)
  drawHeader()
  let group: string | undefined
  let n = 0
  for (const row of rows) {
    const cs = columns.map((c) => {
      const v = c.cell(row)
      return typeof v === 'string' ? { text: v } : v
    })
    const h = measure(cs, widths)
    const g = opts.groupBy?.(row)
    if (g !== undefined && g !== group) {
      if (page.ensure(bandHeight(g) + h)) drawHeader()
      drawBand(g)
      group = g
      n = 0
    }
    if (page.ensure(h)) {
      drawHeader()
      // A group continued on a new page says which group it is.
      if (group !== undefined) drawBand(`${group}（续）`)
    }
    drawRow(cs, widths, h, n++ % 2 === 1 ? COLOR.zebra : null)
  }
  doc.fillColor(COLOR.text)
  doc.x = left
  doc.y += 10
}
