import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { lyingXlsxBomb, xlsxBomb } from './testing/xlsx-bombs'
import { checkXlsxContainer, ZIP_LIMITS, type ZipLimits } from './zip-guard'
import { unzipXlsxBytes } from './zip-guard-bytes'

const MiB = 2 ** 20
const SMALL: ZipLimits = {
  maxFileBytes: 2 * MiB,
  maxEntryBytes: 20 * MiB,
  maxTotalBytes: 20 * MiB,
  maxRatio: 200,
  ratioFloorBytes: MiB,
  maxEntries: 50,
}

async function workbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  wb.addWorksheet('表').addRow(['单位编码', '目标值'])
  return Buffer.from(await wb.xlsx.writeBuffer())
}

/** Runs `fn`, returning how long it took and what it threw. */
function timed(fn: () => unknown): { ms: number; error: Error | undefined } {
  const t = performance.now()
  try {
    fn()
    return { ms: performance.now() - t, error: undefined }
  } catch (e) {
    return { ms: performance.now() - t, error: e as Error }
  }
}

describe('the XLSX zip guard, for files (ETL) and bytes (uploads)', () => {
  let dir: string
  let bomb: Buffer
  let lying: Buffer
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zip-guard-'))
    bomb = await xlsxBomb(400)
    lying = await lyingXlsxBomb(400)
  }, 60_000)
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

  it('refuses a 400 MiB bomb the same way from a file and from bytes, inflating nothing', () => {
    expect(bomb.length).toBeLessThan(600_000)
    const file = path.join(dir, 'bomb.xlsx')
    fs.writeFileSync(file, bomb)
    const fromFile = timed(() => checkXlsxContainer(file))
    const fromBytes = timed(() => unzipXlsxBytes(bomb, ZIP_LIMITS))
    expect(fromFile.error?.message).toMatch(/压缩炸弹.*\(the archive inflates far beyond/)
    expect(fromBytes.error?.message).toBe(fromFile.error?.message)
    expect(fromBytes.ms).toBeLessThan(100)
  })

  it('keeps the ETL limits as they were', () => {
    expect(ZIP_LIMITS).toEqual({
      maxEntryBytes: 1536 * MiB,
      maxTotalBytes: 2048 * MiB,
      maxRatio: 200,
      ratioFloorBytes: 16 * MiB,
    })
  })

  it('with tighter limits: file size, entry count, inflated total', async () => {
    expect(() => unzipXlsxBytes(Buffer.alloc(3 * MiB), SMALL)).toThrow(/文件过大（3 MiB，上限 2 MiB）/)
    expect(() => unzipXlsxBytes(bomb, { ...SMALL, maxEntries: 3 })).toThrow(/部件过多（5 个，上限 3 个）/)
    const fine = await workbook()
    expect(() => unzipXlsxBytes(fine, { ...SMALL, maxTotalBytes: 1000 })).toThrow(/压缩炸弹/)
    const entries = unzipXlsxBytes(fine, SMALL)
    expect(entries.get('xl/workbook.xml')?.toString()).toContain('<sheet ')
  })

  it('a directory that lies about sizes: the inflate stops one byte past the declared size', () => {
    const r = timed(() => unzipXlsxBytes(lying, SMALL))
    expect(r.error?.message).toMatch(/^文件内容损坏或与目录不符（xl\/worksheets\/sheet1.xml）/)
    expect(r.ms).toBeLessThan(200)
  })

  it('strict for bytes: data before the archive, a second directory, junk, cut files', async () => {
    const fine = await workbook()
    const prefixed = Buffer.concat([Buffer.from('PK\u0003\u0004junk'), fine])
    expect(() => unzipXlsxBytes(prefixed, SMALL)).toThrow(/目录损坏|内容损坏/)
    const withComment = Buffer.concat([fine, Buffer.from('PK\u0005\u0006')])
    expect(() => unzipXlsxBytes(withComment, SMALL)).toThrow(/不完整/)
    expect(() => unzipXlsxBytes(fine.subarray(0, fine.length - 30), SMALL)).toThrow(/不完整/)
    expect(() => unzipXlsxBytes(Buffer.from('not a workbook'), SMALL)).toThrow(/不是ZIP格式/)
    expect(() => unzipXlsxBytes(Buffer.alloc(0), SMALL)).toThrow(/不是ZIP格式/)
  })
})
