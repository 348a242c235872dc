import fs from 'node:fs'

export type Encoding = 'utf-8' | 'gb18030'

const SAMPLE_BYTES = 1 << 20

/**
 * UTF-8 (with or without BOM) when the first MiB decodes strictly as UTF-8,
 * otherwise GB18030 (a superset of GBK and GB2312, what Chinese exports use).
 */
export function detectEncoding(file: string): { encoding: Encoding; bom: boolean } {
  const fd = fs.openSync(file, 'r')
  try {
    const buf = Buffer.alloc(SAMPLE_BYTES)
    const n = fs.readSync(fd, buf, 0, SAMPLE_BYTES, 0)
    const sample = buf.subarray(0, n)
    if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf)
      return { encoding: 'utf-8', bom: true }
    // Drop a possibly cut multi-byte sequence at the end of the sample.
    let end = n
    if (n === SAMPLE_BYTES) {
      while (end > 0 && end > n - 4 && (sample[end - 1]! & 0xc0) === 0x80) end--
      if (end > 0 && sample[end - 1]! >= 0xc0) end--
    }
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, end))
      return { encoding: 'utf-8', bom: false }
    } catch {
      return { encoding: 'gb18030', bom: false }
    }
  } finally {
    fs.closeSync(fd)
  }
}
