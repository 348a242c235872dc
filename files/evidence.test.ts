import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppError } from '../errors/app-error'
import { checkEvidence, EVIDENCE_LIMITS, evidenceFileName } from './evidence'
import { FileRejectedError } from './rejected'
import { samplePdf as pdf } from './testing/sample-pdf'
import { lyingXlsxBomb, xlsxBomb } from './testing/xlsx-bombs'
import { writeZip } from './testing/zip-writer'
import { ZIP_LIMITS } from './zip-guard'
import { unzipXlsxBytes } from './zip-guard-bytes'

const MiB = 2 ** 20

/** A valid 1×1 RGBA PNG: signature, IHDR, IDAT (zlib of one filtered scanline), IEND. */
function png(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4)
    len.writeUInt32BE(data.length)
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(zlib.crc32(body) >>> 0)
    return Buffer.concat([len, body, crc])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(1, 0)
  ihdr.writeUInt32BE(1, 4)
  ihdr.set([8, 6, 0, 0, 0], 8) // 8-bit RGBA, deflate, no filter, no interlace
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.from([0, 255, 0, 0, 255]))),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

const jpeg = () =>
  Buffer.concat([Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'), Buffer.from('ffd9', 'hex')])

const webp = () =>
  Buffer.concat([
    Buffer.from('RIFF'),
    Buffer.from([0x1a, 0, 0, 0]),
    Buffer.from('WEBPVP8L'),
    Buffer.from('0d0000002f0000000007d0ff0fe0ff2f00', 'hex'),
  ])

async function xlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  wb.addWorksheet('进展').addRow(['任务', '完成情况'])
  return Buffer.from(await wb.xlsx.writeBuffer())
}

let dir: string
async function zip(entries: Record<string, string | Buffer>): Promise<Buffer> {
  const file = path.join(dir, `${Object.keys(entries).length}-${Math.random()}.zip`)
  await writeZip(
    file,
    Object.entries(entries).map(([name, data]) => ({ name, chunks: () => [Buffer.from(data)] })),
  )
  return fs.readFileSync(file)
}

/** What `fn` threw (it must throw). */
function thrown(fn: () => unknown): AppError {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(AppError)
    return e as AppError
  }
  throw new Error('expected a refusal')
}

const OFFICE_TYPES =
  '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
const SHEET_MAIN = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml'

