import fs from 'node:fs'
import { pipeline } from 'node:stream/promises'
import type { QueryParams, Warehouse } from '../../warehouse/client'

export interface EngineFileSpec {
  /** absolute path of the file to (over)write */
  path: string
  /** a SELECT whose columns, in order, are the file's columns */
  select: string
  params: QueryParams
  format: 'csv' | 'jsonl'
  /** CSV header line's column names (JSON Lines takes keys from the column aliases) */
  header?: readonly string[]
  /** start the file with a UTF-8 byte-order mark, as some Windows tools export */
  bom?: boolean
}

/**
 * 'file': the embedded engine writes the file itself (fast, bounded memory).
 * 'stream': the result streams through the client into the file, which is what works
 * when the warehouse is a remote server (its file() would write on the server).
 */
export type EngineSink = 'file' | 'stream'

const sqlString = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`

const csvField = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s)

function formatAndSettings(spec: EngineFileSpec): { format: string; settings: string[] } {
  // One thread keeps rows in numbers() order, which makes files byte-identical run to run
  // without an ORDER BY that would hold the whole result in memory.
  const common = ['max_threads = 1']
  if (spec.format === 'jsonl') {
    return { format: 'JSONEachRow', settings: [...common, 'output_format_json_escape_forward_slashes = 0'] }
  }
  // CustomSeparated with CSV escaping is CSV whose first line we write ourselves: a BOM
  // and unquoted (Chinese) names, as spreadsheet exports look.
  const header = `${spec.bom ? '\uFEFF' : ''}${(spec.header ?? []).map(csvField).join(',')}\n`
  return {
    format: 'CustomSeparated',
    settings: [
      ...common,
      "format_custom_escaping_rule = 'CSV'",
      "format_custom_field_delimiter = ','",
      "format_custom_row_after_delimiter = '\\n'",
      `format_custom_result_before_delimiter = ${sqlString(header)}`,
      "format_csv_null_representation = ''",
    ],
  }
}

export function defaultSink(wh: Warehouse): EngineSink {
  return wh.config.mode === 'embedded' ? 'file' : 'stream'
}

export async function writeEngineFile(wh: Warehouse, spec: EngineFileSpec, sink: EngineSink): Promise<void> {
  const { format, settings } = formatAndSettings(spec)
  if (sink === 'file') {
    await wh.command(
      `INSERT INTO FUNCTION file({demoOutPath:String}, '${format}')
${spec.select}
SETTINGS engine_file_truncate_on_insert = 1, ${settings.join(', ')}`,
      { ...spec.params, demoOutPath: spec.path },
    )
    return
  }
  const result = await wh.stream(
    `${spec.select}\nSETTINGS ${settings.join(', ')}\nFORMAT ${format}`,
    spec.params,
  )
  await pipeline(result, fs.createWriteStream(spec.path))
}
