import fs from 'node:fs'
import path from 'node:path'
import iconv from 'iconv-lite'
import { writeZip } from '../../files/testing/zip-writer'
import { columnHeader, headerRow } from '../contract/forms'
import { csvLine } from '../read/csv-text'
import { writeXlsx } from './files'
import { ticketHeaders } from './fixtures'

/**
 * The large members of the bad-input corpus, generated rather than committed
 * (the small ones live in etl/testing/corpus/). Each writer returns the file's path.
 */

export const HOTLINE_HEADERS = ticketHeaders('zh')
const hotlineRow = (id: string) => [
  id,
  '2024-03-01 09:00:00',
  '电话',
  '投诉',
  'D01',
  '满意',
  '2024-03-02 00:00:00',
]

const MiB = 1 << 20

/** departments: a 10 MB department name (bad), a 10 MB cell in an unknown column (ignored), good rows. */
export function writeHugeField(dir: string): string {
  const file = path.join(dir, 'field-10mb.csv')
  const big = '长'.repeat((10 * MiB) / 3)
  const lines = [
    csvLine([...headerRow('departments', 'zh', { requiredOnly: true }), '备注']),
    csvLine(['DH1', '正常部门', '440306', '']),
    csvLine(['DH2', big, '440306', '']),
    csvLine(['DH3', '备注很长的部门', '440306', big]),
    csvLine(['DH4', '另一个部门', '440306', 'ok']),
  ]
  fs.writeFileSync(file, lines.join(''))
  return file
}

/** hotline_tickets with 4,993 extra columns after the contract's 7. */
export function writeWideFile(dir: string, columns = 5_000, rows = 200): string {
  const file = path.join(dir, `columns-${columns}.csv`)
  const extra = columns - HOTLINE_HEADERS.length
  const header = [...HOTLINE_HEADERS, ...Array.from({ length: extra }, (_, i) => `附加列${i + 1}`)]
  const filler = Array.from({ length: extra }, (_, i) => String(i))
  const out = [csvLine(header)]
  for (let r = 0; r < rows; r++) out.push(csvLine([...hotlineRow(`TW${r}`), ...filler]))
  fs.writeFileSync(file, out.join(''))
  return file
}

/** More than the encoding sniffer's first MiB of plain ASCII, then GBK text: a file that looks like UTF-8 at first. */
export function writeLateGbk(dir: string, asciiMiB = 1.5, bom = false): { file: string; rows: number } {
  const file = path.join(dir, `late-gbk-${asciiMiB}${bom ? '-bom' : ''}.csv`)
  const ascii: string[] = [`${bom ? '\uFEFF' : ''}${csvLine(ticketHeaders('en'))}`]
  let n = 0
  let bytes = 0
  while (bytes < asciiMiB * MiB) {
    const line = csvLine([
      `TA${n++}`,
      '2024-03-01 09:00:00',
      'phone',
      'complaint',
      'D01',
      'satisfied',
      '2024-03-02 00:00:00',
    ])
    ascii.push(line)
    bytes += line.length
  }
  const gbk = Array.from({ length: 10 }, (_, i) =>
    csvLine([`TG${i}`, '2024-03-01 09:00:00', '电话', '投诉', 'D01', '满意', '2024-03-02 00:00:00']),
  )
  fs.writeFileSync(file, Buffer.concat([Buffer.from(ascii.join('')), iconv.encode(gbk.join(''), 'gbk')]))
  return { file, rows: n + gbk.length }
}

/** A JSON Lines file with one 20 MB line among good ones, and no newline at the end. */
export function writeHugeJsonLine(dir: string): string {
  const file = path.join(dir, 'huge-line.jsonl')
  const good = (id: string) =>
    JSON.stringify(Object.fromEntries(HOTLINE_HEADERS.map((h, i) => [h, hotlineRow(id)[i]])))
  const huge = JSON.stringify({
    [columnHeader('hotline_tickets', 'ticket_id', 'zh')]: 'TH2',
    备注: 'x'.repeat(20 * MiB),
  })
  fs.writeFileSync(file, [good('TH1'), huge, good('TH3')].join('\n'))
  return file
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
const xlsxSkeleton = (sheet: ZipChunks) => [
  {
    name: '[Content_Types].xml',
    chunks: one(
      `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
    ),
  },
  {
    name: '_rels/.rels',
    chunks: one(
      `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
  },
  {
    name: 'xl/workbook.xml',
    chunks: one(
      `${XML_HEAD}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
  },
  {
    name: 'xl/_rels/workbook.xml.rels',
    chunks: one(
      `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    ),
  },
  { name: 'xl/worksheets/sheet1.xml', chunks: sheet },
]
type ZipChunks = () => Iterable<Buffer>
const one =
  (s: string): ZipChunks =>
  () => [Buffer.from(s)]

/** An XLSX whose one cell inflates to `gib` GiB: about 1 MB on disk per GiB. */
export async function writeZipBomb(dir: string, gib = 1): Promise<string> {
  const file = path.join(dir, 'zip-bomb.xlsx')
  const block = Buffer.alloc(MiB, 'A')
  await writeZip(
    file,
    xlsxSkeleton(function* () {
      yield Buffer.from(
        `${XML_HEAD}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>`,
      )
      for (let i = 0; i < gib * 1024; i++) yield block
      yield Buffer.from('</t></is></c></row></sheetData></worksheet>')
    }),
  )
  return file
}

/** A real XLSX of `rows` tickets, then two cuts of it: inside the sheet, and just before the central directory. */
export async function writeTruncatedXlsx(
  dir: string,
  rows = 3_000,
): Promise<{ whole: string; cuts: string[] }> {
  const whole = path.join(dir, 'whole.xlsx')
  await writeXlsx(
    whole,
    HOTLINE_HEADERS,
    Array.from({ length: rows }, (_, i) => hotlineRow(`TX${i}`)),
  )
  const buf = fs.readFileSync(whole)
  const cdStart = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]))
  const firstCd = buf.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]))
  const cuts: Array<[string, number]> = [
    ['truncated-half.xlsx', Math.floor(buf.length / 2)],
    ['truncated-no-directory.xlsx', firstCd > 0 ? firstCd : cdStart],
  ]
  return {
    whole,
    cuts: cuts.map(([name, at]) => {
      const f = path.join(dir, name)
      fs.writeFileSync(f, buf.subarray(0, at))
      return f
    }),
  }
}
