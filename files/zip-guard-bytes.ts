import zlib from 'node:zlib'
import { entryDamaged, entryDataStart, inspectZip, type ZipEntryInfo, type ZipLimits } from './zip-guard'

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

function inflateEntry(buf: Buffer, e: ZipEntryInfo): Buffer {
  const start = entryDataStart({ size: buf.length, read: (p, n) => buf.subarray(p, p + n) }, e)
  const data = buf.subarray(start, start + e.compressed)
  if (e.method === 0) return e.compressed === e.inflated ? data : entryDamaged(e)
  let out: Buffer
  try {
    // One byte over the declared size is enough to know the directory lied.
    out = zlib.inflateRawSync(data, { maxOutputLength: e.inflated + 1 })
  } catch {
    return entryDamaged(e)
  }
  return out.length === e.inflated ? out : entryDamaged(e)
}
