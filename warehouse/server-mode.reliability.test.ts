import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { createClient } from '@clickhouse/client'
import { afterAll, describe, expect, it } from 'vitest'
import { FIGURES_DIR, recordFigures } from '../test/reliability/figures'
import { WAREHOUSE_UNAVAILABLE } from './availability'
import { listMigrations } from './migrate'
import { type StandinProcess, spawnStandin } from './testing/http-standin.process'

/**
 * Server mode (CLICKHOUSE_URL) when ClickHouse goes away and comes back: the real app
 * (`node --import tsx app/main.ts`, a child process) against a ClickHouse it reaches
 * over HTTP, which is SIGKILLed, SIGSTOPped and restarted on the same data and port.
 *
 * THE CLICKHOUSE HERE IS A LOCAL STAND-IN, NOT clickhouse-server: no real server can run
 * where this suite runs (no containers; the distribution's package is from 2018, too old for
 * our schema). warehouse/testing/http-standin.ts runs the REAL ClickHouse engine (chDB) in
 * its own process and data directory behind a reimplementation of the HTTP interface. So
 * this measures the app's side — detection, errors, retries, recovery — and the engine's
 * restart on its data; how a real server's own start-up, HTTP layer and network behave
 * (slower restarts, half-open connections, load balancers) is not measured.
 */

const root = path.resolve(import.meta.dirname, '..')
const CH_USER = 'scorecard'
const CH_PASSWORD = 'ch-Secret-7f3a'
const DEMO_PASSWORD = 'Demo-pass-2025'
const ADMIN_PASSWORD = 'Root-pass-2025'
const LATEST_MIGRATION = Math.max(...listMigrations().map((m) => m.version))

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const round = (ms: number) => Math.round(ms)

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = performance.now() + timeoutMs
  for (;;) {
    const v = await probe().catch(() => undefined)
    if (v !== undefined) return v
    if (performance.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`)
    await sleep(50)
  }
}

async function freePort(): Promise<number> {
  const srv = net.createServer()
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r))
  const port = (srv.address() as net.AddressInfo).port
  await new Promise((r) => srv.close(r))
  return port
}

interface App {
  url: string
  child: ChildProcess
  output(): string
  /** Output lines since `mark()` was called (the outage's log). */
  since(mark: number): string[]
  mark(): number
  stop(): Promise<number | null>
}

async function startApp(env: Record<string, string>): Promise<App> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'app/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout!.on('data', (c: Buffer) => {
    out += c.toString()
  })
  child.stderr!.on('data', (c: Buffer) => {
    out += c.toString()
  })
  const url = await waitFor('app listening', 60_000, async () => {
    if (child.exitCode !== null) throw new Error(`app exited with ${child.exitCode}:\n${out}`)
    return /已启动: http:\/\/localhost:(\d+)/.exec(out)?.[1]
  }).then((port) => `http://127.0.0.1:${port}`)
  return {
    url,
    child,
    output: () => out,
    mark: () => out.length,
    since: (mark) => out.slice(mark).split('\n').filter(Boolean),
    stop: async () => {
      if (child.exitCode !== null) return child.exitCode
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)))
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
      const code = await exited
      clearTimeout(timer)
      return code
    },
  }
}

interface Health {
  status: string
  warehouse: {
    state: string
    reachable: boolean
    ready: boolean
    migrationVersion: number | null
    error?: string
  }
  data?: { state: string; message: string }
}

async function health(app: App): Promise<{ status: number; body: Health; ms: number }> {
  const t = performance.now()
  const res = await fetch(`${app.url}/healthz`)
  return { status: res.status, body: (await res.json()) as Health, ms: performance.now() - t }
}

const cookieOf = (res: Response, name: string) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith(`${name}=`))
    ?.slice(name.length + 1) ?? ''

async function csrf(app: App): Promise<string> {
  return cookieOf(await fetch(`${app.url}/healthz`), 'ps_csrf')
}

