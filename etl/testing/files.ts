import fs from 'node:fs'
import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import { csvLine } from '../read/csv-text'

/** Writers for real test files in the formats government systems export. */

export type Cell = string | number | boolean | Date | null

export function writeCsv(
  file: string,
  headers: string[],
  rows: Cell[][],
  encoding: 'utf-8' | 'utf-8-bom' | 'gb18030' = 'utf-8',
  eol = '\n',
): void {
  const text = [headers, ...rows]
    .map((r) =>
      csvLine(r.map((v) => (v === null ? '' : v instanceof Date ? v.toISOString() : String(v)))).replace(
        /\n$/,
        eol,
      ),
    )
    .join('')
  if (encoding === 'gb18030') fs.writeFileSync(file, iconv.encode(text, 'gb18030'))
  else fs.writeFileSync(file, (encoding === 'utf-8-bom' ? '\uFEFF' : '') + text)
}

/** Dates become real XLSX date cells (wall-clock time, as Excel stores it). */
export async function writeXlsx(file: string, headers: string[], rows: Cell[][]): Promise<void> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('Sheet1')
  ws.addRow(headers)
  for (const r of rows) {
    const row = ws.addRow(r.map((v) => (v === null ? null : v)))
    r.forEach((v, i) => {
      if (v instanceof Date) row.getCell(i + 1).numFmt = 'yyyy-mm-dd hh:mm:ss'
    })
  }
  await wb.xlsx.writeFile(file)
}

export function writeJsonl(file: string, headers: string[], rows: Cell[][], extraLines: string[] = []): void {
  const lines = rows.map((r) =>
    JSON.stringify(
      Object.fromEntries(
        headers.map((h, i) => [h, r[i] instanceof Date ? (r[i] as Date).toISOString() : r[i]]),
      ),
    ),
  )
  fs.writeFileSync(file, `${[...lines, ...extraLines].join('\n')}\n`)
}

/** A wall-clock time in Asia/Shanghai as a Date whose UTC fields read that clock (XLSX convention). */
export const wallClock = (s: string): Date => new Date(`${s.replace(' ', 'T')}Z`)
