import zlib from 'node:zlib'
import { inspectZip, rejectFile, type ZipEntryInfo, type ZipLimits } from './zip-guard'

/**
 * The zip guard for an XLSX held in memory (an upload): the same checks as the ETL's
 * files (inspectZip, by declared sizes, inflating nothing), in strict mode, then every
 * entry inflated once with its output capped at its declared size, since a directory
 * can lie. Memory stays within `limits.maxTotalBytes`; nothing else inflates the file.
 */
export function unzipXlsxBytes(bytes: Uint8Array, limits: ZipLimits): Map<string, Buffer> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const read = (position: number, length: number) =>
    buf.subarray(Math.max(0, position), Math.max(0, Math.min(buf.length, position + length)))
  const entries = new Map<string, Buffer>()
  for (const e of inspectZip({ size: buf.length, read }, limits, true)) {
    if (e.name.endsWith('/')) continue // a folder
    entries.set(e.name.replace(/^\/+/, ''), inflateEntry(buf, e))
  }
  return entries
}

const LOCAL = 0x04034b50

function inflateEntry(buf: Buffer, e: ZipEntryInfo): Buffer {
  const broken = (): never =>
    rejectFile(
      `文件内容损坏或与目录不符（${e.name.slice(0, 100)}），已拒绝`,
      'an entry is damaged or does not match its directory record; refused',
    )
  if (e.localOffset + 30 > buf.length || buf.readUInt32LE(e.localOffset) !== LOCAL) broken()
  const start =
    e.localOffset + 30 + buf.readUInt16LE(e.localOffset + 26) + buf.readUInt16LE(e.localOffset + 28)
  if (start + e.compressed > buf.length) broken()
  const data = buf.subarray(start, start + e.compressed)
  if (e.method === 0) return e.compressed === e.inflated ? data : broken()
  if (e.method !== 8) {
    rejectFile(`不支持的压缩方式（${e.name.slice(0, 100)}）`, `unsupported compression method ${e.method}`)
  }
  let out: Buffer
  try {
    // One byte over the declared size is enough to know the directory lied.
    out = zlib.inflateRawSync(data, { maxOutputLength: e.inflated + 1 })
  } catch {
    return broken()
  }
  return out.length === e.inflated ? out : broken()
}