interface TrpcAnswer {
  status: number
  ms: number
  body: { result?: { data: unknown }; error?: { message: string; data?: { code?: string } } }
}

async function signIn(
  app: App,
  username: string,
  password: string,
): Promise<TrpcAnswer & { headers: Record<string, string> }> {
  const token = await csrf(app)
  const t = performance.now()
  const res = await fetch(`${app.url}/trpc/auth.signIn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: `ps_csrf=${token}`, 'x-csrf-token': token },
    body: JSON.stringify({ username, password }),
  })
  const body = (await res.json()) as TrpcAnswer['body']
  return {
    status: res.status,
    ms: performance.now() - t,
    body,
    headers: { cookie: `ps_csrf=${token}; ps_session=${cookieOf(res, 'ps_session')}`, 'x-csrf-token': token },
  }
}

async function trpcGet(
  app: App,
  headers: Record<string, string>,
  proc: string,
  input: unknown,
): Promise<TrpcAnswer> {
  const t = performance.now()
  const res = await fetch(`${app.url}/trpc/${proc}?input=${encodeURIComponent(JSON.stringify(input))}`, {
    headers,
  })
  return { status: res.status, body: (await res.json()) as TrpcAnswer['body'], ms: performance.now() - t }
}

/** The numbers of a scorecard, without what legitimately moves (freshness stamps). */
function scorecardValues(body: TrpcAnswer['body']): unknown {
  const data = body.result?.data as { indicators: Array<Record<string, unknown>> }
  return data.indicators.map(({ data_as_of: _, ...rest }) => rest)
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'scorecard-server-mode-'))
const cleanups: Array<() => Promise<unknown>> = []
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {})
  fs.rmSync(tmp, { recursive: true, force: true })
})

/** The app's and the stand-in's output, kept beside the figures for whoever reads them. */
function keepLog(name: string, text: string): void {
  const dir = path.join(FIGURES_DIR, 'server-mode-logs')
  fs.mkdirSync(dir, { recursive: true })
  fs.writeFileSync(path.join(dir, name), text)
}

const figures: Array<{ case: string } & Record<string, string | number | boolean | null>> = []
const notes = [
  'ClickHouse is a local stand-in: the real engine (chDB) behind a reimplementation of the HTTP interface, not clickhouse-server.',
  'Kill = SIGKILL of the stand-in process; back = a new process on the same data directory and port.',
]

describe('server mode: ClickHouse unreachable, then back (stand-in, see top of file)', () => {
  it('serves, says clearly that ClickHouse is down, refuses fast, and recovers without a restart', async () => {
    const chDir = path.join(tmp, 'ch-1')
    const appDir = path.join(tmp, 'app-1')
    const dropDir = path.join(tmp, 'drop')
    fs.mkdirSync(chDir, { recursive: true })
    const sourcesFile = path.join(tmp, 'sources.yml')
    // A drop folder polled every 2 s: shows what the scheduler does while ClickHouse is gone.
    fs.writeFileSync(
      sourcesFile,
      `sources:\n  - name: drop\n    type: folder\n    dataset: regions\n    path: ${dropDir}\n    schedule: "*/2 * * * * *"\n    retries: 1\n    retry_delay_ms: 300\n    settle_ms: 500\n`,
    )
    const ch: StandinProcess = await spawnStandin({ dataDir: chDir, user: CH_USER, password: CH_PASSWORD })
    cleanups.push(() => ch.stop())
    const started = performance.now()
    const app = await startApp({
      CLICKHOUSE_URL: ch.url,
      CLICKHOUSE_USER: CH_USER,
      CLICKHOUSE_PASSWORD: CH_PASSWORD,
      DATA_DIR: appDir,
      DEMO_DATA: 'auto',
      DEMO_SCALE: '0.01',
      DEMO_PASSWORD,
      SOURCES_FILE: sourcesFile,
    })
    cleanups.push(() => app.stop())
    await waitFor('demo data ready', 150_000, async () => {
      const h = await health(app)
      if (h.body.data?.state === 'failed') throw new Error(`bootstrap failed: ${app.output()}`)
      return h.status === 200 && h.body.data?.state === 'ready' ? h : undefined
    })
    const readyMs = performance.now() - started

    const leader = await signIn(app, 'leader', DEMO_PASSWORD)
    expect(leader.status).toBe(200)
    const scope = { year: 2025 }
    const before = await trpcGet(app, leader.headers, 'scorecard.get', scope)
    expect(before.status).toBe(200)
    const values = scorecardValues(before.body)
    expect((values as unknown[]).length).toBeGreaterThan(10)

    // ---- ClickHouse down -------------------------------------------------------------
    const outageLog = app.mark()
    const killedAt = performance.now()
    await ch.kill()
    const down = await waitFor('healthz 503', 10_000, async () => {
      const h = await health(app)
      return h.status === 503 ? h : undefined
    })
    const detectMs = performance.now() - killedAt
    expect(down.body.status).toBe('degraded')
    expect(down.body.warehouse.reachable).toBe(false)
    expect(down.body.warehouse.state).toBe('unreachable')
    expect(down.body.warehouse.error).toContain(`数据仓库无法连接 (ClickHouse unreachable at ${ch.url})`)
    expect(down.body.warehouse.error).toMatch(/ECONNREFUSED|ECONNRESET|socket hang up/)
    expect(JSON.stringify(down.body)).not.toContain(CH_PASSWORD)
    expect(JSON.stringify(down.body)).not.toContain(`${CH_USER}:`)

    // Signed-in calls that need the warehouse (a year not asked for before, so no cached
    // answer) are refused; signing in still works: accounts and sessions live in PostgreSQL.
    const refused: TrpcAnswer[] = []
    for (let i = 0; i < 10; i++)
      refused.push(await trpcGet(app, leader.headers, 'scorecard.get', { year: 2023 }))
    const signInDown = await signIn(app, 'leader', DEMO_PASSWORD)
    expect(signInDown.status).toBe(200)
    for (const r of refused) {
      expect(r.status).toBe(503)
      expect(r.body.error?.message).toBe(WAREHOUSE_UNAVAILABLE)
      expect(r.body.error?.data?.code).toBe('SERVICE_UNAVAILABLE')
    }
    const healthDown = await Promise.all(Array.from({ length: 5 }, () => health(app)))
    expect(healthDown.every((h) => h.status === 503)).toBe(true)

    // A file dropped while ClickHouse is gone: the scheduler fails, retries, leaves it in place.
    fs.mkdirSync(dropDir, { recursive: true })
    const dropped = path.join(dropDir, 'regions-extra.csv')
    fs.writeFileSync(
      dropped,
      '区划代码,区划名称,层级,上级区划代码,已接入政务外网,更新时间\n990000,测试区,区县,,是,2024-01-01 00:00:00\n',
    )
    fs.utimesSync(dropped, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000))
    await waitFor('scheduler reports the failed run', 15_000, async () =>
      /source drop failed after 2 attempt\(s\)/.test(app.output().slice(outageLog)) ? true : undefined,
    )
    expect(fs.existsSync(dropped)).toBe(true)
    expect(app.child.exitCode).toBeNull()
    const outageLines = app.since(outageLog)

    // ---- ClickHouse back ---------------------------------------------------------------
    const restartAt = performance.now()
    await ch.restart()
    const listeningMs = performance.now() - restartAt
    const up = await waitFor('healthz 200', 30_000, async () => {
      const h = await health(app)
      return h.status === 200 ? h : undefined
    })
    const healthBackMs = performance.now() - restartAt
    expect(up.body.warehouse).toMatchObject({
      reachable: true,
      ready: true,
      migrationVersion: LATEST_MIGRATION,
    })
    // A scope never asked before cannot come from the result cache: Cube's driver reconnected.
    const fresh = await waitFor('uncached scorecard answers', 30_000, async () => {
      const r = await trpcGet(app, leader.headers, 'scorecard.get', { year: 2023 })
      return r.status === 200 ? r : undefined
    })
    const queryBackMs = performance.now() - restartAt
    expect((scorecardValues(fresh.body) as unknown[]).length).toBe((values as unknown[]).length)
    const after = await trpcGet(app, leader.headers, 'scorecard.get', scope)
    expect(after.status).toBe(200)
    expect(scorecardValues(after.body)).toEqual(values)
    // The same session still works: sessions live in ClickHouse, which kept its data.
    expect((await trpcGet(app, leader.headers, 'auth.me', {})).body.result?.data).toMatchObject({
      username: 'leader',
    })

    // The scheduler's next tick loads the file it could not load before, and records the run.
    await waitFor('dropped file loaded', 30_000, async () =>
      fs.existsSync(path.join(dropDir, 'processed', 'regions-extra.csv')) ? true : undefined,
    )
    const etlBackMs = performance.now() - restartAt
    const probe = createClient({ url: ch.url, username: CH_USER, password: CH_PASSWORD })
    const runs = await (
      await probe.query({
        query: `SELECT toString(status) AS status, accepted FROM load_runs FINAL
                WHERE source = 'drop' ORDER BY started_at`,
        format: 'JSONEachRow',
      })
    ).json<{ status: string; accepted: string | number }>()
    await probe.close()
    expect(runs.map((r) => ({ status: r.status, accepted: Number(r.accepted) }))).toEqual([
      { status: 'succeeded', accepted: 1 },
    ])
    // That load emptied the result cache (afterLoad): the same scorecard, recomputed through
    // Cube on the restarted ClickHouse, has the same numbers (the file adds an unrelated district).
    await sleep(300)
    const recomputed = await trpcGet(app, leader.headers, 'scorecard.get', scope)
    expect(recomputed.status).toBe(200)
    expect(scorecardValues(recomputed.body)).toEqual(values)

    // ---- ClickHouse hung (SIGSTOP): accepts connections, answers nothing ---------------
    process.kill(ch.pid!, 'SIGSTOP')
    const hungAt = performance.now()
    const hung = await health(app)
    const hungMs = performance.now() - hungAt
    process.kill(ch.pid!, 'SIGCONT')
    expect(hung.status).toBe(503)
    // Not "busy": a busy server still answers /ping, a stopped one answers nothing.
    expect(hung.body.warehouse.state).toBe('unreachable')
    expect(hung.body.warehouse.error).toMatch(/数据仓库无法连接 .*no answer within 5000 ms/)
    await waitFor('healthz 200 after SIGCONT', 15_000, async () =>
      (await health(app)).status === 200 ? true : undefined,
    )

    expect(await app.stop()).toBe(0)
    keepLog('kill-and-back.app.log', app.output())
    expect(app.output()).not.toContain(CH_PASSWORD)
    keepLog('kill-and-back.clickhouse-standin.log', ch.output())
    // Not one line per refused request or per healthz probe: the outage is logged per window.
    const unreachableLines = outageLines.filter((l) => /unreachable|ECONNREFUSED|无法连接/.test(l))
    expect(unreachableLines.length).toBeLessThanOrEqual(12)

    figures.push(
      { case: 'app ready (demo scale 0.01, through the stand-in)', ms: round(readyMs) },
      { case: 'kill → /healthz 503 (time to detect)', ms: round(detectMs) },
      { case: '/healthz while down (5 probes, median)', ms: round(median(healthDown.map((h) => h.ms))) },
      {
        case: 'scorecard.get while down → 503 (10 calls)',
        ms: round(median(refused.map((r) => r.ms))),
        max_ms: round(Math.max(...refused.map((r) => r.ms))),
      },
      { case: 'auth.signIn while down → 200', ms: round(signInDown.ms) },
      { case: 'restart → stand-in listening', ms: round(listeningMs) },
      { case: 'restart → /healthz 200 (time to recover)', ms: round(healthBackMs) },
      { case: 'restart → scorecard.get of an uncached scope 200 (Cube reconnected)', ms: round(queryBackMs) },
      { case: 'restart → file dropped while down is loaded', ms: round(etlBackMs) },
      { case: 'SIGSTOP → /healthz 503 (hung server)', ms: round(hungMs) },
      {
        case: 'log lines during the outage (mentioning it / all)',
        lines: unreachableLines.length,
        all_lines: outageLines.length,
      },
    )
  }, 280_000)

  it('starts while ClickHouse is down, says so, and becomes ready when it comes up', async () => {
    const port = await freePort()
    const chUrl = `http://127.0.0.1:${port}`
    const chDir = path.join(tmp, 'ch-2')
    fs.mkdirSync(chDir, { recursive: true })
    const spawnedAt = performance.now()
    const app = await startApp({
      CLICKHOUSE_URL: chUrl,
      CLICKHOUSE_USER: CH_USER,
      CLICKHOUSE_PASSWORD: CH_PASSWORD,
      DATA_DIR: path.join(tmp, 'app-2'),
      DEMO_DATA: 'off',
      ADMIN_PASSWORD,
    })
    cleanups.push(() => app.stop())
    const listeningMs = performance.now() - spawnedAt
    const mark = app.mark()

    const down = await health(app)
    expect(down.status).toBe(503)
    expect(down.body.warehouse.error).toContain(`数据仓库无法连接 (ClickHouse unreachable at ${chUrl})`)
    expect(down.body.data?.state).toBe('waiting_warehouse')
    expect(down.body.data?.message).toContain(`ClickHouse unreachable at ${chUrl}`)
    // The first admin is created after the warehouse is set up (an older version's accounts
    // are imported from it first), so until then there is no such account: a plain 401.
    const signInDown = await signIn(app, 'admin', ADMIN_PASSWORD)
    expect(signInDown.status).toBe(401)
    // Several retries (1 s, 2 s, 4 s…) pass; the log says so once, not once per attempt.
    await sleep(4000)
    expect(app.child.exitCode).toBeNull()
    const waitingLines = app.since(mark).filter((l) => /unreachable|无法连接/.test(l))
    expect(waitingLines.length).toBeLessThanOrEqual(2)

    const upAt = performance.now()
    const ch = await spawnStandin({ dataDir: chDir, port, user: CH_USER, password: CH_PASSWORD })
    cleanups.push(() => ch.stop())
    const ready = await waitFor('ready after ClickHouse came up', 30_000, async () => {
      const h = await health(app)
      return h.status === 200 && h.body.data?.state === 'ready' ? h : undefined
    })
    const readyMs = performance.now() - upAt
    // Migrated on arrival, and the first admin created with ADMIN_PASSWORD.
    expect(ready.body.warehouse).toMatchObject({ ready: true, migrationVersion: LATEST_MIGRATION })
    const admin = await signIn(app, 'admin', ADMIN_PASSWORD)
    expect(admin.status).toBe(200)
    expect(app.output()).toMatch(/数据仓库已连接，启动工作完成/)
    expect(await app.stop()).toBe(0)
    await ch.stop()
    keepLog('start-while-down.app.log', app.output())
    expect(app.output()).not.toContain(CH_PASSWORD)

    figures.push(
      { case: 'start while down → app listening', ms: round(listeningMs) },
      { case: 'start while down → auth.signIn 401 (no admin yet)', ms: round(signInDown.ms) },
      { case: 'ClickHouse up → migrated, /healthz 200, ready', ms: round(readyMs) },
      { case: 'log lines while waiting ≥ 4 s (mentioning it)', lines: waitingLines.length },
    )
    recordFigures('server-mode', {
      suite: 'server mode: ClickHouse down and back (stand-in)',
      rows: figures,
      notes,
    })
  }, 120_000)
})
