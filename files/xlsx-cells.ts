import path from 'node:path/posix'
import { eachXmlEvent, keptText } from './xml-scan'

/**
 * The first sheet of an XLSX as rows of plain values, read from its already inflated
 * entries (see zip-guard-bytes.ts) with bounded work that yields to other
 * requests as it goes. Only cells are read: column widths, merges, validations, defined
 * names and drawings, which a whole-workbook reader expands cell by cell (a 2 KB file
 * freezes exceljs's Workbook.xlsx.load), are ignored.
 */

export type CellValue = string | number | boolean | Date | null

export interface SheetLine {
  /** sheet row number as Excel shows it */
  row: number
  cells: CellValue[]
}

export interface SheetLimits {
  /** Most non-empty rows read; one more and the sheet is refused (SheetTooLongError). */
  maxRows: number
  /** Cells right of this column are ignored. */
  maxColumns: number
  /** A cell's text beyond this many characters is dropped. */
  maxCellChars: number
}

export class SheetTooLongError extends Error {}

type Entries = ReadonlyMap<string, Buffer>
type Rels = Map<string, { target: string; type: string }>

const xmlOf = (entries: Entries, name: string) => entries.get(name)?.toString('utf8') ?? ''

/** Relationship id → part, for the part `source` ('' for the package itself). */
async function relationships(entries: Entries, source: string): Promise<Rels> {
  const dir = path.dirname(source)
  const rels: Rels = new Map()
  await eachXmlEvent(xmlOf(entries, path.join(dir, '_rels', `${path.basename(source)}.rels`)), (ev) => {
    if (ev.kind !== 'open' || ev.name !== 'Relationship' || !ev.attrs.Target) return
    const t = ev.attrs.Target
    const target = t.startsWith('/') ? t.slice(1) : path.normalize(path.join(dir, t))
    rels.set(ev.attrs.Id ?? '', { target, type: ev.attrs.Type ?? '' })
  })
  return rels
}

const byType = (rels: Rels, type: string) =>
  [...rels.values()].find((r) => r.type.endsWith(`/${type}`))?.target

/** Every shared string (rich text runs joined, phonetic runs left out). */
async function sharedStrings(xml: string, maxChars: number): Promise<string[]> {
  const out: string[] = []
  let current: string | null = null
  let inT = false
  let inPhonetic = false
  await eachXmlEvent(xml, (ev) => {
    if (ev.kind === 'open') {
      if (ev.name === 'si') {
        current = ev.empty ? null : ''
        if (ev.empty) out.push('')
      } else if (ev.name === 'rPh') inPhonetic = !ev.empty
      else if (ev.name === 't') inT = !ev.empty
    } else if (ev.kind === 'close') {
      if (ev.name === 'si' && current !== null) out.push(current.trim())
      if (ev.name === 'si') current = null
      else if (ev.name === 'rPh') inPhonetic = false
      else if (ev.name === 't') inT = false
    } else if (inT && !inPhonetic && current !== null) current = keptText(current, ev, maxChars)
  })
  return out
}

// Built-in date formats, including the Chinese locale's (27–36, 50–58).
const DATE_IDS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47,
])
for (let id = 50; id <= 58; id++) DATE_IDS.add(id)

/** For each cell style index (a cell's `s`): does it show a date? */
async function dateStyles(xml: string): Promise<boolean[]> {
  const custom = new Map<number, boolean>()
  const styles: boolean[] = []
  let inCellXfs = false
  await eachXmlEvent(xml, (ev) => {
    if (ev.kind === 'open' && ev.name === 'numFmt') {
      const code = (ev.attrs.formatCode ?? '').replace(/"[^"]*"|\[[^\]]*\]|\\./g, '')
      custom.set(Number(ev.attrs.numFmtId), /[ymdhs]/i.test(code))
    } else if (ev.kind === 'open' && ev.name === 'cellXfs') inCellXfs = !ev.empty
    else if (ev.kind === 'close' && ev.name === 'cellXfs') inCellXfs = false
    else if (ev.kind === 'open' && ev.name === 'xf' && inCellXfs) {
      const id = Number(ev.attrs.numFmtId ?? 0)
      styles.push(custom.get(id) ?? DATE_IDS.has(id))
    }
  })
  return styles
}

