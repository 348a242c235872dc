import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import iconv from 'iconv-lite'
import { FileRejectedError } from '../../files/rejected'
import type { Warehouse } from '../../warehouse/client'
import { parseFirstRecord } from './csv-text'
import { type Encoding, readFileHead, sniffEncoding } from './encoding'
import { type JsonlOptions, prepareJsonl } from './jsonl'
import type { FileFormat, PreparedInput } from './prepared'
import { xlsxToCsv } from './xlsx'

/** Widest file accepted: contract datasets have at most 13 columns; thousands means a broken export. */
export const MAX_COLUMNS = 10_000

export function formatOf(file: string): FileFormat {
  const ext = path.extname(file).toLowerCase()
  if (ext === '.csv' || ext === '.txt') return 'csv'
  if (ext === '.xlsx') return 'xlsx'
  if (ext === '.jsonl' || ext === '.ndjson' || ext === '.json') return 'jsonl'
  throw new FileRejectedError(
    `不支持的文件类型 '${ext || '(无扩展名)'}': 请使用 .csv、.xlsx 或 .jsonl (unsupported file type)`,
  )
}

/** The header is parsed from the head's first MiB. */
const HEADER_BYTES = 1 << 20

async function prepareCsv(
  file: string,
  tmp: string,
  forced?: Encoding,
): Promise<Omit<PreparedInput, 'cleanup'>> {
  const fileHead = readFileHead(file)
  const sniffed = forced ? { encoding: forced, bom: false, verified: true } : sniffEncoding(fileHead)
  const { encoding } = sniffed
  const head = iconv.decode(fileHead.bytes.subarray(0, HEADER_BYTES), encoding).replace(/^\uFEFF/, '')
  const first = parseFirstRecord(head)
  if (!first || first.fields.every((f) => f.trim() === '')) {
    throw new FileRejectedError('文件为空或没有表头 (the file is empty or has no header row)')
  }
  const skipLines = (head.slice(0, first.length).match(/\r\n|\r|\n/g) ?? []).length || 1
  let enginePath = file
  if (encoding === 'gb18030') {
    // The engine reads UTF-8; transcode as a stream so memory does not grow with the file.
    enginePath = path.join(tmp, 'utf8.csv')
    await pipeline(
      fs.createReadStream(file),
      iconv.decodeStream('gb18030'),
      iconv.encodeStream('utf-8'),
      fs.createWriteStream(enginePath),
    )
  }
  return {
    format: 'csv',
    encoding,
    path: enginePath,
    headers: first.fields,
    skipLines,
    hasRowColumn: false,
    rowOffset: skipLines + 1,
    rejectedFile: null,
    utf8Unverified: !sniffed.verified,
    bom: sniffed.bom,
  }
}

/**
 * `wh`: the engine that reads JSON Lines itself. `encoding`: read a CSV as this encoding
 * (after the engine found a file not to be UTF-8). `jsonl`: how to read JSON Lines.
 */
export async function prepareFile(
  wh: Warehouse,
  file: string,
  encoding?: Encoding,
  jsonl?: JsonlOptions,
): Promise<PreparedInput> {
  let stat: fs.Stats
  try {
    stat = fs.statSync(file)
  } catch {
    throw new FileRejectedError(`找不到文件 ${file} (file not found)`)
  }
  if (!stat.isFile()) throw new FileRejectedError(`${file} 不是文件 (not a regular file)`)
  if (stat.size === 0) throw new FileRejectedError('文件为空 (the file is empty)')
  const format = formatOf(file)
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'scorecard-etl-'))
  const cleanup = () => fs.rmSync(tmp, { recursive: true, force: true })
  try {
    const prepared =
      format === 'csv'
        ? await prepareCsv(file, tmp, encoding)
        : format === 'xlsx'
          ? await xlsxToCsv(file, path.join(tmp, 'sheet1.csv'))
          : await prepareJsonl(wh, file, tmp, jsonl)
    if (prepared.headers.length > MAX_COLUMNS) {
      throw new FileRejectedError(
        `列数过多 (${prepared.headers.length} 列，上限 ${MAX_COLUMNS})，请只导出所需的列 (too many columns: ${prepared.headers.length} > ${MAX_COLUMNS})`,
      )
    }
    return { ...prepared, cleanup }
  } catch (err) {
    cleanup()
    throw err
  }
}
