import ExcelJS from 'exceljs'

export interface Table {
  /** `numFmt`: an XLSX number format for the column (`0.0%`, `#,##0`, `yyyy-mm`); CSV ignores it. */
  columns: Array<{ key: string; title: string; numFmt?: string }>
  /** Cell values: numbers and dates stay typed in XLSX; everything else is text. */
  rows: Array<Record<string, unknown>>
}

/**
 * Text a spreadsheet app could run as a formula: = + - @ as the first character, also
 * after leading spaces, tabs or line breaks (some importers trim them), or a leading tab
 * or carriage return. Only strings: numbers, negative ones included, stay numbers, and so
 * does text that is exactly a number ('-3', '+1.5e3'), which no app can run.
 */
const FORMULA_LIKE = /^(?:\s*[=+\-@]|[\t\r])/
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/

/** Spreadsheet apps run cells that start like a formula: prefix them so they stay text. */
export function neutralizeFormula(value: unknown): unknown {
  if (typeof value !== 'string') return value
  return FORMULA_LIKE.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value
}

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(neutralizeFormula(v))
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s
}

/** UTF-8 with BOM, so Excel opens Chinese text correctly. */
export function toCsv(table: Table): Buffer {
  const lines = [table.columns.map((c) => csvCell(c.title)).join(',')]
  for (const r of table.rows) lines.push(table.columns.map((c) => csvCell(r[c.key])).join(','))
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8')
}

export async function toXlsx(table: Table, sheetName = '数据'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] })
  ws.columns = table.columns.map((c) => ({
    header: c.title,
    key: c.key,
    width: Math.max(12, c.title.length * 2 + 2),
  }))
  ws.getRow(1).font = { bold: true }
  for (const c of table.columns) if (c.numFmt) ws.getColumn(c.key).numFmt = c.numFmt
  for (const r of table.rows) {
    const row: Record<string, unknown> = {}
    for (const c of table.columns) {
      const v = r[c.key]
      // Numbers and dates stay typed; text is neutralized and written as a string (never a formula).
      row[c.key] =
        typeof v === 'number' || v instanceof Date
          ? v
          : v === null || v === undefined
            ? null
            : String(neutralizeFormula(v))
    }
    ws.addRow(row)
  }
  return Buffer.from(await wb.xlsx.writeBuffer())
}

const CONTENT_TYPES: Record<string, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
}

/**
 * What a download procedure answers: web/server/file-routes.ts sends `body` as the HTTP body,
 * named by `Content-Disposition` (never as base64 inside JSON).
 */
export interface Download {
  /** The name people see, Chinese (sent as `filename*`). */
  filename: string
  /** An ASCII name for clients that ignore `filename*`. */
  asciiName: string
  contentType: string
  body: Buffer
  /** Data rows, for a table (sent as `X-Export-Rows`). */
  rows?: number
}

export function download(
  filename: string,
  asciiName: string,
  body: Buffer,
  extra: { rows?: number } = {},
): Download {
  const ext = filename.split('.').pop() ?? ''
  return {
    filename,
    asciiName,
    contentType: CONTENT_TYPES[ext] ?? 'application/octet-stream',
    body,
    ...extra,
  }
}

export const isDownload = (value: unknown): value is Download =>
  typeof value === 'object' &&
  value !== null &&
  Buffer.isBuffer((value as Download).body) &&
  typeof (value as Download).filename === 'string'
