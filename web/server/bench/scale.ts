import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { MANIFEST_FILE, type Manifest } from '../../../etl/demo/generate'
import { HAND_SQL } from '../../../semantic-layer/testing/hand-sql'
import { openTestApp } from '../testing'

/**
 * npm run bench:scale [-- --scale 100 --runs 20 --json]: the demo district at one scale on
 * this machine. Generation, load (per dataset) and rollup times; disk bytes per row; warm
 * latencies (p50, p95) of the scorecard, a detail page and an explore query through tRPC
 * callers. Raw ClickHouse in the same run: the applications file loaded again by a plain
 * INSERT…SELECT file(), and the scorecard's indicator set as hand-written SQL.
 */
const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '10' },
    runs: { type: 'string', default: '20' },
    json: { type: 'boolean', default: false },
  },
})
const scale = Number(values.scale)
const runs = Number(values.runs)
const log = (m: string) => process.stderr.write(`${m}\n`)
const round = (x: number, d = 2) => Number(x.toFixed(d))

// Phases from the loader's own log lines: generation ends where the first load starts.
const started = performance.now()
let loadStarted = 0
const loads: Record<string, number> = {}
const app = await openTestApp(scale, {
  cacheTtlMs: 0,
  log: (m) => {
    log(m)
    if (!loadStarted && m.startsWith('正在加载')) loadStarted = performance.now()
    const done = /✓ (\w+): .*\(([\d.]+) s\)$/.exec(m)
    if (done) loads[done[1]!] = Number(done[2])
  },
})
const finished = performance.now()
const generateS = (loadStarted - started) / 1000
const loadS = (finished - loadStarted) / 1000
const { wh } = app.deps

let t0 = performance.now()
await app.deps.semantic.refreshPreAggregations()
const rollupS = (performance.now() - t0) / 1000

const parts = await wh.rows<{ table: string; n: string; bytes: string }>(
  `SELECT table, sum(rows) AS n, sum(bytes_on_disk) AS bytes FROM system.parts
   WHERE active AND database = currentDatabase() GROUP BY table HAVING sum(rows) > 0 ORDER BY sum(bytes_on_disk) DESC`,
)
const disk = parts.map((p) => ({
  table: p.table,
  rows: Number(p.n),
  bytes_per_row: round(Number(p.bytes) / Number(p.n), 1),
}))

// The same applications file through plain ClickHouse (inferred types, unsorted table).
const demoDir = path.join(app.dataDir, 'demo', `scale-${scale}`)
const manifest = JSON.parse(fs.readFileSync(path.join(demoDir, MANIFEST_FILE), 'utf8')) as Manifest
const appsFile = path.join(demoDir, manifest.files.find((f) => f.dataset === 'service_applications')!.file)
await wh.command(
  `CREATE TABLE plain_apps ENGINE = MergeTree ORDER BY tuple() AS SELECT * FROM file({f:String}, 'CSVWithNames') LIMIT 0`,
  { f: appsFile },
)
t0 = performance.now()
await wh.command(
  `INSERT INTO plain_apps SELECT * FROM file({f:String}, 'CSVWithNames') SETTINGS max_insert_threads = 2`,
  { f: appsFile },
)
const plainAppsS = (performance.now() - t0) / 1000
await wh.command('DROP TABLE plain_apps SYNC')

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!
async function measure(fn: () => Promise<unknown>) {
  const f = performance.now()
  await fn()
  const first = performance.now() - f
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const s = performance.now()
    await fn()
    times.push(performance.now() - s)
  }
  return {
    first_ms: Math.round(first),
    p50_ms: round(pct(times, 0.5), 1),
    p95_ms: round(pct(times, 0.95), 1),
  }
}

const year = 2024
const leader = app.caller('leader')
const latencies = {
  'scorecard.get district': await measure(() => leader.scorecard.get({ year })),
  'scorecard.get department account': await measure(() => app.caller('dept_a').scorecard.get({ year })),
  'scorecard.detail 网上可办率': await measure(() =>
    leader.scorecard.detail({ id: 'online_application_rate', year }),
  ),
  'explore applications × department × month': await measure(() =>
    app.caller('analyst').explore.run({
      measures: ['application_kpis.applications', 'application_kpis.online_application_rate'],
      dimensions: ['application_kpis.dept_code'],
      timeDimension: {
        dimension: 'application_kpis.date',
        granularity: 'month',
        dateRange: [`${year}-01-01`, `${year}-12-31`],
      },
    }),
  ),
  'hand SQL, the scorecard indicator set (raw ClickHouse)': await measure(() =>
    Promise.all(Object.values(HAND_SQL).map((sql) => wh.rows(sql))),
  ),
}

const appsLoadS = loads.service_applications ?? Number.NaN
const appRows = disk.find((d) => d.table === 'service_applications')?.rows ?? 0
const result = {
  scale,
  applications: appRows,
  generate_s: round(generateS, 1),
  load_s: round(loadS, 1),
  load_per_dataset_s: loads,
  applications_load_s: appsLoadS,
  plain_applications_s: round(plainAppsS),
  ratio: round(plainAppsS / appsLoadS, 3),
  rollup_s: round(rollupS, 1),
  disk,
  latencies,
}
if (values.json) console.log(JSON.stringify(result))
else {
  const lines = [
    `scale ${scale}: ${appRows.toLocaleString()} applications`,
    `generation ${result.generate_s} s, load ${result.load_s} s (applications ${appsLoadS} s; plain INSERT…SELECT file() of the same file ${result.plain_applications_s} s → ratio ${result.ratio}), rollups ${result.rollup_s} s`,
    'disk bytes per row:',
    ...disk.map(
      (d) => `  ${d.table.padEnd(28)} ${d.rows.toLocaleString().padStart(14)} rows  ${d.bytes_per_row} B/row`,
    ),
    `warm latencies (${runs} runs):`,
    ...Object.entries(latencies).map(
      ([k, v]) => `  ${k.padEnd(56)} first ${v.first_ms} ms  p50 ${v.p50_ms} ms  p95 ${v.p95_ms} ms`,
    ),
  ]
  console.log(lines.join('\n'))
}
await app.dispose()
process.exit(0)
