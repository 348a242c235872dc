import { randomUUID } from 'node:crypto'
import path from 'node:path'
import { FileRejectedError } from '../../files/rejected'
import type { Warehouse } from '../../warehouse/client'
import { CALENDAR_TABLE, prepareWorkdayIndex } from '../../warehouse/workdays'
import { getDataset } from '../contract/datasets'
import { mapHeaders } from '../contract/headers'
import { BOM_NOT_UTF8 } from '../read/encoding'
import { prepareFile } from '../read/prepare'
import type { JsonlRead, PreparedInput } from '../read/prepared'
import { notUtf8Rows, quarantinedRows, runRows } from './counts'
import { buildParseSql, targetSelect } from './parse-sql'
import { replaceCoveredYears } from './replace-years'
import { type RunRecord, writeRun } from './runs'
import { createShadow, dropStaleStaging, shadowName, swapIn } from './staging'
import { writeTombstones } from './tombstones'

export interface LoadOptions {
  dataset: string
  file: string
  source?: string
  onProgress?: (message: string) => void
}

export interface LoadResult {
  runId: string
  dataset: string
  file: string
  status: 'succeeded' | 'failed'
  accepted: number
  rejected: number
  ignoredColumns: string[]
  error?: string
  seconds: number
}

const activeTags = new Set<string>()
const tableLocks = new Map<string, Promise<unknown>>()

/** One load per table at a time: the shadow-and-swap must not interleave. */
async function withTableLock<T>(table: string, fn: () => Promise<T>): Promise<T> {
  const prev = tableLocks.get(table) ?? Promise.resolve()
  const next = prev.catch(() => {}).then(fn)
  tableLocks.set(table, next)
  try {
    return await next
  } finally {
    if (tableLocks.get(table) === next) tableLocks.delete(table)
  }
}

/** Settings of the load's one pass over the file (bench:etl times the same pass in parts). */
export const ENGINE_SETTINGS = [
  'input_format_csv_allow_variable_number_of_columns = 1',
  'format_csv_allow_single_quotes = 0',
  'input_format_csv_empty_as_default = 1',
  'input_format_csv_trim_whitespaces = 1',
  // Old Mac-style exports end lines with a lone CR; mixed endings occur after hand edits.
  'input_format_csv_allow_cr_end_of_line = 1',
  'max_insert_threads = 2',
  'optimize_on_insert = 0',
  // Both views (accepted rows, quarantine) run side by side instead of one after the other.
  'parallel_view_processing = 1',
  // The staging table discards its rows, so gluing the parsed blocks into big ones before
  // it is a copy of every column for nothing; the views glue their own (smaller) output
  // instead, so the target still gets parts of ~1M rows.
  'min_insert_block_size_rows = 0',
  'min_insert_block_size_bytes = 0',
  'min_insert_block_size_rows_for_materialized_views = 1048449',
  'min_insert_block_size_bytes_for_materialized_views = 268435456',
]

/** Moves rows the reader rejected (spilled to a file, not held in memory) into quarantine. */
async function insertPreRejected(wh: Warehouse, runId: string, dataset: string, file: string | null) {
  if (!file) return
  await wh.command(
    `INSERT INTO quarantine (run_id, dataset, row_number, raw_row, reason)
     SELECT {run:String}, {dataset:String}, row_number, raw_row, reason
     FROM file({path:String}, 'JSONEachRow', 'row_number UInt64, raw_row String, reason String')`,
    { run: runId, dataset, path: file },
  )
}

/** The file turned out not to be UTF-8 past the part read up front: load it again as GB18030. */
class NotUtf8 extends Error {}
/** The engine's JSON reader stopped (a key written twice, or first seen late): prepare the file again, `read` this way. */
class NotPlainJson extends Error {
  constructor(readonly read: JsonlRead) {
    super(`JSON Lines: read again (${read})`)
  }
}
/** Engine errors that say nothing about the file (MEMORY_LIMIT_EXCEEDED, QUERY_WAS_CANCELLED): no second read. */
const NOT_THE_FILE = new Set(['241', '394'])

