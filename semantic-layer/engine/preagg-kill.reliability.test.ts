import { type ChildProcess, execFile, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { onStderrLines, type TimedLine } from '../../test/reliability/child-lines'
import { recordFigures } from '../../test/reliability/figures'

/**
 * kill -9 during a pre-aggregation build. chDB binds one data directory per process, so
 * every step is a child process: demo data loaded by the ETL, `npm run indicators --
 * refresh` killed while it builds the rollups, then a "restart" — a fresh process that
 * migrates, recovers runs and answers the scorecard as the server does before and at its
 * first request (preagg-kill.cli.ts state) — compared with a data directory whose build
 * was never killed, and with hand-written SQL.
 */

const root = path.resolve(import.meta.dirname, '../..')
const run = promisify(execFile)
const SCALE = '0.2'
const ROLLUPS = 17

type Rows = Array<Record<string, unknown>>
interface Table {
  name: string
  rows: number
}
interface State {
  facts: Record<string, number>
  answers: Record<string, Rows>
  used: Record<string, string[]>
  source: Record<string, Rows>
  hand: Record<string, Rows>
  indicators: Record<string, Record<string, number | null>>
  tablesBefore: Table[]
  tablesAfter: Table[]
  tablesAfterRefresh: Table[]
  readyMs: number
  firstAnswerMs: number
  answersMs: number
}

const tsx = async (args: string[], dataDir: string) =>
  (
    await run(process.execPath, ['--import', 'tsx', ...args], {
      cwd: root,
      env: { ...process.env, DATA_DIR: dataDir },
      maxBuffer: 256 << 20,
    })
  ).stdout
const helper = (args: string[], dataDir: string) =>
  tsx(['semantic-layer/testing/preagg-kill.cli.ts', ...args], dataDir)
const stateOf = async (dataDir: string, flags: string[] = []) =>
  JSON.parse(await helper(['state', ...flags], dataDir)) as State

/** ClickHouse's name for a table CREATE OR REPLACE is still filling. */
const TEMPORARY = /^_tmp_replace_/
/** `<rollup>_<content>_<structure>_<built at>` → `<rollup>`. */
const rollupOf = (table: string) => table.replace(/_[^_]+_[^_]+_[^_]+$/, '')

const STARTED = /\(rollup build started\) cube_pre_aggregations\.(\S+)/
const LANDED = /\(rollup build landed\) cube_pre_aggregations\.(\S+)/
/** One rollup's build starting: with a delay, a kill lands while its table is being filled. */
const startedOf = (rollup: string) =>
  new RegExp(`\\(rollup build started\\) cube_pre_aggregations\\.${rollup}_[a-z0-9]+_[a-z0-9]+_[a-z0-9]+$`)

type Line = TimedLine

/** A child with LOG_LEVEL=debug whose stderr is read line by line, to kill it at a line. */
function startChild(
  args: string[],
  dataDir: string,
  onLine: (line: Line, child: ChildProcess) => void,
): { lines: Line[]; exited: Promise<{ signal: NodeJS.Signals | null; code: number | null }> } {
  const started = performance.now()
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'debug' },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  const lines: Line[] = []
  // Listen from the start: the child may finish before the kill is sent.
  const exited = new Promise<{ signal: NodeJS.Signals | null; code: number | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  )
  onStderrLines(child, started, (line) => {
    lines.push(line)
    onLine(line, child)
  })
  return { lines, exited }
}

interface Kill {
  /** Kill at the n-th line matching `on`, `delayMs` later. */
  on: RegExp
  n: number
  delayMs?: number
}

interface Killed {
  killed: boolean
  started: number
  landed: number
  /** The rollup being built when the kill landed, if any. */
  inFlight: string | null
  /** ms between the first build starting and the kill. */
  killedAtMs: number | null
}

