import fs from 'node:fs'
import zlib from 'node:zlib'

/**
 * A minimal ZIP writer for test files the usual libraries refuse to make (a ZIP bomb,
 * a cut archive). Entries are given as chunk generators, so an entry of a gigabyte is
 * deflated in a stream and never held in memory.
 */
export interface ZipEntry {
  name: string
  chunks: () => Iterable<Buffer>
}

async function deflateEntry(chunks: Iterable<Buffer>): Promise<{ data: Buffer; crc: number; size: number }> {
  const out: Buffer[] = []
  let crc = 0
  let size = 0
  const deflate = zlib.createDeflateRaw({ level: 9 })
  deflate.on('data', (b: Buffer) => out.push(b))
  const done = new Promise<void>((resolve, reject) => deflate.on('end', resolve).on('error', reject))
  for (const chunk of chunks) {
    crc = zlib.crc32(chunk, crc)
    size += chunk.length
    if (!deflate.write(chunk)) await new Promise<void>((resolve) => deflate.once('drain', () => resolve()))
  }
  deflate.end()
  await done
  return { data: Buffer.concat(out), crc, size }
}

export async function writeZip(file: string, entries: ZipEntry[]): Promise<void> {
  const parts: Buffer[] = []
  const central: Buffer[] = []
  let offset = 0
  for (const e of entries) {
    const { data, crc, size } = await deflateEntry(e.chunks())
    const name = Buffer.from(e.name, 'utf8')
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(0x0800, 6) // UTF-8 names
    local.writeUInt16LE(8, 8) // deflate
    local.writeUInt32LE(crc >>> 0, 14)
    local.writeUInt32LE(data.length, 18)
    local.writeUInt32LE(size, 22)
    local.writeUInt16LE(name.length, 26)
    const cd = Buffer.alloc(46)
    cd.writeUInt32LE(0x02014b50, 0)
    cd.writeUInt16LE(20, 4)
    cd.writeUInt16LE(20, 6)
    cd.writeUInt16LE(0x0800, 8)
    cd.writeUInt16LE(8, 10)
    cd.writeUInt32LE(crc >>> 0, 16)
    cd.writeUInt32LE(data.length, 20)
    cd.writeUInt32LE(size, 24)
    cd.writeUInt16LE(name.length, 28)
    cd.writeUInt32LE(offset, 42)
    parts.push(local, name, data)
    central.push(cd, name)
    offset += local.length + name.length + data.length
  }
  const cdSize = central.reduce((n, b) => n + b.length, 0)
  const eocd = Buffer.alloc(22)
  eocd.writeUInt32LE(0x06054b50, 0)
  eocd.writeUInt16LE(entries.length, 8)
  eocd.writeUInt16LE(entries.length, 10)
  eocd.writeUInt32LE(cdSize, 12)
  eocd.writeUInt32LE(offset, 16)
  fs.writeFileSync(file, Buffer.concat([...parts, ...central, eocd]))
}