async function runEngineLoad(
  wh: Warehouse,
  input: PreparedInput,
  runId: string,
  spec: NonNullable<ReturnType<typeof getDataset>>,
  headers: string[],
  step: (label: string) => void,
) {
  const mapping = mapHeaders(spec, headers)
  const checkUtf8 = input.utf8Unverified === true
  const parse = buildParseSql(spec, mapping, headers, input.hasRowColumn, input.rowOffset, checkUtf8)
  const tag = runId.replaceAll('-', '')
  const staging = `_in_${tag}`
  // The run id sits in a one-row table the accepted-rows view reads, instead of travelling
  // as a column of every staged row.
  const meta = `_in_${tag}_meta`
  const encoding = `_in_${tag}_enc`
  const rejects = `_in_${tag}_bad`
  const table = spec.name
  const { shadow, hadRows } = await createShadow(wh, table)
  step('shadow table ready')
  const target = targetSelect(spec)
  await wh.command(`CREATE TABLE ${meta} (run_id String) ENGINE = Memory`)
  await wh.command(`INSERT INTO ${meta} SELECT {run:String}`, { run: runId })
  await wh.command(
    `CREATE TABLE ${staging} (${parse.stagingColumns.map(([n, t]) => `${n} ${t}`).join(', ')}) ENGINE = Null`,
  )
  const exprs = target.exprs.map((e) => (e === '_run_id' ? `(SELECT run_id FROM ${meta})` : e))
  await wh.command(
    `CREATE MATERIALIZED VIEW _mv_ok_${tag} TO ${shadow} (${target.columns.join(', ')}) AS
     SELECT ${exprs.map((e, i) => `${e} AS ${target.columns[i]}`).join(', ')} FROM ${staging} WHERE _reason = ''`,
  )
  // Rejected rows go to a per-run table first and reach quarantine (with the run id and
  // dataset) after the pass: a view that reads per-run constants costs every block of the
  // file, not just the ones with rejected rows.
  await wh.command(
    `CREATE TABLE ${rejects} (row_number UInt64, raw_row String, reason String) ENGINE = MergeTree ORDER BY tuple()`,
  )
  await wh.command(
    `CREATE MATERIALIZED VIEW _mv_bad_${tag} TO ${rejects} (row_number, raw_row, reason) AS
     SELECT _row AS row_number, _raw AS raw_row, _reason AS reason FROM ${staging} WHERE _reason != ''`,
  )
  if (checkUtf8) {
    await wh.command(`CREATE TABLE ${encoding} (rows UInt64) ENGINE = Memory`)
    await wh.command(
      `CREATE MATERIALIZED VIEW _mv_enc_${tag} TO ${encoding} (rows) AS
       SELECT count() AS rows FROM ${staging} WHERE NOT _utf8`,
    )
  }
  const skip = Number.isInteger(input.skipLines) ? input.skipLines : 1
  // JSON Lines come as the engine's own SELECT over the file (read/jsonl-sql.ts); its
  // parameter names do not collide with the parse's (h_…, msg_…, ef_…).
  const from = input.source ? `(${input.source.sql})` : `file({path:String}, 'CSV', {structure:String})`
  try {
    await wh.command(
      `INSERT INTO ${staging} ${parse.select} FROM ${from}
       WHERE ${parse.where}
       SETTINGS ${[...ENGINE_SETTINGS, `input_format_csv_skip_first_lines = ${skip}`].join(', ')}`,
      {
        ...input.source?.params,
        ...parse.params,
        path: input.path,
        structure: parse.structure,
        loaded_ms: Date.now(),
      },
    )
  } catch (err) {
    const retry = input.source?.retry
    if (!retry || NOT_THE_FILE.has(String((err as { code?: unknown }).code))) throw err
    await dropRunObjects(wh, tag)
    throw new NotPlainJson(retry)
  }
  const notUtf8 = checkUtf8 && (await notUtf8Rows(wh, encoding)) > 0
  if (!notUtf8) {
    await wh.command(
      `INSERT INTO quarantine (run_id, dataset, row_number, raw_row, reason)
       SELECT {run:String}, {dataset:String}, row_number, raw_row, reason FROM ${rejects}`,
      { run: runId, dataset: spec.name },
    )
  }
  step('rows parsed, checked and routed')
  await dropRunObjects(wh, tag)
  if (notUtf8) throw new NotUtf8()
  await writeTombstones(wh, spec, shadow, runId, hadRows)
  step('re-loaded keys reconciled')
  const years = await replaceCoveredYears(wh, spec, shadow, runId)
  if (years.length) step(`years ${years.join(', ')} replaced whole`)
  return { mapping, accepted: await runRows(wh, shadow, runId) }
}

/** Views first, so no view is left pointing at a dropped table. */
async function dropRunObjects(wh: Warehouse, tag: string) {
  for (const name of [`_mv_ok_${tag}`, `_mv_bad_${tag}`, `_mv_enc_${tag}`])
    await wh.command(`DROP TABLE IF EXISTS ${name} SYNC`)
  for (const name of [`_in_${tag}`, `_in_${tag}_meta`, `_in_${tag}_enc`, `_in_${tag}_bad`])
    await wh.command(`DROP TABLE IF EXISTS ${name} SYNC`)
}

/** The run log keeps the first ignored columns and a count of the rest (a file may have thousands). */
function listIgnored(ignored: string[], keep = 50): string[] {
  return ignored.length <= keep ? ignored : [...ignored.slice(0, keep), `…+${ignored.length - keep}`]
}

/**
 * Loads one file: the engine parses, checks and routes every row in a single pass
 * (accepted rows to a shadow of the table, bad rows to quarantine with a reason), then
 * the shadow is swapped in atomically. A file that cannot be loaded at all loads nothing.
 */
