import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  Packer,
  PageBreak,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from 'docx'
import {
  type Block,
  type ContentCell,
  type ContentColumn,
  type FinalEvaluationReport,
  finalEvaluationContent,
  type Tone,
} from './final-evaluation.content'
import { toInstant } from './format'

/**
 * 终期评估 as DOCX (the format government offices edit), with the npm `docx` package: A4,
 * 宋体 body and 黑体 headings set in the document styles (ASCII and East Asian runs alike),
 * a title page, tables whose header row repeats on every page, page numbers in the footer.
 * The content is final-evaluation.content.ts's, as in the PDF.
 */

const BODY_FONT = 'SimSun'
const HEADING_FONT = 'SimHei'
const font = (name: string) => ({ ascii: name, eastAsia: name, hAnsi: name, cs: name })

/** A4 in twips, with the margins of official documents (GB/T 9704: 37/35/28/26 mm). */
const PAGE = { width: 11_906, height: 16_838 }
const MARGIN = { top: 2_098, bottom: 1_984, left: 1_588, right: 1_474 }
const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right

const TONE: Record<Tone, string> = { good: '15803D', bad: 'B91C1C', muted: '595959' }
const RULE = { style: BorderStyle.SINGLE, size: 4, color: 'A6A6A6' }
const ALIGN = { left: AlignmentType.LEFT, right: AlignmentType.RIGHT, center: AlignmentType.CENTER } as const

const run = (text: string, opts: { bold?: boolean; tone?: Tone; size?: number } = {}) =>
  new TextRun({
    text,
    ...(opts.bold ? { bold: true } : {}),
    ...(opts.tone ? { color: TONE[opts.tone] } : {}),
    ...(opts.size ? { size: opts.size } : {}),
  })

function tableOf(columns: ContentColumn[], rows: ContentCell[][], narrow = false): Table {
  const width = narrow ? Math.floor(TEXT_WIDTH / 2) : TEXT_WIDTH
  const total = columns.reduce((s, c) => s + c.width, 0)
  const widths = columns.map((c) => Math.floor((c.width / total) * width))
  const cellOf = (c: ContentCell, i: number, header: boolean) =>
    new TableCell({
      width: { size: widths[i]!, type: WidthType.DXA },
      margins: { top: 40, bottom: 40, left: 80, right: 80 },
      ...(header ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: 'E8EEF6' } } : {}),
      children: [
        new Paragraph({
          alignment: header ? AlignmentType.CENTER : ALIGN[columns[i]?.align ?? 'left'],
          children: [
            new TextRun({
              text: c.text,
              size: 21,
              ...(header ? { font: font(HEADING_FONT) } : {}),
              ...(c.bold ? { bold: true } : {}),
              ...(c.tone ? { color: TONE[c.tone] } : {}),
            }),
          ],
        }),
      ],
    })
  return new Table({
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: {
      top: RULE,
      bottom: RULE,
      left: RULE,
      right: RULE,
      insideHorizontal: RULE,
      insideVertical: RULE,
    },
    rows: [
      // Repeated at the top of every page the table runs onto (w:tblHeader).
      new TableRow({
        tableHeader: true,
        cantSplit: true,
        children: columns.map((c, i) => cellOf({ text: c.header }, i, true)),
      }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((c, i) => cellOf(c, i, false)) })),
    ],
  })
}

const HEADING = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const

function blockOf(b: Block): Array<Paragraph | Table> {
  switch (b.kind) {
    case 'heading':
      return [new Paragraph({ heading: HEADING[b.level], keepNext: true, children: [run(b.text)] })]
    case 'text':
      return [
        new Paragraph({
          spacing: { after: 60 },
          // A label alone, or a bold line (a task's title), heads what follows it.
          keepNext: (b.label !== undefined && b.text === '') || b.bold === true,
          children: [
            ...(b.label ? [run(`${b.label}：`, { bold: true })] : []),
            ...(b.text
              ? [run(b.text, { ...(b.tone ? { tone: b.tone } : {}), ...(b.bold ? { bold: true } : {}) })]
              : []),
          ],
        }),
      ]
    case 'quote':
      return [
        new Paragraph({
          indent: { left: 420 },
          spacing: { after: 80 },
          border: { left: { style: BorderStyle.SINGLE, size: 12, color: 'BFBFBF', space: 8 } },
          children: [
            ...(b.label ? [run(`${b.label}：`, { bold: true })] : []),
            run(`《${b.title}》：`, { bold: true, tone: 'muted' }),
            run(`“${b.text}”`, { tone: 'muted' }),
          ],
        }),
      ]
    case 'figures':
      return [
        tableOf(
          b.items.map((i) => ({ header: i.label, width: 1, align: 'center' as const })),
          [b.items.map((i) => ({ text: i.value, bold: true, ...(i.tone ? { tone: i.tone } : {}) }))],
        ),
        new Paragraph({ children: [] }),
      ]
    case 'table':
      return [tableOf(b.columns, b.rows, b.narrow), new Paragraph({ spacing: { after: 60 }, children: [] })]
  }
}

export async function finalEvaluationDocx(report: FinalEvaluationReport): Promise<Buffer> {
  const content = finalEvaluationContent(report)
  const created = toInstant(report.generated_at) ?? undefined
  const cover = [
    new Paragraph({ spacing: { before: 2_400 }, children: [] }),
    new Paragraph({
      heading: HeadingLevel.TITLE,
      alignment: AlignmentType.CENTER,
      children: [run(content.title)],
    }),
    ...content.cover.map(
      (line) =>
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { before: 120 },
          children: [run(line, { size: 28 })],
        }),
    ),
    new Paragraph({ children: [new PageBreak()] }),
  ]
  const doc = new Document({
    creator: 'Plan Scorecard',
    title: content.title,
    ...(created ? { created } : {}),
    styles: {
      default: {
        document: {
          run: { font: font(BODY_FONT), size: 24, language: { value: 'zh-CN', eastAsia: 'zh-CN' } },
        },
        title: {
          run: { font: font(HEADING_FONT), size: 44, color: '000000' },
          paragraph: { spacing: { after: 480 } },
        },
        heading1: {
          run: { font: font(HEADING_FONT), size: 32, color: '000000' },
          paragraph: { spacing: { before: 360, after: 180 } },
        },
        heading2: {
          run: { font: font(HEADING_FONT), size: 28, color: '000000' },
          paragraph: { spacing: { before: 240, after: 120 } },
        },
        heading3: {
          run: { font: font(HEADING_FONT), size: 24, color: '000000' },
          paragraph: { spacing: { before: 240, after: 100 } },
        },
      },
    },
    sections: [
      {
        properties: { page: { size: PAGE, margin: MARGIN } },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({
                    size: 18,
                    children: ['第 ', PageNumber.CURRENT, ' 页 / 共 ', PageNumber.TOTAL_PAGES, ' 页'],
                  }),
                ],
              }),
            ],
          }),
        },
        children: [...cover, ...content.blocks.flatMap(blockOf)],
      },
    ],
  })
  return Packer.toBuffer(doc)
}
