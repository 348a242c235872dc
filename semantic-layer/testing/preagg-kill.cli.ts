import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { loadFile } from '../../etl/load/load'
import { recoverInterruptedRuns } from '../../etl/load/recover'
import { loadCatalog } from '../../indicators/catalog'
import { openWarehouse } from '../../warehouse/client'
import { loadWarehouseConfig } from '../../warehouse/config'
import { setLogLevel } from '../../warehouse/log'
import { migrate } from '../../warehouse/migrate'
import { createSemanticLayer } from '../engine/engine'
import type { CubeQuery } from '../engine/query'
import { indicatorView } from '../queries/indicator-query'
import { indicatorValues } from '../queries/scorecard'
import { HAND_SQL } from './hand-sql'

/**
 * Test helper for preagg-kill.reliability.test.ts, one process per data directory (chDB
 * binds one per process):
 *   load <demoDir> [--only a,b] [--skip a,b]   load demo files through the ETL, as the app does
 *   state [--no-source] [--refresh-after]      "restart": what a fresh server process answers
 * Prints one JSON document on stdout.
 */

const FACT_TABLES = [
  'service_applications',
  'evaluations',
  'hotline_tickets',
  'sharing_requests',
  'governance_events',
  'service_items',
  'app_activity',
  'regions',
  'departments',
] as const

const PRE_AGG_SCHEMA = 'cube_pre_aggregations'

interface NamedQuery {
  name: string
  query: CubeQuery
}

interface StateReport {
  facts: Record<string, number>
  /** Query name → result rows as served (pre-aggregations allowed), the first answers after start. */
  answers: Record<string, Array<Record<string, unknown>>>
  /** Query name → pre-aggregation tables that served it. */
  used: Record<string, string[]>
  /** The same queries answered from the source tables (no rollups), in this process. */
  source: Record<string, Array<Record<string, unknown>>>
  /** View → hand-written SQL straight from DATA-CONTRACT (testing/hand-sql.ts): year × department. */
  hand: Record<string, Array<Record<string, unknown>>>
  /** Year → indicator id → value, as `npm run indicators -- values --year Y --json` prints it. */
  indicators: Record<string, Record<string, number | null>>
  /** Tables in the pre-aggregation schema: at start, after the answers, after one more refresh. */
  tablesBefore: Array<{ name: string; rows: number }>
  tablesAfter: Array<{ name: string; rows: number }>
  tablesAfterRefresh: Array<{ name: string; rows: number }>
  /** ms from the process start until the model is compiled and queries can run. */
  readyMs: number
  /** ms from then to the first scorecard answered, and to every query answered (rebuilds included). */
  firstAnswerMs: number
  answersMs: number
}

/** Every view of the catalog: yearly, and for 2024 by department, by town and by both. */
function stateQueries(): NamedQuery[] {
  const byView = new Map<string, { td: string | null; measures: string[]; dept: boolean; region: boolean }>()
  for (const ind of loadCatalog().indicators) {
    const view = indicatorView(ind)
    const g = byView.get(view) ?? {
      td: ind.cube.time_dimension ?? null,
      measures: [],
      dept: ind.cube.breakdowns.includes('dept'),
      region: ind.cube.breakdowns.includes('region'),
    }
    g.measures.push(ind.cube.measure)
    byView.set(view, g)
  }
  const out: NamedQuery[] = []
  for (const [view, g] of byView) {
    const range = (from: string, to: string) =>
      g.td ? { timeDimensions: [{ dimension: g.td, dateRange: [from, to] as [string, string] }] } : {}
    out.push({
      name: `${view} by year`,
      query: {
        measures: g.measures,
        ...(g.td
          ? {
              timeDimensions: [
                { dimension: g.td, granularity: 'year', dateRange: ['2021-01-01', '2025-12-31'] },
              ],
            }
          : {}),
      },
    })
    const dims: Array<[string, string[]]> = []
    // Every view with a department also has the town (README, "Model layout"): these
    // three shapes reach each of its cube's three rollups.
    if (g.dept) {
      dims.push(['by department 2024', [`${view}.dept_code`]])
      dims.push(['by town 2024', [`${view}.town_code`]])
      dims.push(['by department × town 2024', [`${view}.dept_code`, `${view}.town_code`]])
    } else if (g.region) dims.push(['by town 2024', [`${view}.town_code`]])
    for (const [label, dimensions] of dims)
      out.push({
        name: `${view} ${label}`,
        query: { measures: g.measures, dimensions, ...range('2024-01-01', '2024-12-31'), limit: 10_000 },
      })
  }
  return out
}

/** stdout to a pipe is asynchronous: wait until the document is out before process.exit. */
const print = (doc: unknown) =>
  new Promise<void>((resolve) => process.stdout.write(`${JSON.stringify(doc)}\n`, () => resolve()))

