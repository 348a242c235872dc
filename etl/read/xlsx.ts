import fs from 'node:fs'
import ExcelJS from 'exceljs'
import { FileRejectedError } from '../../files/rejected'
import { checkXlsxContainer } from '../../files/zip-guard'
import { cellText } from './cell'
import { csvLine } from './csv-text'
import type { PreparedInput } from './prepared'

/** Streams the first sheet into a normalized CSV (source row number first), never holding the sheet in memory. */
export async function xlsxToCsv(file: string, out: string): Promise<Omit<PreparedInput, 'cleanup'>> {
  checkXlsxContainer(file)
  const sink = fs.createWriteStream(out)
  let headers: string[] | null = null
  let width = 0
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
      sharedStrings: 'cache',
      hyperlinks: 'ignore',
      styles: 'cache', // needed to tell date cells from numbers
      worksheets: 'emit',
    })
    // exceljs reads a worksheet that precedes xl/workbook.xml in the zip before it knows the
    // workbook (`this.model` undefined → "reading 'sheets'"); zip entry order varies between
    // writers, so start from an empty model: sheet names are filled in when the workbook is read.
    ;(reader as unknown as { model: { sheets: unknown[] } }).model = { sheets: [] }
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        const values = (row.values as unknown[]).slice(1).map((v) => cellText(v).trim())
        if (!headers) {
          headers = values
          width = headers.length
          sink.write(csvLine(['__row', ...headers]))
          continue
        }
        if (values.every((v) => v.trim() === '')) continue
        const cells = Array.from({ length: width }, (_, i) => values[i] ?? '')
        if (!sink.write(csvLine([String(row.number), ...cells]))) {
          await new Promise<void>((resolve) => sink.once('drain', () => resolve()))
        }
      }
      break // only the first sheet
    }
  } catch (err) {
    sink.destroy()
    const why = err instanceof Error ? err.message : String(err)
    throw new FileRejectedError(
      `无法读取XLSX文件 (cannot read the XLSX file; is it damaged or password-protected?): ${why}`,
    )
  }
  await new Promise<void>((resolve, reject) => sink.end((e?: Error | null) => (e ? reject(e) : resolve())))
  if (!headers || headers.every((h) => h.trim() === '')) {
    throw new FileRejectedError('工作表为空或没有表头 (the first sheet is empty or has no header row)')
  }
  return {
    format: 'xlsx',
    encoding: 'xlsx',
    path: out,
    headers,
    skipLines: 1,
    hasRowColumn: true,
    rowOffset: 0,
    rejectedFile: null,
  }
}