describe('evidence files for check-ins', () => {
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evidence-'))
  })
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

  it('accepts each kind by its content, whatever the name says, with its own download type', async () => {
    const cases = [
      [await pdf(), 'pdf', 'application/pdf', '周报.pdf'],
      [png(), 'png', 'image/png', '周报.png'],
      [jpeg(), 'jpeg', 'image/jpeg', '周报.jpg'],
      [webp(), 'webp', 'image/webp', '周报.webp'],
      [
        await xlsx(),
        'xlsx',
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        '周报.xlsx',
      ],
    ] as const
    for (const [body, kind, contentType, fileName] of cases) {
      const got = checkEvidence(body, '周报.docx')
      expect(got).toEqual({
        kind,
        contentType,
        fileName,
        bytes: body.length,
        sha256: createHash('sha256').update(body).digest('hex'),
      })
      expect(got.sha256).toMatch(/^[0-9a-f]{64}$/)
    }
  })

  it('checks a sub-array by its own bytes, not the whole buffer behind it', async () => {
    const body = await pdf()
    const inside = new Uint8Array(Buffer.concat([Buffer.from('junk'), body, Buffer.from('junk')]))
    const view = inside.subarray(4, 4 + body.length)
    const got = checkEvidence(view, 'a.pdf')
    expect(got.bytes).toBe(body.length)
    expect(got.sha256).toBe(createHash('sha256').update(body).digest('hex'))
  })

  it('names: base only, no control or bidi characters, forced extension, length cap, a default', async () => {
    const body = await pdf()
    const name = (given: string) => checkEvidence(body, given).fileName
    expect(name('../../x.pdf')).toBe('x.pdf')
    expect(name('..\\..\\windows\\报告.PDF')).toBe('报告.pdf')
    expect(name('a\u202Efdp.exe')).toBe('afdp.pdf')
    expect(name('报告.exe')).toBe('报告.pdf')
    expect(name('a\u0000b\r\n\u200Bc\u2066d.pdf')).toBe('abcd.pdf')
    expect(name('季度:汇总?<1>.pdf')).toBe('季度_汇总__1_.pdf')
    expect(name('  . 报告 .pdf. ')).toBe('报告.pdf')
    expect(name('')).toBe('证明材料.pdf')
    expect(name('../..')).toBe('证明材料.pdf')
    expect(name('.pdf')).toBe('证明材料.pdf')
    expect(name('\u202E\u0007')).toBe('证明材料.pdf')
    const long = name(`${'长'.repeat(300)}.pdf`)
    expect(Array.from(long)).toHaveLength(EVIDENCE_LIMITS.maxNameChars)
    expect(long).toBe(`${'长'.repeat(EVIDENCE_LIMITS.maxNameChars - 4)}.pdf`)
    // Cut by code points: an emoji is never split into a lone surrogate.
    const emoji = evidenceFileName('😀'.repeat(10), 'png', 9)
    expect(emoji).toBe('😀😀😀😀😀.png')
    expect(emoji).not.toMatch(/\p{Cs}/u)
    expect(evidenceFileName('照片.JPEG', 'jpeg', 120)).toBe('照片.jpeg')
    expect(evidenceFileName('照片.png', 'jpeg', 120)).toBe('照片.jpg')
    expect(evidenceFileName('v1.2 总结', 'xlsx', 120)).toBe('v1.2 总结.xlsx')
  })

  it('refuses an empty file and one over the limit (413, the limit in MB)', async () => {
    const empty = thrown(() => checkEvidence(new Uint8Array(0), 'a.pdf'))
    expect(empty).toBeInstanceOf(FileRejectedError)
    expect(empty.message).toBe('文件为空，请重新选择文件 (the file is empty)')
    const body = Buffer.concat([await pdf(), Buffer.alloc(MiB)])
    body.write('%%EOF\n', body.length - 6)
    expect(checkEvidence(body, 'a.pdf', { maxBytes: body.length, maxNameChars: 120 }).bytes).toBe(body.length)
    const big = thrown(() => checkEvidence(body, 'a.pdf', { maxBytes: MiB, maxNameChars: 120 }))
    expect(big.status).toBe(413)
    expect(big.code).toBe('PAYLOAD_TOO_LARGE')
    expect(big.message).toMatch(
      /^文件过大（1.1 MB，上限 1 MB）.* \(the file is larger than the 1 MB limit\)$/,
    )
    const tenMb = thrown(() => checkEvidence(new Uint8Array(10 * MiB + 1), 'a.pdf'))
    expect(tenMb.message).toContain('上限 10 MB')
  })

  it('refuses HTML, SVG and scripts, even named .pdf, and other types with the accepted list', () => {
    const refused = (body: string | Buffer, given: string) => {
      const e = thrown(() => checkEvidence(Buffer.from(body), given))
      expect(e).toBeInstanceOf(FileRejectedError)
      expect(e.status).toBe(400)
      return e.message
    }
    const markup =
      /^网页、SVG 或脚本文件不能作为证明材料.*支持的类型：PDF、PNG、JPEG、WebP 图片、Excel（.xlsx） \(HTML, SVG/
    expect(refused('<!DOCTYPE html><html><script>alert(1)</script></html>', '报告.pdf')).toMatch(markup)
    expect(refused('\ufeff\n  <html><body>%PDF-1.7</body></html>', '报告.pdf')).toMatch(markup)
    expect(refused(Buffer.from('\ufeff<html></html>', 'utf16le'), '报告.pdf')).toMatch(markup)
    const svg = '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
    expect(refused(svg, '图.png')).toMatch(markup)
    expect(refused('#!/bin/sh\nrm -rf /', 'a.jpg')).toMatch(markup)
    const unknown =
      '不支持的文件类型。支持的类型：PDF、PNG、JPEG、WebP 图片、Excel（.xlsx） (unsupported file type; accepted: PDF, PNG, JPEG, WebP images, Excel (.xlsx))'
    expect(refused('GIF89a\u0001\u0000\u0001\u0000', 'a.png')).toBe(unknown)
    expect(refused('just some text', 'a.pdf')).toBe(unknown)
    expect(refused('RIFF\u0000\u0000\u0000\u0000WAVEfmt ', 'a.webp')).toBe(unknown)
    expect(refused(Buffer.from('d0cf11e0a1b11ae1000000', 'hex'), 'a.xls')).toMatch(/^这是旧版 Office 文件/)
  })

  it('refuses a PDF cut before its end', async () => {
    const body = await pdf()
    const e = thrown(() => checkEvidence(body.subarray(0, body.length - 10), 'a.pdf'))
    expect(e.message).toMatch(/^PDF 文件不完整/)
  })

  it('an XLSX must be a workbook: a plain ZIP, a DOCX or a macro workbook is refused', async () => {
    const notWorkbook = /^这是 ZIP 压缩包或 Word 等其他文档，不是 Excel（.xlsx）工作簿/
    const plain = await zip({ 'a.txt': 'hello', 'b/c.txt': 'world' })
    expect(thrown(() => checkEvidence(plain, '材料.xlsx')).message).toMatch(notWorkbook)
    const docx = await zip({
      '[Content_Types].xml': `${OFFICE_TYPES}<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
      'word/document.xml': '<w:document/>',
    })
    expect(thrown(() => checkEvidence(docx, '材料.xlsx')).message).toMatch(notWorkbook)
    // A workbook.xml alone does not make a workbook: the package must say so.
    const named = await zip({
      '[Content_Types].xml': `${OFFICE_TYPES}</Types>`,
      'xl/workbook.xml': '<workbook/>',
    })
    expect(thrown(() => checkEvidence(named, '材料.xlsx')).message).toMatch(notWorkbook)
    const macro = await zip({
      '[Content_Types].xml': `${OFFICE_TYPES}<Override PartName="/xl/workbook.xml" ContentType="${SHEET_MAIN}"/></Types>`,
      'xl/workbook.xml': '<workbook/>',
      'xl/vbaProject.bin': 'macros',
    })
    expect(thrown(() => checkEvidence(macro, '材料.xlsx')).message).toMatch(/^工作簿包含宏/)
  })

  it('refuses ZIP bombs, lying directories, too many parts and nested archives through the zip guard', async () => {
    const bomb = thrown(() => checkEvidence(bomb20, '报表.xlsx'))
    expect(bomb).toBeInstanceOf(FileRejectedError)
    expect(bomb.message).toMatch(/疑似压缩炸弹，已拒绝 \(the archive inflates far beyond/)
    expect(thrown(() => checkEvidence(lying20, '报表.xlsx')).message).toMatch(/^文件内容损坏或与目录不符/)
    const parts = Object.fromEntries(Array.from({ length: 1_001 }, (_, i) => [`p/${i}.xml`, '<a/>']))
    const crowded = await zip(parts)
    expect(thrown(() => checkEvidence(crowded, '报表.xlsx')).message).toMatch(
      /部件过多（1001 个，上限 1000 个）/,
    )
    const workbook = unzipped(await xlsx())
    const inner = await zip({ 'a.txt': 'inside' })
    const nested = await zip({ ...workbook, 'xl/embeddings/inner.zip': inner })
    expect(thrown(() => checkEvidence(nested, '报表.xlsx')).message).toMatch(
      /^工作簿内嵌了压缩包或 Office 文档（xl\/embeddings\/inner.zip）/,
    )
    // The same workbook without the nested archive passes.
    expect(checkEvidence(await zip(workbook), '报表.xlsx').kind).toBe('xlsx')
  })

  it('a real workbook with a picture passes', async () => {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('现场照片')
    ws.addImage(wb.addImage({ buffer: png() as never, extension: 'png' }), 'B2:D6')
    const body = Buffer.from(await wb.xlsx.writeBuffer())
    expect(unzipped(body)['xl/media/image1.png']).toBeDefined()
    expect(checkEvidence(body, '照片.xlsx').kind).toBe('xlsx')
  })
})

let bomb20: Buffer
let lying20: Buffer
beforeAll(async () => {
  bomb20 = await xlsxBomb(20)
  lying20 = await lyingXlsxBomb(20)
}, 30_000)

/** The entries of a ZIP, through the guard's own reader. */
function unzipped(body: Buffer): Record<string, Buffer> {
  return Object.fromEntries(unzipXlsxBytes(body, { ...ZIP_LIMITS, maxEntries: 10_000 }))
}
