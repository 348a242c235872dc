import { type ChildProcess, execFile, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { onStderrLines, type TimedLine } from '../test/reliability/child-lines'
import { recordFigures } from '../test/reliability/figures'
import { splitStatements } from './ddl'
import { listMigrations, MIGRATIONS_DIR } from './migrate'

/**
 * kill -9 during migrations. chDB binds one data directory per process, so every run is
 * a child process: `npm run migrate` (app/migrate.cli.ts — the same migrate() call
 * app/main.ts makes at `npm start`) is killed at chosen points of the sequence,
 * re-run, and the schema it leaves is compared with that of an uninterrupted run.
 */

const root = path.resolve(import.meta.dirname, '..')
const run = promisify(execFile)

interface Schema {
  databases: unknown[]
  tables: Array<Record<string, string>>
  columns: unknown[]
  temporary: string[]
  migrations: Array<{ version: number; name: string; checksum: string }>
}

interface Replay {
  boundaries: number
  failures: Array<{ migration: string; stoppedAfter: number; statement: number; problem: string }>
  final: Schema
}

const helper = async <T>(args: string[], dataDir: string): Promise<T> => {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', 'warehouse/migrate-kill.cli.ts', ...args],
    {
      cwd: root,
      env: { ...process.env, DATA_DIR: dataDir },
      maxBuffer: 64 << 20,
    },
  )
  return JSON.parse(stdout) as T
}
const schemaOf = (dataDir: string) => helper<Schema>(['schema'], dataDir)

type Line = TimedLine

interface MigrateRun {
  child: ChildProcess
  lines: Line[]
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>
}

/** `npm run migrate` with per-statement progress on stderr (LOG_LEVEL=debug). */
function startMigrate(dataDir: string, onLine: (line: Line, run: MigrateRun) => void = () => {}): MigrateRun {
  const started = performance.now()
  const child = spawn(process.execPath, ['--import', 'tsx', 'app/migrate.cli.ts'], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'debug' },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  const self: MigrateRun = {
    child,
    lines: [],
    // Listen from the start: the run may finish before the kill is sent.
    exited: new Promise((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal, ms: performance.now() - started })),
    ),
  }
  onStderrLines(child, started, (line) => {
    self.lines.push(line)
    onLine(line, self)
  })
  return self
}

const PROGRESS = /\(migration (\d+) (statement (\d+)\/(\d+) applied|recorded)\)/
// The warehouse's first migration (the metadata store's migrations are logged before it).
const FIRST_APPLY = /applying migration 0001_create_etl_bookkeeping/
const FINISHED = /warehouse at migration \d+ \((\d+) applied now\)/

/** The last progress line a run wrote: how far it certainly got. */
function stoppedAfter(lines: Line[]): string {
  const last = lines.filter((l) => PROGRESS.test(l.text)).at(-1)
  if (lines.some((l) => FINISHED.test(l.text))) return 'finished'
  if (!last) return lines.some((l) => FIRST_APPLY.test(l.text)) ? 'inside 0001 statement 1' : 'before 0001'
  const m = PROGRESS.exec(last.text)!
  const v = m[1]!.padStart(4, '0')
  return m[3] ? `${v} statement ${m[3]}/${m[4]}` : `${v} recorded`
}

interface KillPoint {
  label: string
  /** Kill as soon as a line matches, after delayMs. */
  trigger: RegExp
  delayMs?: number
  /** Kill the re-run too, at this line; a third run must then finish the job. */
  secondTrigger?: RegExp
}

const statementLine = (v: number, i: number, n: number) =>
  new RegExp(`\\(migration ${v} statement ${i}/${n} applied\\)`)

