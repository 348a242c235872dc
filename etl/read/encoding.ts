import { isUtf8 } from 'node:buffer'
import fs from 'node:fs'
import { FileRejectedError } from '../../files/rejected'

export type Encoding = 'utf-8' | 'gb18030'

const CHUNK = 4 << 20
const BINARY_SAMPLE = 64 << 10

/** Bytes at the end of `buf` that start a UTF-8 sequence the next chunk completes. */
function incompleteTail(buf: Buffer): number {
  let k = buf.length - 1
  let cont = 0
  while (k >= 0 && cont < 3 && (buf[k]! & 0xc0) === 0x80) {
    k--
    cont++
  }
  if (k < 0) return 0
  const lead = buf[k]!
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1
  return need > cont + 1 ? cont + 1 : 0
}

export const BOM_NOT_UTF8 =
  '文件开头标明是UTF-8 (BOM)，但内容不是有效的UTF-8（可能是GBK）；请以UTF-8或GBK重新导出 (the file starts with a UTF-8 byte-order mark, but its text is not UTF-8, perhaps GBK; export it again as UTF-8 or GBK)'

/**
 * UTF-8 (with or without BOM) when the WHOLE file is valid UTF-8, otherwise GB18030 (a
 * superset of GBK and GB2312, what Chinese exports use). The whole file, because an
 * export can be plain ASCII for megabytes before its first Chinese name; but only the
 * first 4 MB are read here (a GBK export nearly always shows itself in its Chinese
 * header): when they are valid UTF-8 and the file is longer, `verified` is false and the
 * engine checks the rest in the same pass that loads it (../load/load.ts). Files that
 * are not text we can read (UTF-16, binary, a UTF-8 mark over GBK bytes) are refused.
 */
export interface FileHead {
  /** The file's first bytes (up to 4 MiB). */
  bytes: Buffer
  /** True when `bytes` is the whole file. */
  whole: boolean
}

/** Reads the first 4 MiB of a file (the encoding check and the header both use them). */
export function readFileHead(file: string): FileHead {
  const fd = fs.openSync(file, 'r')
  try {
    const size = fs.fstatSync(fd).size
    const bytes = Buffer.alloc(Math.min(CHUNK, size))
    let n = 0
    while (n < bytes.length) {
      const read = fs.readSync(fd, bytes, n, bytes.length - n, n)
      if (read === 0) break
      n += read
    }
    return { bytes: bytes.subarray(0, n), whole: n >= size }
  } finally {
    fs.closeSync(fd)
  }
}

export function sniffEncoding({ bytes: head, whole }: FileHead): {
  encoding: Encoding
  bom: boolean
  verified: boolean
} {
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw new FileRejectedError(
      '文件是UTF-16编码，请另存为UTF-8或GBK的CSV (the file is UTF-16 text; save it as UTF-8 or GBK CSV)',
    )
  }
  if (head.subarray(0, BINARY_SAMPLE).includes(0)) {
    throw new FileRejectedError(
      '文件看起来是二进制文件，不是CSV文本；请检查文件是否选错或已损坏 (the file is binary, not CSV text)',
    )
  }
  const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf
  // A sequence cut at the end of the head is judged by the engine with the rest (or, at
  // the end of the file, is invalid).
  const tail = whole ? 0 : incompleteTail(head)
  if (isUtf8(head.subarray(0, head.length - tail))) return { encoding: 'utf-8', bom, verified: whole }
  if (bom) throw new FileRejectedError(BOM_NOT_UTF8)
  return { encoding: 'gb18030', bom: false, verified: true }
}