/** Rows in a stable order with numbers as numbers, so two data directories compare with toEqual. */
function canonical(rows: Array<Record<string, unknown>>): Array<Record<string, unknown>> {
  const norm = rows.map((r) =>
    Object.fromEntries(
      Object.keys(r)
        .sort()
        .map((k) => [k, r[k]]),
    ),
  )
  return norm.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      only: { type: 'string' },
      skip: { type: 'string' },
      'no-source': { type: 'boolean', default: false },
      'refresh-after': { type: 'boolean', default: false },
    },
  })
  const config = loadWarehouseConfig()
  setLogLevel(config.logLevel)
  const wh = openWarehouse(config.warehouse)
  try {
    await migrate(wh)
    const command = positionals[0]
    if (command === 'load') {
      const demoDir = positionals[1]
      if (!demoDir) throw new Error('usage: preagg-kill.cli.ts load <demoDir> [--only a,b] [--skip a,b]')
      const manifest = JSON.parse(fs.readFileSync(path.join(demoDir, 'manifest.json'), 'utf8')) as {
        files: Array<{ dataset: string; file: string }>
      }
      const only = values.only?.split(',')
      const skip = values.skip?.split(',') ?? []
      const loaded = []
      for (const f of manifest.files) {
        if ((only && !only.includes(f.dataset)) || skip.includes(f.dataset)) continue
        const r = await loadFile(wh, { dataset: f.dataset, file: path.join(demoDir, f.file), source: 'demo' })
        if (r.status === 'failed') throw new Error(`${f.dataset}: ${r.error}`)
        loaded.push({ dataset: f.dataset, accepted: r.accepted, rejected: r.rejected })
      }
      await print({ loaded })
      return
    }
    if (command !== 'state') throw new Error('usage: preagg-kill.cli.ts load|state')

    // What the server does before its first request (app/main.ts, app/bootstrap.ts).
    await recoverInterruptedRuns(wh)
    const tables = async () =>
      (
        await wh.rows<{ name: string; rows: string | null }>(
          'SELECT name, total_rows AS rows FROM system.tables WHERE database = {db:String} ORDER BY name',
          { db: PRE_AGG_SCHEMA },
        )
      ).map((t) => ({ name: t.name, rows: Number(t.rows ?? 0) }))
    const report: StateReport = {
      facts: {},
      answers: {},
      used: {},
      source: {},
      hand: {},
      indicators: {},
      tablesBefore: await tables(),
      tablesAfter: [],
      tablesAfterRefresh: [],
      readyMs: 0,
      firstAnswerMs: 0,
      answersMs: 0,
    }
    // No result cache: every answer below comes from the warehouse.
    const sl = createSemanticLayer({ warehouse: config.warehouse, cacheTtlMs: 0 })
    try {
      const leader = { role: 'leader' as const }
      // Compiling the model takes seconds and touches no rollup: timed apart, so that the
      // answers' times show what rebuilding missing or stale rollups costs.
      await sl.meta()
      report.readyMs = Math.round(performance.now())
      const since = () => Math.round(performance.now()) - report.readyMs
      // The scorecard first, as a leader's first page after a start asks it.
      for (const year of [2023, 2024, 2025]) {
        const rows = await indicatorValues(sl, { year, asOf: `${year}-12-31` }, { role: 'analyst' })
        report.firstAnswerMs ||= since()
        report.indicators[year] = Object.fromEntries(rows.map((r) => [r.id, r.value]))
      }
      for (const { name, query } of stateQueries()) {
        const r = await sl.load(query, leader)
        report.answers[name] = canonical(r.data)
        report.used[name] = r.usedPreAggregations
      }
      report.answersMs = since()
      report.tablesAfter = await tables()
      if (!values['no-source'])
        for (const { name, query } of stateQueries()) {
          const r = await sl.load(query, leader, { usePreAggregations: false })
          report.source[name] = canonical(r.data)
        }
      for (const [view, sql] of Object.entries(HAND_SQL)) report.hand[view] = await wh.rows(sql)
      for (const t of FACT_TABLES) {
        const [row] = await wh.rows<{ n: string }>(`SELECT count() AS n FROM ${t} FINAL`)
        report.facts[t] = Number(row?.n ?? 0)
      }
      if (values['refresh-after']) {
        // The next refresh, as the server runs after its next load.
        await sl.refreshPreAggregations()
        report.tablesAfterRefresh = await tables()
      }
    } finally {
      await sl.close()
    }
    await print(report)
  } finally {
    await wh.close()
  }
}

main(process.argv.slice(2)).then(
  // Cube's orchestrator keeps timers alive after close; the command is done.
  () => process.exit(0),
  (e) => {
    process.stderr.write(`错误 (error): ${(e as Error).stack ?? e}\n`)
    process.exit(2)
  },
)
