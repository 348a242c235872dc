import fs from 'node:fs'
import { FileRejectedError } from './rejected'

/**
 * Checks an XLSX's container before anything inflates it: a password-protected workbook
 * (an OLE compound file, not a ZIP), a cut file (no central directory), a ZIP bomb
 * (entries that inflate far beyond any real workbook). The streaming reader would
 * otherwise fail late, with an unhelpful message, or load the rows before a cut.
 * One guard for every XLSX the app reads: the ETL's files (checkXlsxContainer) and
 * uploads held in memory (checkXlsxBytes in zip-guard-bytes.ts), each with its limits.
 */
export interface ZipLimits {
  /** Largest inflated size of one entry. */
  maxEntryBytes: number
  /** Largest inflated size of all entries together. */
  maxTotalBytes: number
  /** Largest inflated/compressed ratio of an entry above ratioFloorBytes. */
  maxRatio: number
  /** Entries smaller than this may have any ratio (tiny repetitive XML parts do). */
  ratioFloorBytes: number
  /** Largest file on disk (none: any). */
  maxFileBytes?: number
  /** Most entries in the archive (none: any). */
  maxEntries?: number
}

export const ZIP_LIMITS: ZipLimits = {
  /** A 1M-row × 20-column sheet is about 600 MiB. */
  maxEntryBytes: 1536 * 2 ** 20,
  maxTotalBytes: 2048 * 2 ** 20,
  /** Worksheet XML compresses 5–30×; far beyond that is a bomb, not data. */
  maxRatio: 200,
  ratioFloorBytes: 16 * 2 ** 20,
}

export interface ZipEntryInfo {
  name: string
  /** 0 stored, 8 deflated */
  method: number
  compressed: number
  inflated: number
  localOffset: number
}

/** Random access to the archive's bytes: a file descriptor or a buffer. */
export interface ZipSource {
  size: number
  read(position: number, length: number): Buffer
}

const OLE_MAGIC = Buffer.from('d0cf11e0a1b11ae1', 'hex')
const EOCD = 0x06054b50
const EOCD_BYTES = Buffer.from([0x50, 0x4b, 0x05, 0x06])
const CENTRAL = 0x02014b50
const MiB = 2 ** 20

export const rejectFile = (zh: string, en: string): never => {
  throw new FileRejectedError(`${zh} (${en})`)
}
const damaged = () =>
  rejectFile('文件不完整（目录损坏），请重新导出', 'the file is incomplete: its directory is damaged')

export function checkXlsxContainer(file: string, limits = ZIP_LIMITS): ZipEntryInfo[] {
  return withZipFile(file, (src) => inspectZip(src, limits))
}

/** A file on disk as a `ZipSource` for the length of `use`. */
export function withZipFile<T>(file: string, use: (src: ZipSource) => T): T {
  const fd = fs.openSync(file, 'r')
  try {
    const read = (position: number, length: number) => {
      const buf = Buffer.alloc(length)
      return buf.subarray(0, fs.readSync(fd, buf, 0, length, position))
    }
    return use({ size: fs.fstatSync(fd).size, read })
  } finally {
    fs.closeSync(fd)
  }
}

/**
 * Reads the central directory and refuses the archive by its declared sizes, inflating
 * nothing. `strict` also refuses layouts where another ZIP reader could see other entries
 * than these (data before the archive, a second directory, multi-disk or ZIP64 records).
 */
