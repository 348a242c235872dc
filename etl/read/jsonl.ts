import fs from 'node:fs'
import path from 'node:path'
import { FileRejectedError } from '../../files/rejected'
import type { Warehouse } from '../../warehouse/client'
import {
  JSONL_PARAMS,
  keySetsSql,
  linesSql,
  nativeSourceSql,
  plainLinesSql,
  rejectedSql,
  sampleKeysSql,
  sourceSql,
} from './jsonl-sql'
import { boundedLines } from './lines'
import type { JsonlRead, PreparedInput } from './prepared'

/** A JSON Lines record is one contract row: far below this; longer lines are refused, not parsed. */
export const MAX_JSONL_LINE_BYTES = 1 << 20
const MAX_RAW_KEPT = 2_000
/** Distinct key lists read back to find the first `maxKeys` keys (a real export has a handful). */
const MAX_KEY_GROUPS = 100_000

/** Lines whose keys stand for the file's when every line is plain (a key first seen later stops the fast read). */
const KEY_SAMPLE_LINES = 10_000

export interface JsonlOptions {
  /** At most this many keys become columns (first-seen order). */
  maxKeys?: number
  read?: JsonlRead
}

/**
 * JSON Lines go through the engine's own input: it reads the file line by line, finds the
 * keys (one column per key seen, first-seen order, up to `maxKeys`), writes lines that are
 * not JSON objects to a spill file the load moves into quarantine, and the load reads the
 * rows straight from the file through `source` (no intermediate CSV). Lines over 1 MiB are
 * found here first, so the engine never holds one whole. A file whose every line is a plain
 * object (the usual export) is read by the engine's JSON reader itself, in parallel; should
 * that read stop (a key written twice, a key first seen late), the load prepares the file
 * again with `source.retry`.
 */
export async function prepareJsonl(
  wh: Warehouse,
  file: string,
  tmp: string,
  { maxKeys = 500, read = 'sample' }: JsonlOptions = {},
): Promise<Omit<PreparedInput, 'cleanup'>> {
  const longSpill = path.join(tmp, 'long-lines.jsonl')
  const long = await hasLongLine(file)
  const plain = !long && read !== 'lines' ? await scanPlain(wh, file) : null
  if (plain && read === 'sample') {
    const sample = await sampleKeys(wh, file, maxKeys)
    if (sample) return plainInput(file, sample, maxKeys, plain.edges, 'all-keys')
  }
  const enginePath = long ? await withoutLongLines(file, path.join(tmp, 'lines.jsonl'), longSpill) : file
  const spilled = enginePath !== file && fs.statSync(longSpill).size > 0
  const params = { ...JSONL_PARAMS, jsonl: enginePath }
  const [sets] = await wh.rows<{
    with_keys: string
    without_keys: string
    groups: Array<[string, string[]]>
  }>(keySetsSql(), { ...params, max_groups: MAX_KEY_GROUPS })
  const groups = sets?.groups ?? []
  const keys = firstKeys(groups, maxKeys)
  // Every key list known, none with a key twice: the engine's reader takes the plain file.
  const complete = groups.length < MAX_KEY_GROUPS && groups.every(([, ks]) => new Set(ks).size === ks.length)
  if (plain && complete && usableKeys(keys)) return plainInput(file, keys, maxKeys, plain.edges, 'lines')
  const good = Number(sets?.with_keys ?? 0)
  let rejectedFile: string | null = spilled ? longSpill : null
  let rejected = spilled ? 1 : 0
  if (Number(sets?.without_keys ?? 0) > 0) {
    // Blank, broken, non-object or `{}` lines exist: the exact rejects are written by the engine.
    rejectedFile = path.join(tmp, 'rejected.jsonl')
    await wh.command(rejectedSql(spilled), { ...params, rejected: rejectedFile, spill: longSpill })
    const [n] = await wh.rows<{ n: string }>(
      `SELECT count() AS n FROM file({rejected:String}, 'JSONEachRow', 'row_number UInt64, raw_row String, reason String')`,
      { rejected: rejectedFile },
    )
    rejected = Number(n?.n ?? 0)
    if (rejected === 0) rejectedFile = null
  }
  if (good === 0 && rejected === 0 && !(await hasEmptyObject(wh, params))) {
    throw new FileRejectedError('文件为空 (the file has no lines)')
  }
  return {
    format: 'jsonl',
    encoding: 'utf-8',
    path: enginePath,
    headers: keys,
    skipLines: 0,
    hasRowColumn: true,
    rowOffset: 0,
    rejectedFile,
    seenColumns: new Set(keys),
    source: { sql: sourceSql(keys.length), params: { ...params, keys } },
  }
}