async function killAt(args: string[], dataDir: string, kill: Kill): Promise<Killed> {
  let seen = 0
  let firstBuild: number | null = null
  let killedAt: number | null = null
  const child = startChild(args, dataDir, (line, c) => {
    if (firstBuild === null && STARTED.test(line.text)) firstBuild = line.at
    if (killedAt !== null || !kill.on.test(line.text) || ++seen < kill.n) return
    killedAt = line.at + (kill.delayMs ?? 0)
    if (kill.delayMs) setTimeout(() => c.kill('SIGKILL'), kill.delayMs)
    else c.kill('SIGKILL')
  })
  const { signal } = await child.exited
  const started = child.lines.map((l) => STARTED.exec(l.text)?.[1]).filter((t) => t !== undefined)
  const landed = new Set(child.lines.map((l) => LANDED.exec(l.text)?.[1]).filter((t) => t !== undefined))
  return {
    killed: signal === 'SIGKILL',
    started: started.length,
    landed: landed.size,
    inFlight: started.find((t) => !landed.has(t)) ?? null,
    killedAtMs: killedAt !== null && firstBuild !== null ? Math.round(killedAt - firstBuild) : null,
  }
}

/** Every hand-computed cell the answers hold: year 2024 by department, the yearly series without one. */
function compareWithHand(state: State): { cells: number; mismatches: string[] } {
  let cells = 0
  const mismatches: string[] = []
  for (const [view, rows] of Object.entries(state.hand)) {
    for (const row of rows) {
      const y = Number(row.y)
      const d = String(row.d)
      let served: Record<string, unknown> | undefined
      // y = 0: a current-state view (no date), answered without a range.
      if (d !== '' && (y === 2024 || y === 0))
        served = state.answers[`${view} by department 2024`]?.find((r) => r[`${view}.dept_code`] === d)
      else if (d === '' && y > 0)
        served = state.answers[`${view} by year`]?.find((r) =>
          String(r[`${view}.date.year`]).startsWith(`${y}`),
        )
      else if (d === '' && y === 0) served = state.answers[`${view} by year`]?.[0]
      else continue
      for (const [k, expected] of Object.entries(row)) {
        if (k === 'y' || k === 'd') continue
        cells++
        const got = served?.[`${view}.${k}`]
        const same =
          expected === null
            ? got === null || got === undefined
            : typeof got === 'number' && Math.abs(got - Number(expected)) <= 1e-9 * Math.max(1, Math.abs(got))
        if (!same) mismatches.push(`${view}.${k} ${y} ${d}: served ${got}, hand ${expected}`)
      }
    }
  }
  return { cells, mismatches }
}

/** Rows of each rollup's versions in the pre-aggregation schema. */
function rollupRows(tables: Table[]): Map<string, number[]> {
  const out = new Map<string, number[]>()
  for (const t of tables) {
    if (TEMPORARY.test(t.name)) continue
    const r = rollupOf(t.name)
    out.set(r, [...(out.get(r) ?? []), t.rows])
  }
  return out
}

type Template = 'first build' | 'rebuild after a load' | 'refresh of current rollups'

interface Case {
  label: string
  template: Template
  kill: Kill
  /** Kill the restart too, while it rebuilds; a second restart must then answer right. */
  killRestart?: Kill
}