export function inspectZip(src: ZipSource, limits: ZipLimits, strict = false): ZipEntryInfo[] {
  const { size } = src
  if (limits.maxFileBytes !== undefined && size > limits.maxFileBytes) {
    rejectFile(
      `文件过大（${mib(size)} MiB，上限 ${mib(limits.maxFileBytes)} MiB）`,
      `the file is larger than ${mib(limits.maxFileBytes)} MiB`,
    )
  }
  const head = src.read(0, 8)
  if (head.equals(OLE_MAGIC)) {
    // Encrypted OOXML and legacy .xls are both OLE compound files; the former names its stream.
    const sample = src.read(0, Math.min(size, 1 << 20))
    if (sample.includes(Buffer.from('EncryptedPackage', 'utf16le'))) {
      rejectFile(
        '文件已加密（设置了打开密码），请取消密码后重新导出',
        'the workbook is password-protected; remove the password and export again',
      )
    }
    rejectFile(
      '这是旧版 .xls 文件，请在Excel中另存为 .xlsx',
      'this is a legacy .xls workbook; save it as .xlsx',
    )
  }
  if (head.length < 4 || head.readUInt32LE(0) !== 0x04034b50) {
    rejectFile('不是有效的XLSX文件（不是ZIP格式）', 'not an XLSX file: not a ZIP archive')
  }
  // The end-of-central-directory record sits in the last 22 bytes plus an optional comment.
  const tailLen = Math.min(size, 22 + 0xffff)
  const tail = src.read(size - tailLen, tailLen)
  let at = -1
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD) {
      at = i
      break
    }
  }
  if (at < 0) {
    rejectFile(
      '文件不完整（可能在下载或复制时被截断），请重新导出',
      'the file is incomplete (truncated); export it again',
    )
  }
  const entries = tail.readUInt16LE(at + 10)
  const cdSize = tail.readUInt32LE(at + 12)
  const cdOffset = tail.readUInt32LE(at + 16)
  if (cdOffset === 0xffffffff || entries === 0xffff) {
    rejectFile('XLSX文件过大（ZIP64格式），请拆分后导入', 'the workbook is too large (ZIP64); split it')
  }
  const eocdAt = size - tailLen + at
  if (cdOffset + cdSize > eocdAt) {
    rejectFile(
      '文件不完整（目录损坏或被截断），请重新导出',
      'the file is incomplete: its directory is damaged',
    )
  }
  if (strict) {
    const lastRecord =
      at + 22 + tail.readUInt16LE(at + 20) === tail.length && !tail.subarray(at + 4).includes(EOCD_BYTES)
    const oneDisk = tail.readUInt32LE(at + 4) === 0 && tail.readUInt16LE(at + 8) === entries
    if (!lastRecord || !oneDisk || cdOffset + cdSize !== eocdAt) damaged()
  }
  if (limits.maxEntries !== undefined && entries > limits.maxEntries) {
    rejectFile(
      `XLSX文件包含的部件过多（${entries} 个，上限 ${limits.maxEntries} 个），已拒绝`,
      `the archive has more than ${limits.maxEntries} entries; refused`,
    )
  }
  const cd = src.read(cdOffset, cdSize)
  const list: ZipEntryInfo[] = []
  let total = 0
  let p = 0
  for (let n = 0; n < entries; n++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL) damaged()
    const e: ZipEntryInfo = {
      method: cd.readUInt16LE(p + 10),
      compressed: cd.readUInt32LE(p + 20),
      inflated: cd.readUInt32LE(p + 24),
      localOffset: cd.readUInt32LE(p + 42),
      name: cd.subarray(p + 46, p + 46 + cd.readUInt16LE(p + 28)).toString('utf8'),
    }
    if (e.localOffset + e.compressed > cdOffset) {
      rejectFile('文件不完整（内容被截断），请重新导出', 'the file is incomplete: an entry is cut')
    }
    total += e.inflated
    checkBomb(e, total, limits)
    list.push(e)
    p += 46 + cd.readUInt16LE(p + 28) + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32)
  }
  // A reader that walks the directory to its end must find exactly these entries.
  if (strict && p !== cd.length) damaged()
  return list
}

const mib = (bytes: number) => Math.max(1, Math.round(bytes / MiB))

function checkBomb(e: ZipEntryInfo, total: number, limits: ZipLimits): void {
  const ratio = e.inflated > limits.ratioFloorBytes && e.inflated > e.compressed * limits.maxRatio
  if (ratio || e.inflated > limits.maxEntryBytes || total > limits.maxTotalBytes) {
    rejectFile(
      `文件解压后异常巨大（${e.name.slice(0, 100)} 约 ${Math.round(e.inflated / MiB)} MiB，压缩比 ${Math.round(e.inflated / Math.max(e.compressed, 1))}:1），疑似压缩炸弹，已拒绝`,
      'the archive inflates far beyond any real workbook (a ZIP bomb); refused',
    )
  }
}

/** An entry whose bytes do not match its directory record. */
export const entryDamaged = (e: ZipEntryInfo): never =>
  rejectFile(
    `文件内容损坏或与目录不符（${e.name.slice(0, 100)}），已拒绝`,
    'an entry is damaged or does not match its directory record; refused',
  )

/**
 * Where an entry's compressed bytes begin, read from its local header: refuses an entry
 * that is not where the directory says, runs past the archive, or is neither stored nor
 * deflated.
 */
export function entryDataStart(src: ZipSource, e: ZipEntryInfo): number {
  const h = src.read(e.localOffset, 30)
  if (h.length < 30 || h.readUInt32LE(0) !== 0x04034b50) entryDamaged(e)
  const start = e.localOffset + 30 + h.readUInt16LE(26) + h.readUInt16LE(28)
  if (start + e.compressed > src.size) entryDamaged(e)
  if (e.method !== 0 && e.method !== 8) {
    rejectFile(`不支持的压缩方式（${e.name.slice(0, 100)}）`, `unsupported compression method ${e.method}`)
  }
  return start
}