/** Whether every line is one plain object (`plainLinesSql`), and whether a value may need trimming. */
async function scanPlain(wh: Warehouse, file: string): Promise<{ edges: boolean } | null> {
  if (!firstLineIsObject(file)) return null
  // The scan needs the engine's vectorscan (multiMatchAny); a server without it (allow_hyperscan
  // = 0) reads the lines the general way, where any real problem with the file surfaces.
  const [scan] = await wh
    .rows<{ lines: string; odd: string; edges: string }>(plainLinesSql(), { ...JSONL_PARAMS, jsonl: file })
    .catch(() => [])
  if (!scan || Number(scan.lines) === 0 || Number(scan.odd) > 0) return null
  return { edges: Number(scan.edges) > 0 }
}

/** Keys of the first lines (first-seen order), or null when they cannot name the columns. */
async function sampleKeys(wh: Warehouse, file: string, maxKeys: number): Promise<string[] | null> {
  const [sample] = await wh.rows<{ groups: Array<[string, string[]]> }>(sampleKeysSql(), {
    ...JSONL_PARAMS,
    jsonl: file,
    sample: KEY_SAMPLE_LINES,
  })
  const keys = firstKeys(sample?.groups ?? [], maxKeys)
  return usableKeys(keys) ? keys : null
}

/** A key named like the reader's line-number column would stand in for it. */
const usableKeys = (keys: string[]) => keys.length > 0 && !keys.includes('_row_number')

/** The load's input through the engine's JSON reader; `retry`: how to prepare again should it stop. */
function plainInput(
  file: string,
  keys: string[],
  maxKeys: number,
  edges: boolean,
  retry: JsonlRead,
): Omit<PreparedInput, 'cleanup'> {
  // With `maxKeys` keys found, later keys are ignored as before; with fewer, a later key
  // stops the read (and the file is prepared again).
  const native = nativeSourceSql(keys, keys.length >= maxKeys, edges)
  return {
    format: 'jsonl',
    encoding: 'utf-8',
    path: file,
    headers: keys,
    skipLines: 0,
    hasRowColumn: true,
    rowOffset: 0,
    rejectedFile: null,
    seenColumns: new Set(keys),
    source: { sql: native.sql, params: { ...JSONL_PARAMS, jsonl: file, ...native.params }, retry },
  }
}

/** The first line (the scan skips it, for its BOM) as JavaScript reads it: valid UTF-8, one object. */
function firstLineIsObject(file: string): boolean {
  const fd = fs.openSync(file, 'r')
  try {
    const buf = Buffer.alloc(MAX_JSONL_LINE_BYTES + 1)
    const n = fs.readSync(fd, buf, 0, buf.length, 0)
    const nl = buf.subarray(0, n).indexOf(0x0a)
    // fatal: invalid UTF-8 throws (the scan leaves this line to us).
    const line = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
      .decode(buf.subarray(0, nl === -1 ? n : nl))
      .replace(/^\uFEFF/, '')
    if (!line.startsWith('{')) return false
    const value: unknown = JSON.parse(line)
    return value !== null && typeof value === 'object' && !Array.isArray(value)
  } catch {
    return false
  } finally {
    fs.closeSync(fd)
  }
}