export async function loadFile(wh: Warehouse, opts: LoadOptions): Promise<LoadResult> {
  const started = Date.now()
  const runId = randomUUID()
  const file = path.resolve(opts.file)
  const progress = opts.onProgress ?? (() => {})
  const spec = getDataset(opts.dataset)
  const run: RunRecord = {
    run_id: runId,
    source: opts.source ?? 'cli',
    dataset: opts.dataset,
    file,
    started_at: new Date(started).toISOString().replace('T', ' ').replace('Z', ''),
    finished_at: null,
    status: 'running',
    accepted: 0,
    rejected: 0,
    ignored_columns: [],
    error: null,
  }
  const finish = async (patch: Partial<RunRecord>): Promise<LoadResult> => {
    const done = {
      ...run,
      ...patch,
      finished_at: new Date().toISOString().replace('T', ' ').replace('Z', ''),
    }
    await writeRun(wh, done)
    return {
      runId,
      dataset: opts.dataset,
      file,
      status: done.status === 'succeeded' ? 'succeeded' : 'failed',
      accepted: done.accepted,
      rejected: done.rejected,
      ignoredColumns: done.ignored_columns,
      ...(done.error ? { error: done.error } : {}),
      seconds: (Date.now() - started) / 1000,
    }
  }
  if (!spec) {
    return finish({ status: 'failed', error: `未知的数据集 '${opts.dataset}' (unknown dataset)` })
  }
  const tag = runId.replaceAll('-', '')
  return withTableLock(spec.name, async () => {
    activeTags.add(tag)
    await writeRun(wh, run)
    let input: PreparedInput | undefined
    try {
      await dropStaleStaging(wh, activeTags)
      progress(`reading ${path.basename(file)}`)
      let last = Date.now()
      input = await prepareFile(wh, file)
      const step = (label: string) => {
        progress(`  ${label} (${((Date.now() - last) / 1000).toFixed(2)} s)`)
        last = Date.now()
      }
      step(`prepared ${input.format} (${input.encoding})`)
      let loaded: Awaited<ReturnType<typeof runEngineLoad>> | undefined
      try {
        // JSON Lines the engine's reader stopped on are prepared again, each time more carefully
        // (nothing reached quarantine yet; the shadow is rebuilt from the live table).
        while (!loaded) {
          try {
            loaded = await runEngineLoad(wh, input, runId, spec, input.headers, step)
          } catch (err) {
            if (!(err instanceof NotPlainJson)) throw err
            input.cleanup()
            input = await prepareFile(wh, file, undefined, { read: err.read })
            step(`JSON Lines read again (${err.read})`)
          }
        }
      } catch (err) {
        if (!(err instanceof NotUtf8)) throw err
        if (input.bom) throw new FileRejectedError(BOM_NOT_UTF8)
        // ASCII for the first megabytes, then GBK: the first pass is discarded, the file
        // is transcoded and loaded again (the shadow is rebuilt from the live table).
        await wh.command('DELETE FROM quarantine WHERE run_id = {run:String}', { run: runId })
        input.cleanup()
        input = await prepareFile(wh, file, 'gb18030')
        step('not UTF-8 past its head: read again as GB18030')
        loaded = await runEngineLoad(wh, input, runId, spec, input.headers, step)
      }
      const { mapping, accepted } = loaded
      await insertPreRejected(wh, runId, spec.name, input.rejectedFile)
      const rejected = await quarantinedRows(wh, runId)
      if (accepted + rejected === 0) {
        throw new FileRejectedError(
          '文件没有数据行（只有表头或空行） (the file has no data rows after the header)',
        )
      }
      // The calendar's working-day index is built from the shadow, so it is ready when the
      // calendar swaps in and goes live right after it (warehouse/workdays.ts).
      const index =
        spec.name === CALENDAR_TABLE
          ? await prepareWorkdayIndex(wh, shadowName(spec.name), `_in_${tag}_workdays`)
          : undefined
      await swapIn(wh, spec.name)
      await index?.activate()
      step(index ? 'swapped in, working-day index rebuilt' : 'swapped in')
      progress(`${spec.name}: ${accepted} accepted, ${rejected} rejected`)
      return await finish({
        status: 'succeeded',
        accepted,
        rejected,
        ignored_columns: listIgnored(mapping.ignored),
      })
    } catch (err) {
      await dropStaleStaging(wh, new Set([...activeTags].filter((t) => t !== tag))).catch(() => {})
      await wh.command('DELETE FROM quarantine WHERE run_id = {run:String}', { run: runId }).catch(() => {})
      const message =
        err instanceof FileRejectedError ? err.message : `无法加载 (load failed): ${(err as Error).message}`
      return await finish({ status: 'failed', error: message.slice(0, 2000) })
    } finally {
      activeTags.delete(tag)
      input?.cleanup()
    }
  })
}
