import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { openTempWarehouse } from '../warehouse/testing'
import { getDataset } from './contract/datasets'
import { columnHeader, enumLabel } from './contract/forms'
import { mapHeaders } from './contract/headers'
import { ENGINE_SETTINGS, loadFile } from './load/load'
import { buildParseSql } from './load/parse-sql'
import { prepareFile } from './read/prepare'

/**
 * npm run bench:etl [-- --rows N --runs K]: loads a demo applications CSV (≥ 5M rows) with
 * full validation and prints rows/s next to a plain INSERT … SELECT FROM file() of the same
 * file in the same run, on the same embedded engine (K interleaved runs of each, medians), and the same rows as
 * JSON Lines loaded the same way. `--json`: the figures as one object (`ratio` = validated ÷ plain rows/s,
 * `jsonl_vs_csv` = JSON Lines ÷ CSV time per row, the CSV load's own steps in `steps_s`).
 */
const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '5000000' },
    /** Runs of each load, interleaved; the figures are medians. */
    runs: { type: 'string', default: '3' },
    keep: { type: 'boolean', default: false },
    /** One JSON object with the figures on stdout (for checks), instead of the table. */
    json: { type: 'boolean', default: false },
  },
})
const rows = Number(values.rows)
const runs = Math.max(1, Number(values.runs))
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-etl-'))
const file = path.join(dir, 'service_applications.csv')
const jsonlFile = path.join(dir, 'service_applications.jsonl')
const t = await openTempWarehouse('bench-etl-wh-')
const log = (m: string) => process.stderr.write(`${m}\n`)
/** A column's Chinese header (from the contract) as a SQL identifier. */
const hdr = (column: string) => `\`${columnHeader('service_applications', column, 'zh')}\``
const labels = (column: string, codes: string[]) =>
  codes.map((c) => `'${enumLabel('service_applications', column, c)}'`).join(', ')