/** `{}` lines are objects with nothing in them: a file of only those is not empty (as before). */
async function hasEmptyObject(wh: Warehouse, params: Record<string, unknown>): Promise<boolean> {
  const [r] = await wh.rows<{ n: string }>(
    `SELECT count() AS n FROM (SELECT 1 FROM ${linesSql('jsonl')}
     WHERE NOT startsWith(l, {bom:String}) AND isValidJSON(l) AND startsWith(trimLeft(l, ' \\t\\r\\n'), '{') LIMIT 1)`,
    params,
  )
  return Number(r?.n ?? 0) > 0
}

/**
 * The first `maxKeys` keys in first-seen order. Each key list is in its first line's order,
 * which is JavaScript's object order: integer-like keys first, ascending, then the others as
 * written; a key written twice keeps its first place.
 */
export function firstKeys(groups: Array<[string, string[]]>, maxKeys: number): string[] {
  const seen = new Set<string>()
  const ordered = [...groups].sort((a, b) => Number(a[0]) - Number(b[0]))
  for (const [, keys] of ordered) {
    for (const k of jsOrder(keys)) {
      if (seen.size >= maxKeys) return [...seen]
      seen.add(k)
    }
  }
  return [...seen]
}

const ARRAY_INDEX = /^(0|[1-9]\d*)$/
function jsOrder(keys: string[]): string[] {
  const unique = [...new Set(keys)]
  const isIndex = (k: string) => ARRAY_INDEX.test(k) && Number(k) < 2 ** 32 - 1
  return [
    ...unique.filter(isIndex).sort((a, b) => Number(a) - Number(b)),
    ...unique.filter((k) => !isIndex(k)),
  ]
}

/** Bytes read per look back for a newline (short lines: one look per MiB of file). */
const PROBE_BYTES = 16 << 10

/**
 * Whether any line is longer than the limit, without counting lines: from each line start,
 * the last newline within the limit is found (looking back from the limit's end, a block at a
 * time) and jumped to, so a file of short lines is barely read at all.
 */
async function hasLongLine(file: string): Promise<boolean> {
  const fd = await fs.promises.open(file, 'r')
  try {
    const size = (await fd.stat()).size
    const buf = Buffer.alloc(PROBE_BYTES)
    let start = 0
    next: while (size - start > MAX_JSONL_LINE_BYTES) {
      // The window is start … start + limit (a line of exactly the limit ends there).
      let end = start + MAX_JSONL_LINE_BYTES + 1
      while (end > start) {
        const from = Math.max(start, end - PROBE_BYTES)
        const { bytesRead } = await fd.read(buf, 0, end - from, from)
        const nl = buf.subarray(0, bytesRead).lastIndexOf(0x0a)
        if (nl !== -1) {
          start = from + nl + 1
          continue next
        }
        end = from
      }
      return true
    }
    return false
  } finally {
    await fd.close()
  }
}

/**
 * Copies the file with each over-long line emptied (so line numbers stay), and spills those
 * lines (their first 2,000 characters) as rejected rows. Only for files that have such a line.
 */
async function withoutLongLines(file: string, out: string, spill: string): Promise<string> {
  const copy = fs.createWriteStream(out)
  const rejects = fs.createWriteStream(spill)
  const write = async (sink: fs.WriteStream, text: string | Buffer) => {
    if (!sink.write(text)) await new Promise<void>((resolve) => sink.once('drain', () => resolve()))
  }
  for await (const { number, text, bytes } of boundedLines(file, MAX_JSONL_LINE_BYTES)) {
    if (bytes > MAX_JSONL_LINE_BYTES) {
      const line = number === 1 ? text.replace(/^\uFEFF/, '') : text
      const reason = `第${number}行过长 (${(bytes / 2 ** 20).toFixed(1)} MiB > 1 MiB)，不是一条记录 (line too long to be one record)`
      await write(
        rejects,
        `${JSON.stringify({ row_number: number, raw_row: line.slice(0, MAX_RAW_KEPT), reason })}\n`,
      )
      await write(copy, '\n')
    } else await write(copy, `${text}\n`)
  }
  await Promise.all([copy, rejects].map((s) => new Promise<void>((resolve) => s.end(resolve))))
  return out
}
