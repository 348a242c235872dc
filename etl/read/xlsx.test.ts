import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { FileRejectedError } from '../../files/rejected'
import { lyingXlsxBomb } from '../../files/testing/xlsx-bombs'
import { writeZip } from '../../files/testing/zip-writer'
import { wallClockDate, writeXlsx } from '../demo/files.writer'
import { xlsxToCsv } from './xlsx'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xlsx-read-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
let n = 0
const read = (file: string) => xlsxToCsv(file, path.join(dir, `out-${n++}.csv`))
const text = (r: { path: string }) => fs.readFileSync(r.path, 'utf8')

describe('the ETL reads an XLSX sheet through the ZIP directory', () => {
  it('an exceljs workbook (sheet stored before its shared strings and styles): every read equal, 300 times', async () => {
    // exceljs stores the sheet first; its own single-pass reader lost the parts after it in
    // about 1 read in 300 (headers came out as {"sharedString":0}, dates as numbers).
    const file = path.join(dir, 'book.xlsx')
    const rows = Array.from({ length: 40 }, (_, i) => [
      `44030600${String(i).padStart(4, '0')}`,
      `村${i}`,
      i % 2 ? '是' : '否',
      wallClockDate(`2024-03-${String((i % 28) + 1).padStart(2, '0')} 09:30:00`),
    ])
    await writeXlsx(file, '行政区划', ['行政区划代码', '名称', '是否联通', '更新时间'], rows)
    const first = await read(file)
    expect(first.headers).toEqual(['行政区划代码', '名称', '是否联通', '更新时间'])
    const csv = text(first)
    expect(csv.split(/\r?\n/)[1]).toBe('"2","440306000000","村0","否","2024-03-01 09:30:00"')
    for (let i = 0; i < 300; i++) {
      const again = await read(file)
      expect(again.headers).toEqual(first.headers)
      expect(text(again)).toBe(csv)
    }
  })

  it('the first sheet is the first tab, not the first part stored', async () => {
    const file = path.join(dir, 'tabs.xlsx')
    const ns = 'http://schemas.openxmlformats.org'
    const one = (s: string) => () => [Buffer.from(s)]
    const sheet = (header: string) =>
      one(
        `<worksheet xmlns="${ns}/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>${header}</t></is></c></row><row r="2"><c r="A2"><v>7</v></c></row></sheetData></worksheet>`,
      )
    await writeZip(file, [
      { name: 'xl/worksheets/sheet1.xml', chunks: sheet('说明') },
      { name: 'xl/worksheets/sheet2.xml', chunks: sheet('数据') },
      {
        name: 'xl/_rels/workbook.xml.rels',
        chunks: one(
          `<Relationships xmlns="${ns}/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${ns}/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet2.xml"/></Relationships>`,
        ),
      },
      {
        name: 'xl/workbook.xml',
        chunks: one(
          `<workbook xmlns="${ns}/spreadsheetml/2006/main" xmlns:r="${ns}/officeDocument/2006/relationships"><sheets><sheet name="数据" sheetId="2" r:id="rId2"/><sheet name="说明" sheetId="1" r:id="rId1"/></sheets></workbook>`,
        ),
      },
    ])
    const r = await read(file)
    expect(r.headers).toEqual(['数据'])
    expect(text(r).trim().split(/\r?\n/)).toEqual(['"__row","数据"', '"2","7"'])
  })

  it('a directory that understates the sheet: refused once the sheet passes its declared size', async () => {
    const file = path.join(dir, 'lying.xlsx')
    fs.writeFileSync(file, await lyingXlsxBomb(2))
    const err = await read(file).then(
      () => null,
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(FileRejectedError)
    expect((err as Error).message).toMatch(/文件内容损坏或与目录不符（xl\/worksheets\/sheet1.xml）/)
  })
})
