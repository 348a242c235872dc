import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { loadDemoData } from '../../etl/demo-bootstrap'
import { loadCatalog } from '../../indicators/catalog'
import { openTempWarehouse } from '../../warehouse/testing'
import { createSemanticLayer, type SemanticLayer } from '../engine/engine'
import type { CubeQuery } from '../engine/query'
import { indicatorView } from '../queries/indicator-query'
import { HAND_SQL } from '../testing/hand-sql'

/**
 * npm run bench:query [-- --scale 10 --runs 5]: the scorecard query set (every indicator
 * × year × department) on demo data, cold and warm, next to hand-written ClickHouse SQL
 * computing the same numbers on the same engine in the same run; the numbers are compared.
 * `--json`: the figures as one object (`cold_ms`, `warm_ms`, `hand_warm_ms`, `ratio`, …).
 */
const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '10' },
    runs: { type: 'string', default: '5' },
    /** One JSON object with the figures on stdout (for checks), instead of the table. */
    json: { type: 'boolean', default: false },
  },
})
const scale = Number(values.scale)
const runs = Number(values.runs)
const log = (m: string) => process.stderr.write(`${m}\n`)
const catalog = loadCatalog()

function querySet(): Array<{ view: string; query: CubeQuery; measures: string[] }> {
  const byView = new Map<string, { td: string | null; dept: boolean; measures: string[] }>()
  for (const ind of catalog.indicators) {
    const view = indicatorView(ind)
    const g = byView.get(view) ?? {
      td: ind.cube.time_dimension ?? null,
      dept: ind.cube.breakdowns.includes('dept'),
      measures: [],
    }
    g.measures.push(ind.cube.measure)
    byView.set(view, g)
  }
  return [...byView].map(([view, g]) => ({
    view,
    measures: g.measures,
    query: {
      measures: g.measures,
      dimensions: g.dept ? [`${view}.dept_code`] : [],
      ...(g.td
        ? {
            timeDimensions: [
              {
                dimension: g.td,
                granularity: 'year' as const,
                dateRange: ['2021-01-01', '2025-12-31'] as [string, string],
              },
            ],
          }
        : {}),
      limit: 50_000,
    },
  }))
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now()
  const r = await fn()
  return [r, performance.now() - t0]
}

const t = await openTempWarehouse('bench-query-')
try {
  const started = Date.now()
  await loadDemoData(t.wh, { dataDir: t.dataDir, scale, log })
  const [[apps]] = await Promise.all([
    t.wh.rows<{ n: string }>('SELECT count() AS n FROM service_applications FINAL'),
  ])
  log(
    `demo data scale ${scale} loaded in ${((Date.now() - started) / 1000).toFixed(0)} s (${Number(apps!.n).toLocaleString()} applications)`,
  )

  const set = querySet()
  const ctx = { role: 'leader' }
  const runEngine = (sl: SemanticLayer, usePreAggregations = true) =>
    Promise.all(set.map((q) => sl.load(q.query, ctx, { usePreAggregations })))
  const runHand = () => Promise.all(set.map((q) => t.wh.rows<Record<string, unknown>>(HAND_SQL[q.view]!)))

  // Pre-aggregations are built after loads (as the app does), outside the timings.
  const builder = createSemanticLayer({ warehouse: t.wh.config, cacheTtlMs: 0 })
  const [, buildMs] = await timed(() => builder.refreshPreAggregations())
  await builder.close()

  // Cold: a new engine (model compiled on first use), empty result cache.
  const sl = createSemanticLayer({ warehouse: t.wh.config, cacheTtlMs: 0 })
  const [engineRows, coldMs] = await timed(() => runEngine(sl))
  const [handRows, handColdMs] = await timed(runHand)

  const warm: number[] = []
  const hand: number[] = []
  const raw: number[] = []
  for (let i = 0; i < runs; i++) {
    warm.push((await timed(() => runEngine(sl)))[1])
    hand.push((await timed(runHand))[1])
    raw.push((await timed(() => runEngine(sl, false)))[1])
  }

  // Same numbers? Every (view, year, dept, indicator) cell, to 1e-9.
  let cells = 0
  let mismatches = 0
  set.forEach((q, i) => {
    const td = q.query.timeDimensions?.[0]?.dimension
    const dim = q.query.dimensions?.[0]
    const mine = new Map<string, number | null>()
    for (const r of engineRows[i]!.data) {
      const y = td ? Number(String(r[`${td}.year`]).slice(0, 4)) : 0
      for (const m of q.measures)
        mine.set(`${y}|${dim ? r[dim] : ''}|${m.split('.')[1]}`, r[m] === null ? null : Number(r[m]))
    }
    for (const r of handRows[i]!) {
      for (const m of q.measures) {
        const id = m.split('.')[1]!
        const expected = r[id] === null ? null : Number(r[id])
        const got = mine.get(`${Number(r.y)}|${r.d}|${id}`)
        cells++
        const same =
          expected === null
            ? got === null || got === undefined
            : got != null && Math.abs(got - expected) <= 1e-9
        if (!same) {
          mismatches++
          if (mismatches <= 5)
            log(`  mismatch ${q.view} ${r.y} ${r.d} ${id}: engine ${got}, hand SQL ${expected}`)
        }
      }
    }
  })

  const w = median(warm)
  const h = median(hand)
  const lines = [
    `scorecard query set: ${set.length} queries (18 indicators × 2021–2025 × departments), scale ${scale}, ${Number(apps!.n).toLocaleString()} applications`,
    `pre-aggregation build (after load)   ${(buildMs / 1000).toFixed(2)} s`,
    `engine cold (compile + first run)    ${coldMs.toFixed(0)} ms     target < 1000 ms (model from the transpile cache)`,
    `hand-written SQL, first run          ${handColdMs.toFixed(0)} ms`,
    `engine warm, rollups (median of ${runs})   ${w.toFixed(0)} ms     target < 300 ms and ≤ 1.2 × hand SQL`,
    `hand-written SQL warm (median)       ${h.toFixed(0)} ms`,
    `engine warm, source tables (median)  ${median(raw).toFixed(0)} ms`,
    `ratio engine warm / hand SQL         ${(w / h).toFixed(2)}`,
    `numbers compared                     ${cells} cells, ${mismatches} mismatches`,
  ]
  if (values.json)
    console.log(
      JSON.stringify({
        scale,
        runs,
        applications: Number(apps!.n),
        queries: set.length,
        build_ms: Math.round(buildMs),
        cold_ms: Math.round(coldMs),
        hand_cold_ms: Math.round(handColdMs),
        warm_ms: Math.round(w),
        hand_warm_ms: Math.round(h),
        source_tables_ms: Math.round(median(raw)),
        ratio: Number((w / h).toFixed(3)),
        cells,
        mismatches,
      }),
    )
  else console.log(lines.join('\n'))
  await sl.close()
  if (mismatches > 0) process.exitCode = 1
} finally {
  await t.dispose()
  for (const d of fs.readdirSync('/tmp').filter((n) => n.startsWith('bench-query-')))
    fs.rmSync(path.join('/tmp', d), { recursive: true, force: true })
}
// Cube's orchestrator keeps timers alive; the benchmark is done.
process.exit(process.exitCode ?? 0)
