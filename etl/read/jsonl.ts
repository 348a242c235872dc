import fs from 'node:fs'
import readline from 'node:readline'
import { FileRejectedError } from '../contract/headers'
import { cellText } from './cell'
import { csvLine } from './csv-text'
import type { PreparedInput, RejectedRow } from './prepare'

const MAX_PRE_REJECTED_RAW = 10_000

/**
 * JSON Lines carry no header row, so the normalized CSV gets one column per key seen
 * (first-seen order, up to `maxKeys`); a line that is not a JSON object is rejected here.
 */
export async function jsonlToCsv(
  file: string,
  out: string,
  maxKeys = 500,
): Promise<Omit<PreparedInput, 'cleanup'>> {
  const keys = new Map<string, number>()
  const tmpRows = `${out}.rows`
  const rowsSink = fs.createWriteStream(tmpRows)
  const preRejected: RejectedRow[] = []
  const lines = readline.createInterface({
    input: fs.createReadStream(file, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  })
  let lineNo = 0
  let good = 0
  for await (const rawLine of lines) {
    lineNo++
    const line = lineNo === 1 ? rawLine.replace(/^\uFEFF/, '') : rawLine
    if (line.trim() === '') continue
    let obj: unknown
    try {
      obj = JSON.parse(line)
    } catch (err) {
      preRejected.push({
        row: lineNo,
        raw: line.slice(0, MAX_PRE_REJECTED_RAW),
        reason: `第${lineNo}行不是有效的JSON (not valid JSON: ${(err as Error).message})`,
      })
      continue
    }
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) {
      preRejected.push({
        row: lineNo,
        raw: line.slice(0, MAX_PRE_REJECTED_RAW),
        reason: `第${lineNo}行不是JSON对象 (not a JSON object)`,
      })
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
    const row = [String(lineNo), ...Array.from({ length: cells.length }, (_, i) => cells[i] ?? '')]
    if (!rowsSink.write(csvLine(row)))
      await new Promise<void>((resolve) => rowsSink.once('drain', () => resolve()))
  }
  await new Promise<void>((resolve) => rowsSink.end(resolve))
  if (good === 0 && preRejected.length === 0) {
    fs.rmSync(tmpRows, { force: true })
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
    preRejected,
    seenColumns: new Set(headers),
  }
}
