import fs from 'node:fs'
import type { Readable } from 'node:stream'
import ExcelJS from 'exceljs'
import { FileRejectedError } from '../../files/rejected'
import { zipEntryStream } from '../../files/zip-entry'
import { checkXlsxContainer } from '../../files/zip-guard'
import { cellText } from './cell'
import { csvLine } from './csv-text'
import type { PreparedInput } from './prepared'

/**
 * The parts of exceljs's streaming reader this module drives itself. Its own `read()` walks
 * the archive once, front to back, and intermittently loses every entry after the first
 * worksheet (1 read in 300 of one exceljs-written file, here and upstream: exceljs#683,
 * #3064): the sheet was then read without its shared strings or styles, headers became
 * `{"sharedString":0}` and dates numbers. Here each part comes from the central directory,
 * in the order the sheet needs them. Pinned by package-lock; `xlsx.test.ts` reads one
 * file many times and checks every cell.
 */
interface WorkbookParts {
  _parseRels(entry: Readable): Promise<void>
  _parseWorkbook(entry: Readable): Promise<void>
  _parseSharedStrings(entry: Readable): AsyncIterable<unknown>
  _parseStyles(entry: Readable): Promise<void>
  _parseWorksheet(
    chunks: AsyncIterable<Buffer>,
    sheetNo: string,
  ): Iterable<{ value: AsyncIterable<ExcelJS.Row> }>
  workbookRels?: Array<{ Id: string; Target: string }>
  model?: { sheets?: Array<{ rId: string }> }
}

/** Streams the first sheet into a normalized CSV (source row number first), never holding the sheet in memory. */
export async function xlsxToCsv(file: string, out: string): Promise<Omit<PreparedInput, 'cleanup'>> {
  const entries = new Map(checkXlsxContainer(file).map((e) => [e.name, e]))
  const part = (name: string) => {
    const e = entries.get(name)
    return e ? zipEntryStream(file, e) : null
  }
  const sink = fs.createWriteStream(out)
  let headers: string[] | null = null
  let width = 0
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
      sharedStrings: 'cache',
      hyperlinks: 'ignore',
      styles: 'cache', // needed to tell date cells from numbers
      worksheets: 'emit',
    }) as unknown as WorkbookParts
    const rels = part('xl/_rels/workbook.xml.rels')
    const workbook = part('xl/workbook.xml')
    if (!rels || !workbook) throw new Error('no workbook part (xl/workbook.xml)')
    await reader._parseRels(rels)
    await reader._parseWorkbook(workbook)
    const strings = part('xl/sharedStrings.xml')
    if (strings) for await (const _ of reader._parseSharedStrings(strings));
    const styles = part('xl/styles.xml')
    if (styles) await reader._parseStyles(styles)
    const sheetPath = firstSheetPath(reader)
    const sheet = part(sheetPath)
    if (!sheet) throw new Error(`no first sheet (${sheetPath})`)
    for (const { value: rows } of reader._parseWorksheet(sheet, /(\d+)\.xml$/.exec(sheetPath)?.[1] ?? '1')) {
      for await (const row of rows) {
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
    }
  } catch (err) {
    sink.destroy()
    if (err instanceof FileRejectedError) throw err
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

/** The first sheet in the workbook's tab order, as a path in the archive. */
function firstSheetPath(reader: WorkbookParts): string {
  const rId = reader.model?.sheets?.[0]?.rId
  const target = reader.workbookRels?.find((r) => r.Id === rId)?.Target
  if (!target) return 'xl/worksheets/sheet1.xml'
  return target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`
}