describe('a pre-aggregation build killed with SIGKILL, then a restart', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'preagg-kill-'))
  const demo = path.join(dir, 'demo')
  const templates: Record<Template, string> = {
    // Demo data loaded, no rollup built yet: the first start after its demo load.
    'first build': path.join(dir, 'loaded'),
    // Rollups built over part of the data, then the rest loaded: the refresh after a load.
    'rebuild after a load': path.join(dir, 'partial'),
    // Every rollup current: `npm run indicators -- refresh` with nothing new.
    'refresh of current rollups': path.join(dir, 'current'),
  }
  let reference: State
  let referenceRefreshMs = 0
  const figures: Array<{ case: string } & Record<string, string | number | boolean | null>> = []
  const notes: string[] = []

  beforeAll(async () => {
    await tsx(['etl/demo/cli.ts', '--scale', SCALE, '--out', demo], path.join(dir, 'scratch'))
    await helper(['load', demo], templates['first build'])
    const later = 'service_applications,hotline_tickets'
    const partial = templates['rebuild after a load']
    await helper(['load', demo, '--skip', later], partial)
    await tsx(['semantic-layer/cli/indicators.cli.ts', 'refresh'], partial)
    await helper(['load', demo, '--only', later], partial)

    // The reference: the same data, a build never killed.
    const refDir = path.join(dir, 'reference')
    fs.cpSync(templates['first build'], refDir, { recursive: true })
    const t0 = performance.now()
    const out = await tsx(['semantic-layer/cli/indicators.cli.ts', 'refresh'], refDir)
    referenceRefreshMs = performance.now() - t0
    expect(out).toContain(`rebuilt ${ROLLUPS} pre-aggregations`)
    fs.cpSync(refDir, templates['refresh of current rollups'], { recursive: true })
    reference = await stateOf(refDir)
  }, 600_000)
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

  it('the reference: rollups answer as the source tables and the hand-written SQL do', () => {
    expect(reference.answers).toEqual(reference.source)
    const hand = compareWithHand(reference)
    expect(hand.mismatches).toEqual([])
    expect(hand.cells).toBeGreaterThan(200)
    // Every rollup serves some query, so a bad one cannot hide.
    expect(new Set(Object.values(reference.used).flat()).size).toBe(ROLLUPS)
    expect(rollupRows(reference.tablesAfter).size).toBe(ROLLUPS)
    expect(reference.facts.service_applications).toBeGreaterThan(100_000)
    notes.push(
      `scale ${SCALE}: ${Object.entries(reference.facts)
        .map(([t, n]) => `${t} ${n}`)
        .join(', ')}`,
      `reference: uninterrupted refresh ${(referenceRefreshMs / 1000).toFixed(1)} s (process); a restart with current rollups: model compiled ${reference.readyMs} ms after the process start, first scorecard ${reference.firstAnswerMs} ms later, all ${Object.keys(reference.answers).length} queries ${reference.answersMs} ms; ${hand.cells} cells also checked against hand-written SQL`,
    )
  })

  it('after a kill at any point of the build, the restart serves exactly the reference values', async () => {
    const cases: Case[] = [
      { label: 'first build: kill as build 1 starts', template: 'first build', kill: { on: STARTED, n: 1 } },
      {
        label: 'first build: kill 30 ms into service_applications_kpis_by_month',
        template: 'first build',
        kill: { on: startedOf('service_applications_kpis_by_month'), n: 1, delayMs: 30 },
      },
      { label: 'first build: kill as build 12 lands', template: 'first build', kill: { on: LANDED, n: 12 } },
      {
        label: 'rebuild after a load: kill as build 2 starts',
        template: 'rebuild after a load',
        kill: { on: STARTED, n: 2 },
      },
      {
        label: 'rebuild after a load: kill 30 ms into hotline_tickets_kpis_by_month',
        template: 'rebuild after a load',
        kill: { on: startedOf('hotline_tickets_kpis_by_month'), n: 1, delayMs: 30 },
      },
      {
        label: 'rebuild after a load: kill as build 16 lands',
        template: 'rebuild after a load',
        kill: { on: LANDED, n: 16 },
      },
      {
        label: 'rebuild after a load: kill 800 ms after the first build starts',
        template: 'rebuild after a load',
        kill: { on: STARTED, n: 1, delayMs: 800 },
      },
      {
        label: 'rebuild after a load: kill 30 ms into build 5, then the restart 30 ms into its build 3',
        template: 'rebuild after a load',
        kill: { on: STARTED, n: 5, delayMs: 30 },
        killRestart: { on: STARTED, n: 3, delayMs: 30 },
      },
      {
        label: 'refresh of current rollups: kill 30 ms into service_items_month_states',
        template: 'refresh of current rollups',
        kill: { on: startedOf('service_items_month_states'), n: 1, delayMs: 30 },
      },
    ]

    let inside = 0
    let withTemporary = 0
    for (const [i, c] of cases.entries()) {
      const dataDir = path.join(dir, `killed-${i}`)
      fs.cpSync(templates[c.template], dataDir, { recursive: true })
      const k = await killAt(['semantic-layer/cli/indicators.cli.ts', 'refresh'], dataDir, c.kill)
      if (k.killed && k.landed < ROLLUPS) inside++
      const restartKill = c.killRestart
        ? await killAt(
            ['semantic-layer/testing/preagg-kill.cli.ts', 'state', '--no-source'],
            dataDir,
            c.killRestart,
          )
        : undefined

      // The restart; with nothing to rebuild, also the next refresh (which drops leftovers).
      const nothingToRebuild = c.template === 'refresh of current rollups'
      const s = await stateOf(dataDir, ['--no-source', ...(nothingToRebuild ? ['--refresh-after'] : [])])
      const temporary = (tables: Table[]) => tables.filter((t) => TEMPORARY.test(t.name)).map((t) => t.name)
      if (temporary(s.tablesBefore).length) withTemporary++
      const msg = c.label
      expect(s.facts, msg).toEqual(reference.facts)
      expect(s.indicators, msg).toEqual(reference.indicators)
      expect(s.answers, msg).toEqual(reference.answers)
      expect(compareWithHand(s).mismatches, msg).toEqual([])
      // The same rollups serve the same queries: nothing fell back to the source tables.
      expect(s.used, msg).toEqual(reference.used)
      // A half-filled table never carries a rollup's name, so it is never read; the next
      // build (the restart's own, or the next refresh) drops it.
      if (nothingToRebuild) expect(temporary(s.tablesAfterRefresh), msg).toEqual([])
      else expect(temporary(s.tablesAfter), msg).toEqual([])
      // Each rollup has a version as full as the reference's.
      const served = rollupRows(s.tablesAfter)
      for (const [rollup, [rows]] of rollupRows(reference.tablesAfter))
        expect(served.get(rollup), `${msg}: ${rollup}`).toContain(rows)

      const killedAt = (x: Killed) =>
        x.killed
          ? `${x.landed}/${ROLLUPS} landed${x.inFlight ? `, building ${rollupOf(x.inFlight)}` : ''}`
          : 'finished before the kill'
      figures.push({
        case: c.label,
        killedAtMs: k.killedAtMs,
        atKill: killedAt(k),
        restartKilled: restartKill ? killedAt(restartKill) : null,
        temporaryAfterKill: temporary(s.tablesBefore).length,
        temporaryAfterRestart: temporary(s.tablesAfter).length,
        rebuiltOnRestart: s.tablesAfter.filter((t) => !s.tablesBefore.some((b) => b.name === t.name)).length,
        readyMs: s.readyMs,
        firstAnswerMs: s.firstAnswerMs,
        allAnswersMs: s.answersMs,
        recoverMs: s.answersMs - reference.answersMs,
        equal: true,
      })
    }
    // The kills must have landed inside the build, some while a table was being filled.
    expect(inside).toBeGreaterThanOrEqual(cases.length - 1)
    expect(withTemporary).toBeGreaterThan(0)
    notes.push(
      `${inside}/${cases.length} kills landed inside the build; ${withTemporary} left a half-filled _tmp_replace_ table (CREATE OR REPLACE fills one, then swaps it in)`,
      "readyMs: restarted process start → model compiled; firstAnswerMs / allAnswersMs: from then to the first scorecard / to every query answered (missing or stale rollups are rebuilt before they answer); recoverMs: allAnswersMs minus the reference restart's (the rebuild the kill cost; at this scale within ±1 s of run-to-run noise, so it can be negative)",
      'equal: facts (count FINAL), 3 scorecards, every query, hand-written SQL and rollup row counts all equal the never-killed reference',
    )
    recordFigures('kill-preaggregations', {
      suite: 'kill -9 during a pre-aggregation build',
      rows: figures,
      notes,
    })
    console.log(
      figures
        .map(
          (f) =>
            `${f.case}: ${f.atKill}, ${f.temporaryAfterKill} temporary → rebuilt ${f.rebuiltOnRestart}, first answer ${f.firstAnswerMs} ms`,
        )
        .join('\n'),
    )
  }, 420_000)
})
