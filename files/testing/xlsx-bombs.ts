import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { writeZip, type ZipEntry } from './zip-writer'

/**
 * Hostile XLSX uploads built in memory for the upload guards' tests: a ZIP bomb (one cell
 * that inflates to `mib` MiB, about 1 KB on disk per MiB), the same bomb with a directory
 * that lies about its size, and sheets of any size. The corpus's file-based bombs are in
 * corpus-large.ts.
 */

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
const NS = 'http://schemas.openxmlformats.org'
const one = (s: string) => () => [Buffer.from(s)]
const SHEET = 'xl/worksheets/sheet1.xml'

function skeleton(sheet: () => Iterable<Buffer>, workbookExtra = ''): ZipEntry[] {
  return [
    {
      name: '[Content_Types].xml',
      chunks: one(
        `${XML_HEAD}<Types xmlns="${NS}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/${SHEET}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
      ),
    },
    {
      name: '_rels/.rels',
      chunks: one(
        `${XML_HEAD}<Relationships xmlns="${NS}/package/2006/relationships"><Relationship Id="rId1" Type="${NS}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      ),
    },
    {
      name: 'xl/workbook.xml',
      chunks: one(
        `${XML_HEAD}<workbook xmlns="${NS}/spreadsheetml/2006/main" xmlns:r="${NS}/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets>${workbookExtra}</workbook>`,
      ),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      chunks: one(
        `${XML_HEAD}<Relationships xmlns="${NS}/package/2006/relationships"><Relationship Id="rId1" Type="${NS}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
      ),
    },
    { name: SHEET, chunks: sheet },
  ]
}

const SHEET_OPEN = `${XML_HEAD}<worksheet xmlns="${NS}/spreadsheetml/2006/main">`
const SHEET_CLOSE = '</worksheet>'

/** A workbook whose first sheet's XML (inside <worksheet>) is `parts`, streamed; `workbookExtra` goes after <sheets>. */
export async function xlsxOfSheet(
  parts: () => Iterable<string | Buffer>,
  workbookExtra = '',
): Promise<Buffer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xlsx-bomb-'))
  const file = path.join(dir, 'book.xlsx')
  try {
    await writeZip(
      file,
      skeleton(function* () {
        yield Buffer.from(SHEET_OPEN)
        for (const p of parts()) yield typeof p === 'string' ? Buffer.from(p) : p
        yield Buffer.from(SHEET_CLOSE)
      }, workbookExtra),
    )
    return fs.readFileSync(file)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

/** A workbook whose first sheet is `rows` (XML of <row> elements, streamed). */
export function xlsxOfRows(rows: () => Iterable<string | Buffer>): Promise<Buffer> {
  return xlsxOfSheet(function* () {
    yield '<sheetData>'
    yield* rows()
    yield '</sheetData>'
  })
}

/** One inline-string cell of `mib` MiB of 'A' in A1 (the header row): the 414 KB → 400 MB file. */
export function xlsxBomb(mib: number): Promise<Buffer> {
  const block = Buffer.alloc(2 ** 20, 'A')
  return xlsxOfRows(function* () {
    yield '<row r="1"><c r="A1" t="inlineStr"><is><t>'
    for (let i = 0; i < mib; i++) yield block
    yield '</t></is></c></row>'
  })
}

/** The bomb with the sheet's declared inflated size (directory and local header) set to `declared` bytes. */
export async function lyingXlsxBomb(mib: number, declared = 4096): Promise<Buffer> {
  const buf = await xlsxBomb(mib)
  const name = Buffer.from(SHEET)
  for (let p = buf.indexOf(name); p >= 0; p = buf.indexOf(name, p + 1)) {
    if (buf.readUInt32LE(p - 46) === 0x02014b50) buf.writeUInt32LE(declared, p - 46 + 24)
    else if (buf.readUInt32LE(p - 30) === 0x04034b50) buf.writeUInt32LE(declared, p - 30 + 22)
  }
  return buf
}

const WHOLE_SHEET = 'A1:XFD1048576'

/**
 * `rows` (<row> XML) plus parts a whole-workbook reader expands cell by cell: whole-sheet
 * column widths, merge, data validation and a defined name. About 2 KB; exceljs's
 * Workbook.xlsx.load never returns from it (it blocks the event loop).
 */
export function xlsxWithWholeSheetRanges(rows: string): Promise<Buffer> {
  return xlsxOfSheet(
    () => [
      '<cols><col min="1" max="200000000" width="9"/></cols>',
      `<sheetData>${rows}</sheetData>`,
      `<mergeCells count="1"><mergeCell ref="${WHOLE_SHEET}"/></mergeCells>`,
      `<dataValidations count="1"><dataValidation type="list" sqref="${WHOLE_SHEET}"><formula1>"a,b"</formula1></dataValidation></dataValidations>`,
    ],
    '<definedNames><definedName name="all">Sheet1!$A$1:$XFD$1048576</definedName></definedNames>',
  )
}