describe('migrations killed with SIGKILL, then run again', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-kill-'))
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
  const figures: Array<{ case: string } & Record<string, string | number | boolean | null>> = []
  const notes: string[] = []

  it('a stop after any statement of any migration: the re-run reaches the clean schema', async () => {
    const cleanDir = path.join(dir, 'clean-replay')
    const clean = startMigrate(cleanDir)
    expect((await clean.exited).code).toBe(0)
    const reference = await schemaOf(cleanDir)

    const replay = await helper<Replay>(['replay'], path.join(dir, 'replay'))
    const statements = listMigrations().reduce((n, m) => n + splitStatements(m.text).length, 0)
    expect(replay.boundaries).toBeGreaterThanOrEqual(statements)
    expect(replay.failures).toEqual([])
    expect(replay.final).toEqual(reference)
    figures.push({
      case: `every statement boundary (${replay.boundaries}), replayed in one process`,
      trigger: 'stop after each statement',
      stoppedAfter: 'each of them',
      afterKill: 'statements so far re-run',
      recoverMs: null,
      reapplied: 'the interrupted migration',
      equal: replay.failures.length === 0,
    })

    // The check itself can fail: a migration that is not idempotent is caught.
    const bad = path.join(dir, 'bad-migrations')
    fs.mkdirSync(bad)
    for (const m of listMigrations())
      fs.copyFileSync(path.join(MIGRATIONS_DIR, m.file), path.join(bad, m.file))
    fs.writeFileSync(
      path.join(bad, '0099_add_note.sql'),
      "ALTER TABLE regions ADD COLUMN note String DEFAULT '';\nALTER TABLE regions ADD COLUMN IF NOT EXISTS note2 String DEFAULT '';\n",
    )
    const caught = await helper<Replay>(['replay', bad], path.join(dir, 'replay-bad'))
    expect(caught.failures[0]).toMatchObject({
      migration: '0099_add_note.sql',
      stoppedAfter: 1,
      statement: 1,
    })
    expect(caught.failures.every((f) => f.migration === '0099_add_note.sql' && f.statement !== 2)).toBe(true)
  }, 120_000)

  it('kill -9 at points inside `npm run migrate`, then a re-run: same schema and versions as a clean run', async () => {
    const cleanDir = path.join(dir, 'clean')
    const clean = startMigrate(cleanDir)
    const cleanExit = await clean.exited
    expect(cleanExit.code).toBe(0)
    const reference = await schemaOf(cleanDir)
    const versions = listMigrations().map((m) => m.version)
    expect(reference.migrations.map((m) => m.version)).toEqual(versions)
    expect(reference.temporary).toEqual([])
    const firstApply = clean.lines.find((l) => FIRST_APPLY.test(l.text))!.at
    const finished = clean.lines.find((l) => FINISHED.test(l.text))!.at
    notes.push(
      `clean run: ${versions.length} migrations, ${reference.tables.length} tables; process ${cleanExit.ms.toFixed(0)} ms, migrations ${(finished - firstApply).toFixed(0)} ms from the first one`,
    )

    const points: KillPoint[] = [
      { label: 'after 0001 statement 1/2', trigger: statementLine(1, 1, 2) },
      { label: 'after 0002 statement 2/4', trigger: statementLine(2, 2, 4) },
      { label: 'after 0003 statement 3/5', trigger: statementLine(3, 3, 5) },
      { label: 'after 0003 statement 5/5 (DDL done, not recorded)', trigger: statementLine(3, 5, 5) },
      { label: 'after 0005 recorded', trigger: /\(migration 5 recorded\)/ },
      { label: 'after 0007 statement 1/1 (last DDL, not recorded)', trigger: statementLine(7, 1, 1) },
      {
        label: 'after 0002 statement 1/4, re-run killed after 0003 statement 2/5',
        trigger: statementLine(2, 1, 4),
        secondTrigger: statementLine(3, 2, 5),
      },
      // Timed kills land wherever the run is: inside a statement, between two, in the INSERT.
      ...[3, 15, 40, 70, 110].map((ms) => ({
        label: `${ms} ms after "applying 0001"`,
        trigger: FIRST_APPLY,
        delayMs: ms,
      })),
    ]

    const killRun = async (dataDir: string, trigger: RegExp, delayMs = 0) => {
      let killedAt: number | null = null
      let firstAt: number | null = null
      const r = startMigrate(dataDir, (line, self) => {
        if (firstAt === null && FIRST_APPLY.test(line.text)) firstAt = line.at
        if (killedAt !== null || !trigger.test(line.text)) return
        killedAt = line.at + delayMs
        const kill = () => self.child.kill('SIGKILL')
        if (delayMs) setTimeout(kill, delayMs)
        else kill()
      })
      const exit = await r.exited
      return {
        lines: r.lines,
        killed: exit.signal === 'SIGKILL',
        sinceFirst: killedAt !== null && firstAt !== null ? killedAt - firstAt : null,
      }
    }

    let midway = 0
    for (const [i, p] of points.entries()) {
      const dataDir = path.join(dir, `killed-${i}`)
      const first = await killRun(dataDir, p.trigger, p.delayMs)
      const where = [first.killed ? stoppedAfter(first.lines) : 'finished before the kill']
      if (p.secondTrigger) {
        const second = await killRun(dataDir, p.secondTrigger)
        where.push(`re-run: ${second.killed ? stoppedAfter(second.lines) : 'finished before the kill'}`)
      }
      const afterKill = await schemaOf(dataDir)
      const recorded = afterKill.migrations.map((m) => m.version)
      const incomplete = recorded.length < versions.length
      if (first.killed && incomplete) midway++

      // The restart: a plain run, as `npm start` migrates before serving.
      const rerun = startMigrate(dataDir)
      const rerunExit = await rerun.exited
      expect(
        rerunExit.code,
        `${p.label}: the re-run fails:\n${rerun.lines.map((l) => l.text).join('\n')}`,
      ).toBe(0)
      const reapplied = rerun.lines
        .map((l) => /applying migration (\d{4})/.exec(l.text)?.[1])
        .filter((v): v is string => v !== undefined)
      // Exactly the unrecorded migrations are applied again, in order, nothing else.
      expect(reapplied.map(Number), p.label).toEqual(versions.filter((v) => !recorded.includes(v)))
      const after = await schemaOf(dataDir)
      expect(after, `${p.label}: schema after the re-run`).toEqual(reference)

      figures.push({
        case: p.label,
        trigger: p.delayMs ? `+${p.delayMs} ms` : 'at the line',
        killedAtMs: first.sinceFirst === null ? null : Math.round(first.sinceFirst),
        stoppedAfter: where.join('; '),
        afterKill: `${recorded.length ? `0001–${String(Math.max(...recorded)).padStart(4, '0')}` : 'none'} recorded; ${afterKill.tables.length}/${reference.tables.length} tables${afterKill.temporary.length ? `; ${afterKill.temporary.length} temporary` : ''}`,
        recoverMs: Math.round(rerunExit.ms),
        reapplied: reapplied.length ? `${reapplied[0]}–${reapplied.at(-1)}` : 'none',
        equal: true,
      })
    }
    // Most kills must have landed inside the sequence, or the test proved little.
    expect(midway).toBeGreaterThanOrEqual(points.length - 3)
    notes.push(`${midway}/${points.length} kills landed before the last migration was recorded`)
    notes.push(
      'recoverMs: the re-run process, start to exit (chDB start, recovery of the data directory, the remaining migrations)',
    )
    recordFigures('kill-migrations', { suite: 'kill -9 during migrations', rows: figures, notes })
    console.log(
      figures
        .map((f) => `${f.case}: ${f.stoppedAfter} → ${f.afterKill} → re-applied ${f.reapplied}`)
        .join('\n'),
    )
  }, 180_000)
})
