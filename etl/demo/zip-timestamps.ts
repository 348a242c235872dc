/**
 * XLSX files are zip archives whose entries carry the time they were written, which
 * would make two runs differ. This rewrites every entry's DOS time and date (in the
 * local headers and the central directory) to one fixed moment, in place.
 */
const EOCD = 0x06054b50
const CENTRAL = 0x02014b50
const LOCAL = 0x04034b50

/** DOS date for 2026-01-04, time 00:00:00. */
const DOS_DATE = ((2026 - 1980) << 9) | (1 << 5) | 4
const DOS_TIME = 0

export function fixZipTimestamps(zip: Buffer): Buffer {
  let eocd = -1
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === EOCD) {
      eocd = i
      break
    }
  }
  if (eocd < 0) throw new Error('not a zip archive: end of central directory not found')
  const entries = zip.readUInt16LE(eocd + 10)
  let p = zip.readUInt32LE(eocd + 16)
  for (let e = 0; e < entries; e++) {
    if (zip.readUInt32LE(p) !== CENTRAL) throw new Error('corrupt zip central directory')
    zip.writeUInt16LE(DOS_TIME, p + 12)
    zip.writeUInt16LE(DOS_DATE, p + 14)
    const local = zip.readUInt32LE(p + 42)
    if (zip.readUInt32LE(local) !== LOCAL) throw new Error('corrupt zip local header')
    zip.writeUInt16LE(DOS_TIME, local + 10)
    zip.writeUInt16LE(DOS_DATE, local + 12)
    p += 46 + zip.readUInt16LE(p + 28) + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32)
  }
  return zip
}
