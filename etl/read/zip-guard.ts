import fs from 'node:fs'
import { FileRejectedError } from '../contract/headers'

/**
 * Checks an XLSX's container before anything inflates it: a password-protected workbook
 * (an OLE compound file, not a ZIP), a cut file (no central directory), a ZIP bomb
 * (entries that inflate far beyond any real workbook). The streaming reader would
 * otherwise fail late, with an unhelpful message, or load the rows before a cut.
 */
export const ZIP_LIMITS = {
  /** Largest inflated size of one entry; a 1M-row × 20-column sheet is about 600 MiB. */
  maxEntryBytes: 1536 * 2 ** 20,
  /** Largest inflated size of all entries together. */
  maxTotalBytes: 2048 * 2 ** 20,
  /** Worksheet XML compresses 5–30×; far beyond that is a bomb, not data. */
  maxRatio: 200,
  /** Entries smaller than this may have any ratio (tiny repetitive XML parts do). */
  ratioFloorBytes: 16 * 2 ** 20,
}

const OLE_MAGIC = Buffer.from('d0cf11e0a1b11ae1', 'hex')
const EOCD = 0x06054b50
const CENTRAL = 0x02014b50

const reject = (zh: string, en: string): never => {
  throw new FileRejectedError(`${zh} (${en})`)
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.alloc(length)
  const n = fs.readSync(fd, buf, 0, length, position)
  return buf.subarray(0, n)
}

export function checkXlsxContainer(file: string, limits = ZIP_LIMITS): void {
  const fd = fs.openSync(file, 'r')
  try {
    const size = fs.fstatSync(fd).size
    const head = readAt(fd, 0, 8)
    if (head.equals(OLE_MAGIC)) {
      // Encrypted OOXML and legacy .xls are both OLE compound files; the former names its stream.
      const sample = readAt(fd, 0, Math.min(size, 1 << 20))
      if (sample.includes(Buffer.from('EncryptedPackage', 'utf16le'))) {
        reject(
          '文件已加密（设置了打开密码），请取消密码后重新导出',
          'the workbook is password-protected; remove the password and export again',
        )
      }
      reject(
        '这是旧版 .xls 文件，请在Excel中另存为 .xlsx',
        'this is a legacy .xls workbook; save it as .xlsx',
      )
    }
    if (head.readUInt32LE(0) !== 0x04034b50) {
      reject('不是有效的XLSX文件（不是ZIP格式）', 'not an XLSX file: not a ZIP archive')
    }
    // The end-of-central-directory record sits in the last 22 bytes plus an optional comment.
    const tailLen = Math.min(size, 22 + 0xffff)
    const tail = readAt(fd, size - tailLen, tailLen)
    let at = -1
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD) {
        at = i
        break
      }
    }
    if (at < 0) {
      reject(
        '文件不完整（可能在下载或复制时被截断），请重新导出',
        'the file is incomplete (truncated); export it again',
      )
    }
    const entries = tail.readUInt16LE(at + 10)
    const cdSize = tail.readUInt32LE(at + 12)
    const cdOffset = tail.readUInt32LE(at + 16)
    if (cdOffset === 0xffffffff || entries === 0xffff) {
      reject('XLSX文件过大（ZIP64格式），请拆分后导入', 'the workbook is too large (ZIP64); split it')
    }
    if (cdOffset + cdSize > size - tailLen + at) {
      reject('文件不完整（目录损坏或被截断），请重新导出', 'the file is incomplete: its directory is damaged')
    }
    const cd = readAt(fd, cdOffset, cdSize)
    let total = 0
    for (let p = 0, n = 0; n < entries; n++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL) {
        reject('文件不完整（目录损坏），请重新导出', 'the file is incomplete: its directory is damaged')
      }
      const compressed = cd.readUInt32LE(p + 20)
      const inflated = cd.readUInt32LE(p + 24)
      const nameLen = cd.readUInt16LE(p + 28)
      const localOffset = cd.readUInt32LE(p + 42)
      if (localOffset + compressed > cdOffset) {
        reject('文件不完整（内容被截断），请重新导出', 'the file is incomplete: an entry is cut')
      }
      total += inflated
      const bomb =
        inflated > limits.maxEntryBytes ||
        total > limits.maxTotalBytes ||
        (inflated > limits.ratioFloorBytes && inflated > compressed * limits.maxRatio)
      if (bomb) {
        const name = cd.subarray(p + 46, p + 46 + nameLen).toString('utf8')
        reject(
          `文件解压后异常巨大（${name} 约 ${Math.round(inflated / 2 ** 20)} MiB，压缩比 ${Math.round(inflated / Math.max(compressed, 1))}:1），疑似压缩炸弹，已拒绝`,
          'the archive inflates far beyond any real workbook (a ZIP bomb); refused',
        )
      }
      p += 46 + nameLen + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32)
    }
  } finally {
    fs.closeSync(fd)
  }
}