try {
  log(`generating ${rows.toLocaleString()} applications → ${file}`)
  // Demo-like rows: Chinese headers and labels, 是/否 flags, a few deliberately bad rows (1 in 10,000).
  await t.wh.command(
    `INSERT INTO FUNCTION file({file:String}, 'CSVWithNames')
     SELECT concat('SA', toString(number)) AS ${hdr('application_id')},
            concat('I', toString(h % 1700)) AS ${hdr('item_code')},
            concat('D', leftPad(toString(h % 30), 2, '0')) AS ${hdr('dept_code')},
            concat('440306', leftPad(toString(1 + h % 10), 3, '0'), leftPad(toString(1 + bitShiftRight(h, 8) % 15), 3, '0')) AS ${hdr('region_code')},
            [${labels('channel', ['window', 'web', 'mobile'])}, 'kiosk'][1 + bitShiftRight(h, 16) % 4] AS ${hdr('channel')},
            if(bitShiftRight(h, 20) % 10 < 7, '是', '否') AS ${hdr('fully_online')},
            if(bitShiftRight(h, 24) % 10 < 4, '是', '否') AS ${hdr('certificate_required')},
            if(bitShiftRight(h, 24) % 10 < 3, '是', '否') AS ${hdr('e_certificate_used')},
            toString(bitShiftRight(h, 28) % 3) AS ${hdr('visits')},
            if(number % 10000 = 7, '2022-13-45 10:00:00', toString(submitted)) AS ${hdr('submitted_at')},
            toString(submitted + 3600 * (1 + bitShiftRight(h, 32) % 200)) AS ${hdr('completed_at')},
            toString(5 + bitShiftRight(h, 40) % 15) AS ${hdr('promised_days')},
            [${labels('status', ['completed', 'accepted'])}, 'completed', ${labels('status', ['withdrawn'])}][1 + bitShiftRight(h, 44) % 4] AS ${hdr('status')},
            toString(submitted + 86400) AS ${hdr('updated_at')}
     FROM (SELECT number, cityHash64(number) AS h,
                  toDateTime('2021-01-01 00:00:00', 'Asia/Shanghai') + toIntervalSecond(h % (5 * 365 * 86400)) AS submitted
           FROM numbers({rows:UInt64}))
     SETTINGS engine_file_truncate_on_insert = 1`,
    { file, rows },
  )
  const sizeMb = fs.statSync(file).size / 1e6
  log(`file: ${sizeMb.toFixed(0)} MB`)
  // The same rows as JSON Lines (Chinese keys, every value a string), written by the engine.
  await t.wh.command(
    `INSERT INTO FUNCTION file({jsonl:String}, 'JSONEachRow') SELECT * FROM file({file:String}, 'CSVWithNames')
     SETTINGS engine_file_truncate_on_insert = 1, input_format_csv_use_best_effort_in_schema_inference = 0,
              schema_inference_make_columns_nullable = 0`,
    { file, jsonl: jsonlFile },
  )
  const jsonlMb = fs.statSync(jsonlFile).size / 1e6
  log(`JSON Lines: ${jsonlMb.toFixed(0)} MB`)

  // Plain: the engine's own CSV parsing with inferred types straight into a MergeTree table.
  await t.wh.command(
    `CREATE TABLE plain_applications ENGINE = MergeTree ORDER BY tuple() AS
     SELECT * FROM file({file:String}, 'CSVWithNames') LIMIT 0`,
    { file },
  )
  // The same, into the target's physical layout (partition by month, same ORDER BY): what any
  // load into this warehouse pays for sorting and partitioning, before any validation.
  await t.wh.command(
    `CREATE TABLE plain_layout ENGINE = MergeTree
     PARTITION BY substring(${hdr('submitted_at')}, 1, 7) ORDER BY (${hdr('dept_code')}, ${hdr('region_code')}, ${hdr('submitted_at')}, ${hdr('application_id')})
     SETTINGS allow_nullable_key = 1 AS SELECT * FROM file({file:String}, 'CSVWithNames') LIMIT 0`,
    { file },
  )
  // The load's pass in parts, on the same file: the cells read as text only, then parsed and
  // checked with nothing written (the engine's Null table), so the rest of the load's pass
  // is routing and writing.
  const spec = getDataset('service_applications')!
  const input = await prepareFile(t.wh, file)
  const parse = buildParseSql(
    spec,
    mapHeaders(spec, input.headers),
    input.headers,
    input.hasRowColumn,
    input.rowOffset,
    input.utf8Unverified === true,
  )
  const from = `file({path:String}, 'CSV', {structure:String})`
  const passParams = { ...parse.params, path: input.path, structure: parse.structure, loaded_ms: Date.now() }
  const passSettings = `SETTINGS ${[...ENGINE_SETTINGS, 'input_format_csv_skip_first_lines = 1'].join(', ')}`
  await t.wh.command(
    `CREATE TABLE bench_parsed (${parse.stagingColumns.map(([n, ty]) => `${n} ${ty}`).join(', ')}) ENGINE = Null`,
  )
  const timed = async (fn: () => Promise<unknown>) => {
    const t0 = performance.now()
    await fn()
    return (performance.now() - t0) / 1000
  }
  const plainRuns: number[] = []
  const layoutRuns: number[] = []
  const etlRuns: number[] = []
  const jsonlRuns: number[] = []
  const textRuns: number[] = []
  const checkRuns: number[] = []
  let r: Awaited<ReturnType<typeof loadFile>> | undefined
  let rj: Awaited<ReturnType<typeof loadFile>> | undefined
  // The load reports each step as "  <step> (<seconds> s)": kept (last run) for --json.
  const steps: Record<string, number> = {}
  // Interleaved runs, compared by their medians: on a shared machine one run of each can be
  // seconds apart for reasons that have nothing to do with the code.
  for (let run = 0; run < runs; run++) {
    log(`run ${run + 1} of ${runs}`)
    plainRuns.push(
      await timed(() =>
        t.wh.command(
          `INSERT INTO plain_applications SELECT * FROM file({file:String}, 'CSVWithNames') SETTINGS max_insert_threads = 2`,
          { file },
        ),
      ),
    )
    layoutRuns.push(
      await timed(() =>
        t.wh.command(
          `INSERT INTO plain_layout SELECT * FROM file({file:String}, 'CSVWithNames') SETTINGS max_insert_threads = 2`,
          { file },
        ),
      ),
    )
    textRuns.push(
      await timed(() =>
        t.wh.rows(`SELECT count() FROM ${from} WHERE ${parse.where} ${passSettings}`, passParams),
      ),
    )
    checkRuns.push(
      await timed(() =>
        t.wh.command(
          `INSERT INTO bench_parsed ${parse.select} FROM ${from} WHERE ${parse.where} ${passSettings}`,
          passParams,
        ),
      ),
    )
    for (const table of ['plain_applications', 'plain_layout', 'service_applications', 'quarantine'])
      await t.wh.command(`TRUNCATE TABLE ${table}`)
    etlRuns.push(
      await timed(async () => {
        r = await loadFile(t.wh, {
          dataset: 'service_applications',
          file,
          source: 'bench',
          onProgress: (m: string) => {
            const step = /^\s+(.+) \(([\d.]+) s\)$/.exec(m)
            if (step) steps[step[1]!] = Number(step[2])
            log(m)
          },
        })
      }),
    )
    if (r?.status !== 'succeeded') throw new Error(r?.error)
    for (const table of ['service_applications', 'quarantine']) await t.wh.command(`TRUNCATE TABLE ${table}`)
    jsonlRuns.push(
      await timed(async () => {
        rj = await loadFile(t.wh, {
          dataset: 'service_applications',
          file: jsonlFile,
          source: 'bench',
          onProgress: log,
        })
      }),
    )
    if (rj?.status !== 'succeeded') throw new Error(rj?.error)
    if (rj.accepted !== r.accepted || rj.rejected !== r.rejected)
      throw new Error(`JSON Lines loaded ${rj.accepted}/${rj.rejected}, CSV ${r.accepted}/${r.rejected}`)
  }
  input.cleanup()
  if (!r) throw new Error('no run')
  const plainSec = median(plainRuns)
  const layoutSec = median(layoutRuns)
  const oursSec = median(etlRuns)
  const plainRate = rows / plainSec
  const oursRate = rows / oursSec
  const jsonlSec = median(jsonlRuns)
  const jsonlVsCsv = jsonlSec / oursSec
  const textSec = median(textRuns)
  const checkSec = median(checkRuns)
  const routedSec = steps['rows parsed, checked and routed'] ?? 0
  const each = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(' / ')
  const mem = process.memoryUsage()
  const lines = [
    `rows                         ${rows.toLocaleString()} (${sizeMb.toFixed(0)} MB CSV)`,
    `runs                         ${runs} of each, interleaved; medians below (every run: plain ${each(plainRuns)} s, layout ${each(layoutRuns)} s, etl ${each(etlRuns)} s)`,
    `plain INSERT…SELECT file()   ${plainSec.toFixed(2)} s   ${Math.round(plainRate).toLocaleString()} rows/s   (unsorted MergeTree, inferred types)`,
    `plain, target's layout       ${layoutSec.toFixed(2)} s   ${Math.round(rows / layoutSec).toLocaleString()} rows/s   (partitioned by month, same ORDER BY)`,
    `validated load (etl)         ${oursSec.toFixed(2)} s   ${Math.round(oursRate).toLocaleString()} rows/s   accepted ${r.accepted.toLocaleString()}, quarantined ${r.rejected.toLocaleString()}`,
    `validated load, JSON Lines   ${jsonlSec.toFixed(2)} s   ${Math.round(rows / jsonlSec).toLocaleString()} rows/s   (${jsonlMb.toFixed(0)} MB; every run: ${each(jsonlRuns)} s)`,
    `jsonl_vs_csv (time per row)  ${jsonlVsCsv.toFixed(2)}   (target ≤ 1.5)`,
    `ratio etl / plain            ${(oursRate / plainRate).toFixed(2)}   (target ≥ 0.8)`,
    `where the load's time goes   cells as text ${textSec.toFixed(2)} s → + parse and checks ${(checkSec - textSec).toFixed(2)} s → + routing and writing ${(routedSec - checkSec).toFixed(2)} s (pass ${routedSec.toFixed(2)} s); then the steps above`,
    `best ratio writing nothing   ${(plainSec / checkSec).toFixed(2)}   (plain ÷ the pass's parse and checks alone)`,
    `ratio etl / plain (layout)   ${(plainSec && layoutSec ? oursRate / (rows / layoutSec) : 0).toFixed(2)}`,
    `process RSS                  ${(mem.rss / 1e6).toFixed(0)} MB (engine included)`,
  ]
  if (values.json)
    console.log(
      JSON.stringify({
        rows,
        file_mb: Math.round(sizeMb),
        runs,
        plain_s: Number(plainSec.toFixed(3)),
        plain_layout_s: Number(layoutSec.toFixed(3)),
        etl_s: Number(oursSec.toFixed(3)),
        csv_rows_per_s: Math.round(oursRate),
        jsonl_s: Number(jsonlSec.toFixed(3)),
        jsonl_rows_per_s: Math.round(rows / jsonlSec),
        jsonl_vs_csv: Number(jsonlVsCsv.toFixed(3)),
        accepted: r.accepted,
        rejected: r.rejected,
        ratio: Number((oursRate / plainRate).toFixed(3)),
        ratio_layout: Number((oursRate / (rows / layoutSec)).toFixed(3)),
        text_s: Number(textSec.toFixed(3)),
        parse_check_s: Number(checkSec.toFixed(3)),
        ratio_writing_nothing: Number((plainSec / checkSec).toFixed(3)),
        runs_s: {
          plain: plainRuns,
          plain_layout: layoutRuns,
          etl: etlRuns,
          jsonl: jsonlRuns,
          text: textRuns,
          parse_check: checkRuns,
        },
        steps_s: steps,
        rss_mb: Math.round(mem.rss / 1e6),
      }),
    )
  else console.log(lines.join('\n'))
} finally {
  await t.dispose()
  if (values.keep) log(`kept ${file}`)
  else fs.rmSync(dir, { recursive: true, force: true })
}