const excelDate = (serial: number, date1904: boolean) =>
  new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000))

function columnOf(ref: string | undefined): number | null {
  const letters = ref?.match(/^[A-Za-z]{1,3}/)?.[0]
  if (!letters) return null
  let n = 0
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64)
  return n
}

/** The workbook's first sheet (first in tab order), cell by cell; null when it has none. */
export async function readFirstSheet(entries: Entries, limits: SheetLimits): Promise<SheetLine[] | null> {
  const book = byType(await relationships(entries, ''), 'officeDocument') ?? 'xl/workbook.xml'
  const bookRels = await relationships(entries, book)
  let sheetPart: string | undefined
  let date1904 = false
  await eachXmlEvent(xmlOf(entries, book), (ev) => {
    if (ev.kind !== 'open') return
    if (ev.name === 'workbookPr') date1904 = ev.attrs.date1904 === '1' || ev.attrs.date1904 === 'true'
    if (ev.name === 'sheet' && !sheetPart) sheetPart = bookRels.get(ev.attrs.id ?? '')?.target
  })
  if (!sheetPart || !entries.has(sheetPart)) return null
  const part = (type: string, fallback: string) => xmlOf(entries, byType(bookRels, type) ?? fallback)
  const strings = await sharedStrings(part('sharedStrings', 'xl/sharedStrings.xml'), limits.maxCellChars)
  const dates = await dateStyles(part('styles', 'xl/styles.xml'))
  return readCells(xmlOf(entries, sheetPart), limits, (type, text, style) => {
    if (text === null) return null
    if (type === 's') return strings[Number(text)] ?? null
    if (type === 'b') return text.trim() === '1' || text.trim() === 'true'
    const n = Number(text)
    if (type !== 'n' || text.trim() === '' || !Number.isFinite(n)) return text.trim()
    return dates[style] ? excelDate(n, date1904) : n
  })
}

type Convert = (type: string, text: string | null, style: number) => CellValue

async function readCells(xml: string, limits: SheetLimits, convert: Convert): Promise<SheetLine[]> {
  const lines: SheetLine[] = []
  let line: SheetLine | null = null
  let cell: { col: number; type: string; style: number; text: string | null } | null = null
  let into: 'v' | 'is' | null = null
  let inT = false
  let inPhonetic = false
  let lastRow = 0
  let lastCol = 0
  const endCell = () => {
    if (line && cell && cell.col <= limits.maxColumns) {
      line.cells[cell.col - 1] = convert(cell.type, cell.text, cell.style)
    }
    cell = null
  }
  const endRow = () => {
    if (!line) return
    const cells = Array.from(line.cells, (c) => c ?? null)
    if (cells.some((c) => c !== null && c !== '')) {
      if (lines.length >= limits.maxRows) throw new SheetTooLongError()
      lines.push({ row: line.row, cells })
    }
    line = null
  }
  await eachXmlEvent(xml, (ev) => {
    if (ev.kind === 'open') {
      if (ev.name === 'row') {
        endRow()
        lastRow = Number.parseInt(ev.attrs.r ?? '', 10) || lastRow + 1
        lastCol = 0
        line = { row: lastRow, cells: [] }
        if (ev.empty) endRow()
      } else if (ev.name === 'c' && line) {
        lastCol = columnOf(ev.attrs.r) ?? lastCol + 1
        cell = { col: lastCol, type: ev.attrs.t ?? 'n', style: Number(ev.attrs.s ?? 0), text: null }
        if (ev.empty) endCell()
      } else if (cell && (ev.name === 'v' || ev.name === 'is') && !ev.empty) {
        into = ev.name
        cell.text = cell.text ?? ''
      } else if (ev.name === 't') inT = !ev.empty
      else if (ev.name === 'rPh') inPhonetic = !ev.empty
    } else if (ev.kind === 'close') {
      if (ev.name === 'c') endCell()
      else if (ev.name === 'row') endRow()
      else if (ev.name === 'v' || ev.name === 'is') into = null
      else if (ev.name === 't') inT = false
      else if (ev.name === 'rPh') inPhonetic = false
    } else if (cell?.text != null && (into === 'v' || (into === 'is' && inT)) && !inPhonetic) {
      cell.text = keptText(cell.text, ev, limits.maxCellChars)
    }
  })
  endRow()
  return lines
}
