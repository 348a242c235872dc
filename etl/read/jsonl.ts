import fs from 'node:fs'
import { FileRejectedError } from '../../files/rejected'
import { cellText } from './cell'
import { csvLine } from './csv-text'
import { boundedLines } from './lines'
import type { PreparedInput } from './prepared'

/** A JSON Lines record is one contract row: far below this; longer lines are refused, not parsed. */
export const MAX_JSONL_LINE_BYTES = 1 << 20
const MAX_RAW_KEPT = 2_000

/**
 * JSON Lines carry no header row, so the normalized CSV gets one column per key seen
 * (first-seen order, up to `maxKeys`). A line that is not a JSON object is rejected here
 * and written to a spill file the load moves into quarantine, so memory stays flat
 * however many lines are bad.
 */
export async function jsonlToCsv(
  file: string,
  out: string,
  maxKeys = 500,
): Promise<Omit<PreparedInput, 'cleanup'>> {
  const keys = new Map<string, number>()
  const tmpRows = `${out}.rows`
  const rejectedFile = `${out}.rejected.jsonl`
  const rowsSink = fs.createWriteStream(tmpRows)
  const rejectedSink = fs.createWriteStream(rejectedFile)
  let good = 0
  let rejected = 0
  const write = async (sink: fs.WriteStream, text: string) => {
    if (!sink.write(text)) await new Promise<void>((resolve) => sink.once('drain', () => resolve()))
  }
  const reject = (row: number, raw: string, reason: string) => {
    rejected++
    return write(
      rejectedSink,
      `${JSON.stringify({ row_number: row, raw_row: raw.slice(0, MAX_RAW_KEPT), reason })}\n`,
    )
  }
  for await (const { number, text, bytes } of boundedLines(file, MAX_JSONL_LINE_BYTES)) {
    const line = number === 1 ? text.replace(/^\uFEFF/, '') : text
    if (bytes > MAX_JSONL_LINE_BYTES) {
      await reject(
        number,
        line,
        `第${number}行过长 (${(bytes / 2 ** 20).toFixed(1)} MiB > 1 MiB)，不是一条记录 (line too long to be one record)`,
      )
      continue
    }
    if (line.trim() === '') continue
    let obj: unknown
    try {
      obj = JSON.parse(line)
    } catch (err) {
      await reject(number, line, `第${number}行不是有效的JSON (not valid JSON: ${(err as Error).message})`)
      continue
    }
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) {
      await reject(number, line, `第${number}行不是JSON对象 (not a JSON object)`)
      continue
    }
    const cells: string[] = []
    for (const [k, v] of Object.entries(obj)) {
      let idx = keys.get(k)
      if (idx === undefined) {
        if (keys.size >= maxKeys) continue
        idx = keys.size
        keys.set(k, idx)
      }
      cells[idx] = cellText(v).trim()
    }
    good++
    await write(
      rowsSink,
      csvLine([String(number), ...Array.from({ length: cells.length }, (_, i) => cells[i] ?? '')]),
    )
  }
  await Promise.all([rowsSink, rejectedSink].map((s) => new Promise<void>((resolve) => s.end(resolve))))
  if (good === 0 && rejected === 0) {
    throw new FileRejectedError('文件为空 (the file has no lines)')
  }
  // Header first, then the rows written above.
  const headers = [...keys.keys()]
  fs.writeFileSync(out, csvLine(['__row', ...headers]))
  await new Promise<void>((resolve, reject) =>
    fs
      .createReadStream(tmpRows)
      .pipe(fs.createWriteStream(out, { flags: 'a' }))
      .on('finish', resolve)
      .on('error', reject),
  )
  fs.rmSync(tmpRows, { force: true })
  return {
    format: 'jsonl',
    encoding: 'utf-8',
    path: out,
    headers,
    skipLines: 1,
    hasRowColumn: true,
    rowOffset: 0,
    rejectedFile: rejected ? rejectedFile : null,
    seenColumns: new Set(headers),
  }
}
