import fs from 'node:fs'
import { pipeline, Readable, Transform } from 'node:stream'
import zlib from 'node:zlib'
import { entryDamaged, entryDataStart, withZipFile, type ZipEntryInfo } from './zip-guard'

/**
 * One entry of a ZIP on disk, inflated as a stream, found through the central directory
 * (`checkXlsxContainer`'s list) rather than by walking the archive front to back: a reader
 * can then take a workbook's parts in the order it needs them, whatever order the writer
 * stored them in. The output is capped at the entry's declared size, so a directory that
 * understates an entry cannot inflate past the limits it was checked against.
 */
export function zipEntryStream(file: string, entry: ZipEntryInfo): Readable {
  const start = withZipFile(file, (src) => entryDataStart(src, entry))
  if (entry.compressed === 0) return Readable.from([])
  const raw = fs.createReadStream(file, { start, end: start + entry.compressed - 1 })
  const noop = () => undefined
  return entry.method === 0
    ? pipeline(raw, capAt(entry), noop)
    : pipeline(raw, zlib.createInflateRaw(), capAt(entry), noop)
}

/** Fails the stream once it passes the entry's declared size. */
function capAt(entry: ZipEntryInfo): Transform {
  let seen = 0
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length
      if (seen <= entry.inflated) return done(null, chunk)
      try {
        entryDamaged(entry)
      } catch (err) {
        done(err as Error)
      }
    },
  })
}
