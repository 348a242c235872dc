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

/**
 * UTF-8 (with or without BOM) when the WHOLE file is valid UTF-8, otherwise GB18030 (a
 * superset of GBK and GB2312, what Chinese exports use). The whole file, because an
 * export can be plain ASCII for megabytes before its first Chinese name. Files that are
 * not text we can read (UTF-16, binary, a UTF-8 mark over GBK bytes) are refused here.
 */
export async function detectEncoding(file: string): Promise<{ encoding: Encoding; bom: boolean }> {
  let first = true
  let bom = false
  let carry: Buffer = Buffer.alloc(0)
  let valid = true
  for await (const chunk of fs.createReadStream(file, { highWaterMark: CHUNK }) as AsyncIterable<Buffer>) {
    if (first) {
      first = false
      if ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff)) {
        throw new FileRejectedError(
          '文件是UTF-16编码，请另存为UTF-8或GBK的CSV (the file is UTF-16 text; save it as UTF-8 or GBK CSV)',
        )
      }
      if (chunk.subarray(0, BINARY_SAMPLE).includes(0)) {
        throw new FileRejectedError(
          '文件看起来是二进制文件，不是CSV文本；请检查文件是否选错或已损坏 (the file is binary, not CSV text)',
        )
      }
      bom = chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf
    }
    const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk
    const tail = incompleteTail(buf)
    if (!isUtf8(buf.subarray(0, buf.length - tail))) {
      valid = false
      break
    }
    carry = Buffer.from(buf.subarray(buf.length - tail))
  }
  if (valid && carry.length === 0) return { encoding: 'utf-8', bom }
  if (bom) {
    throw new FileRejectedError(
      '文件开头标明是UTF-8 (BOM)，但内容不是有效的UTF-8（可能是GBK）；请以UTF-8或GBK重新导出 (the file starts with a UTF-8 byte-order mark, but its text is not UTF-8, perhaps GBK; export it again as UTF-8 or GBK)',
    )
  }
  return { encoding: 'gb18030', bom: false }
}
