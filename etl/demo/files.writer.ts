import fs from 'node:fs'
import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import { fixZipTimestamps } from './zip-timestamps'

export type Cell = string | number | Date | null

/** `2023-05-06 14:03:00` (Asia/Shanghai wall clock) → the Date an XLSX cell shows as that. */
export function wallClockDate(s: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(s)
  if (!m) throw new Error(`not a wall-clock datetime: ${s}`)
  const [y, mo, d, h, mi, se] = m.slice(1).map(Number) as [number, number, number, number, number, number]
  // XLSX date cells have no zone: the serial number is the wall-clock time, which
  // exceljs derives from the Date's UTC fields.
  return new Date(Date.UTC(y, mo - 1, d, h, mi, se))
}

/** First sheet, header in row 1, real date cells for Date values; byte-identical per input. */
export async function writeXlsx(
  file: string,
  sheetName: string,
  header: readonly string[],
  rows: readonly Cell[][],
): Promise<void> {
  const wb = new ExcelJS.Workbook()
  const fixed = new Date(Date.UTC(2026, 0, 4, 1, 0, 0))
  wb.creator = 'plan-scorecard demo-data'
  wb.lastModifiedBy = 'plan-scorecard demo-data'
  wb.created = fixed
  wb.modified = fixed
  const ws = wb.addWorksheet(sheetName)
  ws.addRow([...header]).font = { bold: true }
  for (const row of rows) ws.addRow(row)
  header.forEach((_, i) => {
    const column = ws.getColumn(i + 1)
    column.width = Math.max(12, header[i]!.length * 2 + 2)
    if (rows.some((r) => r[i] instanceof Date)) column.numFmt = 'yyyy-mm-dd hh:mm:ss'
  })
  const buffer = Buffer.from(await wb.xlsx.writeBuffer())
  fs.writeFileSync(file, fixZipTimestamps(buffer))
}

const csvField = (v: string | number) => {
  const s = String(v)
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** A small CSV written from JavaScript, CRLF line ends as Windows tools write, in UTF-8 or GBK. */
export function writeCsv(
  file: string,
  header: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<string | number>>,
  encoding: 'utf-8' | 'gbk',
): void {
  const text = [header, ...rows].map((r) => `${r.map(csvField).join(',')}\r\n`).join('')
  fs.writeFileSync(file, encoding === 'gbk' ? iconv.encode(text, 'gbk') : Buffer.from(text, 'utf8'))
}
