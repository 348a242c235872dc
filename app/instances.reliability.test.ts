import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { type ClickHouseClient, createClient } from '@clickhouse/client'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Cell, writeCsv } from '../etl/testing/files'
import { ticketHeaders } from '../etl/testing/fixtures'
import { type MetaStore, openMetaStore } from '../meta/store'
import { createDatabase, type PgServer, pgServerAvailable, startPgServer } from '../meta/testing/pg-server'
import { FIGURES_DIR, recordFigures } from '../test/reliability/figures'
import { type StandinProcess, spawnStandin } from '../warehouse/testing/http-standin.process'
import { httpClient, type Jar } from '../web/server/http.testing'
import { ETL_LEASE } from './etl-worker'

/**
 * Two app instances behind an imaginary load balancer: two real `node --import tsx
 * app/main.ts` processes on 127.0.0.1, each with its own DATA_DIR, sharing ONE PostgreSQL
 * server database (DATABASE_URL: sessions, throttles, leases, audit) and ONE ClickHouse
 * reached over HTTP (CLICKHOUSE_URL). Both start at the same moment, as a deployment's
 * replicas do, with the same SOURCES_FILE (a drop folder polled every 2 s).
 *
 * THE CLICKHOUSE HERE IS A LOCAL STAND-IN, NOT clickhouse-server (see
 * warehouse/testing/http-standin.ts): the real engine (chDB) in its own process behind a
 * reimplementation of the HTTP interface, on the same machine as both apps — so a load's
 * `file()` reads the app's temporary files, which a real remote server could not.
 * PostgreSQL is real (Debian's 15, meta/testing/pg-server.ts).
 *
 * What is checked: the first admin (both instances reach its check at the same moment), the
 * demo load and the demo accounts happen once; a session made on one instance works on the
 * other, mutations included (the CSRF key is shared); sign-out and sign-in throttling count
 * across instances; a scheduled source fires once per file; after a load on one instance, what
 * the other one answers (its result cache: a known bug, 4b; the rollups it reads); after a
 * SIGKILL of the instance holding the ETL lease mid-load, the other takes the work over once
 * the lease lapses (ttl 60 s, app/etl-worker.ts), recovers the interrupted run (whose start
 * time moves: a known bug, 5b) and loads the file once; the killed instance rejoins, and after
 * a SIGTERM of the lease holder mid-load the other takes over within seconds.
 *
 * `it.fails` marks a known bug: it turns red the day the bug is fixed; then make it an `it`.
 */

const root = path.resolve(import.meta.dirname, '..')
const CH_USER = 'scorecard'
const CH_PASSWORD = 'ch-Instances-5q2w'
// Must pass the password policy for the username 'admin' (so it may not contain "admin").
const ADMIN_PASSWORD = 'Root-pass-2026x'
const DEMO_PASSWORD = 'Demo-pass-2026y'
const DEMO_SCALE = '0.01'
/** The ETL lease's ttl in app/etl-worker.ts (not exported): a crashed holder's lease lapses after it. */
const ETL_LEASE_TTL_MS = 60_000
const BIG_ROWS = 300_000

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const round = (ms: number) => Math.round(ms)
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!
}

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = performance.now() + timeoutMs
  let lastError: unknown
  for (;;) {
    const v = await probe().catch((err: unknown) => {
      lastError = err
      return undefined
    })
    if (v !== undefined) return v
    if (performance.now() > deadline)
      throw new Error(`${what}: not within ${timeoutMs} ms${lastError ? ` (last error: ${lastError})` : ''}`)
    await sleep(100)
  }
}

interface App {
  name: string
  url: string
  child: ChildProcess
  pid: number
  web: ReturnType<typeof httpClient>
  output(): string
  /** ms from spawn to listening. */
  listeningMs: number
  stop(): Promise<number | null>
}

class StartupCrash extends Error {
  constructor(
    readonly app: string,
    message: string,
  ) {
    super(message)
  }
}

/** Spawns an app: its output at once, the App once it listens. */
function spawnApp(
  name: string,
  env: Record<string, string>,
): { child: ChildProcess; output: () => string; listening: Promise<App> } {
  const spawnedAt = performance.now()
  const child = spawn(process.execPath, ['--import', 'tsx', 'app/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout!.on('data', (c: Buffer) => {
    out += c.toString()
  })
  child.stderr!.on('data', (c: Buffer) => {
    out += c.toString()
  })
  const output = () => out
  const listening = (async () => {
    const deadline = performance.now() + 120_000
    for (;;) {
      const port = /已启动: http:\/\/localhost:(\d+)/.exec(out)?.[1]
      if (port) return port
      // Exited before listening: at once, not after the deadline.
      if (child.exitCode !== null || child.signalCode !== null)
        throw new StartupCrash(name, `${name} exited with ${child.exitCode ?? child.signalCode}:\n${out}`)
      if (performance.now() > deadline) throw new Error(`${name} not listening within 120 s:\n${out}`)
      await sleep(50)
    }
  })().then((port): App => {
    const url = `http://127.0.0.1:${port}`
    return {
      name,
      url,
      child,
      pid: child.pid!,
      web: httpClient(url),
      output,
      listeningMs: performance.now() - spawnedAt,
      stop: async () => {
        if (child.exitCode !== null || child.signalCode !== null) return child.exitCode
        const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)))
        child.kill('SIGTERM')
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
        const code = await exited
        clearTimeout(timer)
        return code
      },
    }
  })
  return { child, output, listening }
}

/**
 * Makes the two instances' first-admin checks overlap for certain, as they do when replicas
 * start together (most runs here hit it without help): `users` is locked from the moment its
 * migration commits until both instances have logged "warehouse ready" (ensureFirstAdmin comes
 * next) and are waiting on a lock, or 5 s after that. Whatever either does with `users` then
 * runs at the same moment. Resolves with how many backends were waiting when it let go.
 */
async function overlapFirstAdminChecks(
  db: MetaStore['db'],
  launched: Array<{ child: ChildProcess; output: () => string }>,
): Promise<{ waiting: number; heldMs: number }> {
  const gone = () => launched.some((l) => l.child.exitCode !== null)
  await waitFor('users table', 120_000, async () => {
    if (gone()) return false
    const r = await sql<{ t: string | null }>`SELECT to_regclass('public.users')::text AS t`.execute(db)
    return r.rows[0]?.t ? true : undefined
  })
  if (gone()) return { waiting: 0, heldMs: 0 }
  return db.transaction().execute(async (trx) => {
    await sql`LOCK TABLE users IN ACCESS EXCLUSIVE MODE`.execute(trx)
    const held = performance.now()
    let bothReadyAt: number | undefined
    for (;;) {
      const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock'`.execute(db)
      const waiting = r.rows[0]!.n
      if (launched.every((l) => /warehouse ready/.test(l.output()))) bothReadyAt ??= performance.now()
      const done =
        gone() ||
        performance.now() - held > 90_000 ||
        (bothReadyAt !== undefined && (waiting >= 2 || performance.now() - bothReadyAt > 5000))
      if (done) return { waiting, heldMs: performance.now() - held }
      await sleep(20)
    }
  })
}

interface Health {
  status: string
  data?: { state: string; message: string }
}
async function health(app: App): Promise<Health> {
  return (await (await fetch(`${app.url}/healthz`)).json()) as Health
}

/** Tickets (hotline_tickets, Chinese headers) with ids `<prefix>-<n>`. */
function ticketRows(prefix: string, n: number): Cell[][] {
  return Array.from({ length: n }, (_, k) => [
    `${prefix}-${k}`,
    `2025-0${1 + (k % 9)}-1${k % 10} 09:00:00`,
    '电话',
    '投诉',
    `D0${k % 7}`,
    k % 3 ? '满意' : '未评价',
    '2025-10-01 00:00:00',
  ])
}

/** Writes a ticket file outside the folder, backdated past settle_ms, then moves it in whole. */
function dropTickets(dropDir: string, name: string, prefix: string, n: number): string {
  const staging = path.join(path.dirname(dropDir), `${name}.part`)
  writeCsv(staging, ticketHeaders('zh'), ticketRows(prefix, n))
  const old = new Date(Date.now() - 60_000)
  fs.utimesSync(staging, old, old)
  const dest = path.join(dropDir, name)
  fs.renameSync(staging, dest)
  return dest
}

interface Scorecard {
  indicators: Array<Record<string, unknown>>
}
/** A scorecard's numbers, without what legitimately differs between two asks (freshness stamps). */
const scorecardValues = (s: Scorecard) => s.indicators.map(({ data_as_of: _, ...rest }) => rest)

interface RunRow {
  run_id: string
  source: string
  dataset: string
  file: string
  status: string
  accepted: number
  error: string | null
}

describe.skipIf(!pgServerAvailable())(
  'two app instances sharing PostgreSQL and ClickHouse (stand-in)',
  () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'scorecard-instances-'))
    const dropDir = path.join(tmp, 'inbox', 'tickets')
    const cleanups: Array<() => Promise<unknown>> = []
    let pg: PgServer
    let databaseUrl: string
    let ch: StandinProcess
    let meta: MetaStore
    let probe: ClickHouseClient
    let a: App
    let b: App
    let sourcesFile: string
    let env: (name: string) => Record<string, string>
    /** Every app process started, for the logs. */
    const everyApp: Array<{ name: string; output: () => string }> = []
    const apps = () => [a, b]
    const figures: Array<{ case: string } & Record<string, string | number | boolean | null>> = []
    const notes = [
      'Two `node --import tsx app/main.ts` processes on one 2-core machine, started at the same moment, each with its own DATA_DIR.',
      'PostgreSQL: a real 15 server (meta/testing/pg-server.ts). ClickHouse: the local stand-in (chDB behind a reimplementation of the HTTP interface), not clickhouse-server.',
      `Demo data at scale ${DEMO_SCALE}; one drop-folder source (hotline_tickets) on a */2-second cron in both instances.`,
    ]

    const runs = async (where: string, params: Record<string, unknown> = {}): Promise<RunRow[]> => {
      const rs = await probe.query({
        query: `SELECT run_id, source, dataset, file, toString(status) AS status, accepted, error
              FROM load_runs FINAL WHERE ${where} ORDER BY started_at`,
        query_params: params,
        format: 'JSONEachRow',
      })
      return (await rs.json<RunRow>()).map((r) => ({ ...r, accepted: Number(r.accepted) }))
    }
    const auditCount = async (action: string, target?: string) => {
      let q = meta.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('action', '=', action)
      if (target !== undefined) q = q.where('target', '=', target)
      return Number((await q.executeTakeFirstOrThrow()).n)
    }
    /** The rollup tables Cube has built in ClickHouse, as one string (names change on a rebuild). */
    const rollupTables = async () => {
      const rs = await probe.query({
        query: `SELECT name FROM system.tables WHERE database = 'cube_pre_aggregations'
                AND NOT startsWith(name, '_tmp') ORDER BY name`,
        format: 'JSONEachRow',
      })
      return (await rs.json<{ name: string }>()).map((r) => r.name).join(',')
    }
    /** Explore: how many of these tickets the instance says there are (its result cache included). */
    const ticketCount = async (app: App, jar: Jar, ids: string[]) => {
      const r = await app.web.query<{ data: Array<Record<string, unknown>> }>(
        'explore.run',
        {
          measures: ['hotline_kpis.tickets'],
          filters: [{ member: 'hotline_kpis.ticket_id', operator: 'equals', values: ids }],
        },
        jar,
      )
      if (r.status !== 200) throw new Error(`explore.run on ${app.name}: ${r.status} ${r.text}`)
      return Number(r.data.data[0]?.['hotline_kpis.tickets'] ?? 0)
    }

    beforeAll(async () => {
      pg = await startPgServer()
      cleanups.push(() => pg.stop())
      databaseUrl = createDatabase(pg, 'scorecard')
      const chDir = path.join(tmp, 'clickhouse')
      fs.mkdirSync(chDir, { recursive: true })
      ch = await spawnStandin({ dataDir: chDir, user: CH_USER, password: CH_PASSWORD })
      cleanups.push(() => ch.stop())
      probe = createClient({ url: ch.url, username: CH_USER, password: CH_PASSWORD })
      cleanups.push(() => probe.close())
      meta = await openMetaStore({ dataDir: tmp, databaseUrl, maxConnections: 2 })
      cleanups.push(() => meta.close())

      fs.mkdirSync(dropDir, { recursive: true })
      sourcesFile = path.join(tmp, 'sources.yml')
      fs.writeFileSync(
        sourcesFile,
        [
          'sources:',
          '  - name: drop',
          '    type: folder',
          '    dataset: hotline_tickets',
          '    path: ./inbox/tickets',
          '    schedule: "*/2 * * * * *"',
          '    settle_ms: 500',
          '    retries: 1',
          '    retry_delay_ms: 500',
          '',
        ].join('\n'),
      )
      env = (name: string) => ({
        DATA_DIR: path.join(tmp, `app-${name}`),
        DATABASE_URL: databaseUrl,
        DATABASE_POOL_SIZE: '4',
        CLICKHOUSE_URL: ch.url,
        CLICKHOUSE_USER: CH_USER,
        CLICKHOUSE_PASSWORD: CH_PASSWORD,
        ADMIN_PASSWORD,
        DEMO_PASSWORD,
        DEMO_DATA: 'auto',
        DEMO_SCALE,
        SOURCES_FILE: sourcesFile,
      })
      // Both at once, as a deployment starts its replicas: migrations, the first admin and the
      // demo load race for real.
      const started = performance.now()
      const launched = [spawnApp('A', env('a')), spawnApp('B', env('b'))]
      everyApp.push(...launched.map((l, i) => ({ name: 'AB'[i]!, output: l.output })))
      for (const l of launched)
        cleanups.push(async () => {
          if (l.child.exitCode === null && l.child.signalCode === null) l.child.kill('SIGKILL')
        })
      const overlap = await overlapFirstAdminChecks(meta.db, launched)
      const spawned = await Promise.allSettled(launched.map((l) => l.listening))
      for (const s of spawned) if (s.status === 'fulfilled') cleanups.push(() => s.value.stop())
      // Once a race (seen 1 in ~12 runs): one instance's legacy import saw the old app-state
      // tables the other's warehouse migration 0005 had just created, and read them after its
      // 0008 dropped them (LegacyImportError, exit 1). The import and the migrations now run
      // under a lease (app/stores.ts); a crash is restarted once, for the figures, and fails.
      const crashes: string[] = []
      const ready: App[] = []
      for (const [i, s] of spawned.entries()) {
        if (s.status === 'fulfilled') {
          ready.push(s.value)
          continue
        }
        if (!(s.reason instanceof StartupCrash)) throw s.reason
        const line = launched[i]!.output()
          .split('\n')
          .find((l) => /Error/.test(l))
        crashes.push(`${s.reason.app}: ${(line ?? s.reason.message).slice(0, 300)}`)
        process.stderr.write(
          `[instances] ${s.reason.app} crashed at start-up, restarting it once:\n${s.reason.message}\n`,
        )
        const again = spawnApp(s.reason.app, env(s.reason.app.toLowerCase()))
        everyApp.push({ name: s.reason.app, output: again.output })
        const app = await again.listening
        cleanups.push(() => app.stop())
        ready.push(app)
      }
      ;[a, b] = ready as [App, App]
      figures.push({
        case: 'instances that exited at start-up (restarted once)',
        crashes: crashes.length,
        errors: crashes.join(' | '),
      })
      expect(crashes, 'an instance crashed at start-up').toEqual([])
      figures.push({
        case: 'users locked until both reached the first-admin check',
        held_ms: round(overlap.heldMs),
        backends_waiting_at_release: overlap.waiting,
      })
      for (const app of apps()) {
        await waitFor(`${app.name} ready`, 240_000, async () => {
          const h = await health(app)
          if (h.data?.state === 'failed') throw new Error(`${app.name} bootstrap failed:\n${app.output()}`)
          return h.status === 'ok' && h.data?.state === 'ready' ? true : undefined
        })
      }
      const bothReadyMs = performance.now() - started
      // The demo accounts exist once the demo load (on whichever instance did it) is done.
      await waitFor('demo accounts', 240_000, async () => {
        for (const app of apps())
          if (app.child.exitCode !== null) throw new Error(`${app.name} exited:\n${app.output()}`)
        return (await meta.db
          .selectFrom('users')
          .select('username')
          .where('username', '=', 'leader')
          .executeTakeFirst())
          ? true
          : undefined
      })
      const demoReadyMs = performance.now() - started
      figures.push(
        { case: 'instance A: spawn → listening', ms: round(a.listeningMs) },
        { case: 'instance B: spawn → listening', ms: round(b.listeningMs) },
        { case: 'both spawned at once → both /healthz ready', ms: round(bothReadyMs) },
        {
          case: `both spawned → demo data (scale ${DEMO_SCALE}) loaded and its accounts created`,
          ms: round(demoReadyMs),
        },
      )
    }, 600_000)

    afterAll(async () => {
      // Every app's output, kept beside the figures (this run's only).
      const dir = path.join(FIGURES_DIR, 'instances-logs')
      fs.rmSync(dir, { recursive: true, force: true })
      fs.mkdirSync(dir, { recursive: true })
      for (const [i, app] of everyApp.entries())
        fs.writeFileSync(path.join(dir, `${i + 1}-app-${app.name}.log`), app.output())
      for (const c of cleanups.reverse()) await c().catch(() => {})
      fs.rmSync(tmp, { recursive: true, force: true })
      if (figures.length)
        recordFigures('instances', {
          suite: 'two app instances: shared PostgreSQL and ClickHouse (stand-in)',
          rows: figures,
          notes,
        })
    }, 120_000)

    it('1. both start; the first admin, the demo load and the demo accounts happen once', async () => {
      for (const app of apps()) expect(app.child.exitCode, app.output()).toBeNull()
      const admins = await meta.db
        .selectFrom('users')
        .select(['username', 'role'])
        .where('username', '=', 'admin')
        .execute()
      expect(admins).toEqual([{ username: 'admin', role: 'admin' }])
      expect(await auditCount('demo_accounts_created'), 'demo_accounts_created audit entries').toBe(1)

      // One instance loaded the demo district, under the ETL lease; the other left it alone.
      const loaded = apps().filter((app) => /演示数据已就绪 \(demo data ready/.test(app.output()))
      expect(loaded.map((app) => app.name)).toHaveLength(1)
      const demoRuns = await runs(`source = 'demo'`)
      expect(demoRuns.length).toBeGreaterThan(3)
      expect(demoRuns.every((r) => r.status === 'succeeded')).toBe(true)
      // Each demo file once: a second demo load would have added a second run per dataset.
      expect(new Set(demoRuns.map((r) => r.dataset)).size).toBe(demoRuns.length)
      // Both migrated the same warehouse at once; each migration is recorded, none failed.
      for (const app of apps()) expect(app.output()).not.toMatch(/\bERROR\b/)

      // Both serve the same accounts.
      for (const app of apps()) {
        expect((await app.web.signIn('admin', ADMIN_PASSWORD)).res.status).toBe(200)
        expect((await app.web.signIn('leader', DEMO_PASSWORD)).res.status).toBe(200)
      }
      figures.push({ case: 'demo load done by', instance: loaded[0]!.name, demo_runs: demoRuns.length })
    }, 60_000)

    // Two instances starting together both reach ensureFirstAdmin (web/server/auth/seed.ts) at
    // the same moment (made certain above, overlapFirstAdminChecks): 'admin' is created by
    // one of them only, with one audit entry (an earlier version created it twice: the
    // second hash overwrote the first, so without ADMIN_PASSWORD one of the two passwords
    // printed "shown once" did not work).
    it('1b. the first admin is created once: one user_created audit entry', async () => {
      const created = await meta.db
        .selectFrom('audit_log')
        .select(['actor', 'action', 'target', 'at'])
        .where('action', '=', 'user_created')
        .where('target', '=', 'admin')
        .execute()
      figures.push({
        case: "'user_created admin' audit entries after a simultaneous start",
        entries: created.length,
      })
      expect(created, 'two instances both created the first admin').toHaveLength(1)
    })

    it('2. a session made on A is valid on B, mutations included', async () => {
      const jar = await a.web.session('admin', ADMIN_PASSWORD)
      const firstAt = performance.now()
      expect(await b.web.me(jar)).toMatchObject({ username: 'admin', role: 'admin' })
      const firstMs = performance.now() - firstAt
      const onA: number[] = []
      const onB: number[] = []
      for (let i = 0; i < 20; i++) {
        for (const [app, xs] of [
          [a, onA],
          [b, onB],
        ] as const) {
          const t = performance.now()
          expect((await app.web.me(jar))?.username).toBe('admin')
          xs.push(performance.now() - t)
        }
      }
      // A GET on B with A's cookies: B accepts A's CSRF token as its own (no new token issued).
      const res = await fetch(`${b.url}/trpc/auth.me`, {
        headers: { cookie: `ps_csrf=${jar.ps_csrf}; ps_session=${jar.ps_session}` },
      })
      await res.arrayBuffer()
      const reissued = res.headers.getSetCookie().some((c) => c.startsWith('ps_csrf='))
      // A mutation on B with the CSRF token A issued (a load balancer sends the page's next
      // POST wherever it likes). A throw-away session, ended by that mutation.
      const other = await a.web.session('admin', ADMIN_PASSWORD)
      const signOut = await b.web.mutate('auth.signOut', {}, other)
      figures.push(
        { case: 'auth.me on B with the session cookie from A (first call)', ms: round(firstMs) },
        {
          case: 'auth.me, 20 calls each (same session)',
          on_A_p50_ms: round(pct(onA, 50)),
          on_B_p50_ms: round(pct(onB, 50)),
          on_B_p95_ms: round(pct(onB, 95)),
        },
        {
          case: "mutation on B with A's CSRF token (auth.signOut)",
          status: signOut.status,
          csrf_token_reissued_by_B: reissued,
        },
      )
      expect(reissued, 'B re-issued the CSRF token A made: the CSRF key is not shared').toBe(false)
      expect(signOut.status, signOut.text).toBe(200)
      expect(await a.web.me(other)).toBeNull()
    }, 60_000)

    it('3. sign-out on B ends the session on A at once; sign-in throttling counts across both', async () => {
      const jar = await a.web.session('leader', DEMO_PASSWORD)
      expect((await b.web.me(jar))?.username).toBe('leader')
      const out = await b.web.mutate('auth.signOut', {}, jar)
      expect(out.status, out.text).toBe(200)
      const t = performance.now()
      expect(await a.web.me(jar)).toBeNull()
      const revokedMs = performance.now() - t
      expect(await b.web.me(jar)).toBeNull()

      // 5 wrong passwords, alternating A, B, A, B, A: each a plain 401; the 6th, on either, is 429.
      const user = 'nobody-here'
      const statuses: number[] = []
      for (let i = 0; i < 5; i++) {
        const app = i % 2 ? b : a
        statuses.push((await app.web.signIn(user, `Wrong-pass-${i}x9`)).res.status)
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401])
      const sixthB = await b.web.signIn(user, 'Wrong-pass-6x9')
      const seventhA = await a.web.signIn(user, 'Wrong-pass-7x9')
      expect(sixthB.res.status, sixthB.res.text).toBe(429)
      expect(seventhA.res.status, seventhA.res.text).toBe(429)
      // Each wrong password audited once, by whichever instance took it; the refused ones not.
      const failed = await meta.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('action', '=', 'sign_in_failed')
        .where('actor', '=', user)
        .executeTakeFirstOrThrow()
      expect(Number(failed.n)).toBe(5)
      figures.push(
        { case: 'sign-out on B → auth.me on A returns null (first call)', ms: round(revokedMs) },
        {
          case: '5 wrong passwords alternating A/B, then one on B and one on A',
          statuses: [...statuses, sixthB.res.status, seventhA.res.status].join(' '),
        },
      )
    }, 60_000)

    /** Which instance logged the start of this file's load. */
    const loaderOf = (file: string) => apps().filter((app) => app.output().includes(`drop: reading ${file}`))

    let staleAfterLoad: { loader: number; other: number } | undefined

    it('4. a scheduled source fires once per file, on one instance, with no failure logged', async () => {
      const analyst = {
        a: await a.web.session('analyst', DEMO_PASSWORD),
        b: await b.web.session('analyst', DEMO_PASSWORD),
      }
      const ids1 = ['MI4-0', 'MI4-1', 'MI4-2']
      // Asked on both before the file arrives: 0 each (and each instance caches that answer).
      expect(await ticketCount(a, analyst.a, ids1)).toBe(0)
      expect(await ticketCount(b, analyst.b, ids1)).toBe(0)
      // Both answer a scorecard from the rollups, so each engine knows the rollup versions of now.
      for (const [app, jar] of [
        [a, analyst.a],
        [b, analyst.b],
      ] as const)
        expect((await app.web.query('scorecard.get', { year: 2025 }, jar)).status).toBe(200)
      const rollupsBefore = await rollupTables()

      const fired: number[] = []
      for (const [i, name] of ['tickets-small-1.csv', 'tickets-small-2.csv'].entries()) {
        const dropped = performance.now()
        const file = dropTickets(dropDir, name, i === 0 ? 'MI4' : 'MI4b', 3)
        await waitFor(`${name} processed`, 60_000, async () =>
          fs.existsSync(path.join(dropDir, 'processed', name)) ? true : undefined,
        )
        fired.push(performance.now() - dropped)
        expect(loaderOf(name)).toHaveLength(1)
        // At once (within the other instance's minute of trusting the rollups it knows).
        if (i === 0) {
          // The instance that loaded the file empties its result cache (afterLoad); the other
          // one has no way to know, and answers from its cache what it answered before the load.
          // Asked before the second file, which the other instance may load (emptying its cache).
          const [loader, other] = loaderOf(name)[0] === a ? [a, b] : [b, a]
          const jar = (app: App) => (app === a ? analyst.a : analyst.b)
          const fresh = await waitFor('loader sees the new tickets', 20_000, async () => {
            const n = await ticketCount(loader, jar(loader), ids1)
            return n === 3 ? n : undefined
          })
          staleAfterLoad = { loader: fresh, other: await ticketCount(other, jar(other), ids1) }
          // The loader rebuilds every rollup after its load (afterLoad). Once that has landed, a
          // scope neither instance has cached: same numbers from both? The other instance keeps
          // reading the rollup version it knew for a short while (recorded; it must catch up,
          // never fail, and not rebuild the rollups a second time).
          const rebuilt = await waitFor('rollups rebuilt by the loader', 120_000, async () => {
            const now = await rollupTables()
            if (now === rollupsBefore) return undefined
            await sleep(1000)
            return (await rollupTables()) === now ? now : undefined
          })
          expect(rebuilt).not.toBe(rollupsBefore)
          const landed = performance.now()
          /** An uncached scope asked of both: same numbers? (A new as-of day each time, back from 2025-11-30.) */
          const compare = async (daysBack: number) => {
            const asOf = new Date(Date.UTC(2025, 10, 30 - daysBack)).toISOString().slice(0, 10)
            const scope = { year: 2025, asOf }
            const fromLoader = await loader.web.query<Scorecard>('scorecard.get', scope, jar(loader))
            const fromOther = await other.web.query<Scorecard>('scorecard.get', scope, jar(other))
            expect(fromLoader.status, fromLoader.text).toBe(200)
            expect(fromOther.status, fromOther.text).toBe(200)
            const l = scorecardValues(fromLoader.data)
            const o = scorecardValues(fromOther.data)
            return {
              same: JSON.stringify(l) === JSON.stringify(o),
              differ: l.filter((x, k) => JSON.stringify(x) !== JSON.stringify(o[k])).map((x) => String(x.id)),
            }
          }
          const first = await compare(0)
          // How long the other instance keeps answering uncached scopes from the old rollups.
          let sameAfterMs: number | null = first.same ? 0 : null
          for (let back = 1; sameAfterMs === null && back <= 150; back++) {
            await sleep(500)
            if ((await compare(back)).same) sameAfterMs = performance.now() - landed
          }
          // Rollup versions that appeared after the loader's rebuild had landed: built by the other instance.
          const newTables = (await rollupTables()).split(',').filter((t) => !rebuilt.split(',').includes(t))
          figures.push({
            case: 'loader rebuilt the rollups → an uncached scorecard scope on the other instance has the same numbers',
            at_once: first.same,
            differing_indicators: first.differ.join(' '),
            same_after_ms: sameAfterMs === null ? null : round(sameAfterMs),
            rollup_tables_built_by_the_loader: rebuilt
              .split(',')
              .filter((t) => !rollupsBefore.split(',').includes(t)).length,
            rollup_tables_built_after_it: newTables.length,
          })
          expect(sameAfterMs, 'the other instance never caught up with the rollups').not.toBeNull()
          expect(newTables, 'the other instance rebuilt rollups the loader had just built').toEqual([])
        }
        // Several more ticks on both instances: nothing fires for it again.
        await sleep(6000)
        const these = await runs('file = {file:String}', { file })
        expect(these.map((r) => [r.source, r.status, r.accepted])).toEqual([['drop', 'succeeded', 3]])
        expect(loaderOf(name)).toHaveLength(1)
      }
      expect(fs.existsSync(path.join(dropDir, 'failed'))).toBe(false)
      for (const app of apps()) {
        expect(app.output()).not.toMatch(/source drop failed|cannot take its run lease|load failed|\bERROR\b/)
        expect(app.child.exitCode).toBeNull()
      }
      figures.push(
        {
          case: 'file dropped → processed (drop folder, */2 s cron on both)',
          first_ms: round(fired[0]!),
          second_ms: round(fired[1]!),
        },
        { case: 'load runs per dropped file (2 files)', runs: 1, failures_logged: 0 },
        {
          case: 'explore right after the load: tickets of the new file seen by the loader / by the other instance',
          loader: staleAfterLoad!.loader,
          other: staleAfterLoad!.other,
        },
      )
    }, 180_000)

    // KNOWN BUG (reported, not fixed here): each instance's semantic layer keeps a 10-minute
    // result cache that only a load on THAT instance empties (app/main.ts afterLoad →
    // semantic.invalidate()). After a scheduled load on one instance the other keeps serving
    // the numbers from before it. `it.fails`: this turns red the day the other instance sees
    // the load; then make it a plain `it`.
    it.fails('4b. (known bug) the other instance sees a load at once, not after its result cache expires', () => {
      expect(staleAfterLoad).toBeDefined()
      expect(staleAfterLoad!.other).toBe(3)
    })

    let interrupted: { runId: string; startedMs: number } | undefined
    let killed: App | undefined

    it('5. SIGKILL of the instance holding the ETL lease mid-load: the other takes over after the lease lapses', async () => {
      const name = 'tickets-big.csv'
      const file = dropTickets(dropDir, name, 'MI5', BIG_ROWS)
      // Whichever instance starts the load holds the ETL lease: kill it there, at once.
      const victim = await waitFor('a load of the big file starts', 60_000, async () => {
        const l = loaderOf(name)
        return l.length ? l[0] : undefined
      })
      const lease = await meta.db
        .selectFrom('leases')
        .select(['holder', 'generation', 'expires_at'])
        .where('name', '=', ETL_LEASE)
        .executeTakeFirstOrThrow()
      victim.child.kill('SIGKILL')
      const killedAt = performance.now()
      const killedWall = Date.now()
      const survivor = victim === a ? b : a
      killed = victim
      const mark = survivor.output().length
      // The lease was the victim's (holder id = host:pid:random) and had not lapsed.
      expect(lease.holder.split(':')[1]).toBe(String(victim.pid))
      expect(lease.expires_at.getTime()).toBeGreaterThan(Date.now())
      await new Promise<void>((r) =>
        victim.child.exitCode !== null || victim.child.signalCode
          ? r()
          : victim.child.once('exit', () => r()),
      )
      expect(victim.output()).not.toContain(`hotline_tickets: ${BIG_ROWS} accepted`)

      await waitFor('the survivor loads the file', ETL_LEASE_TTL_MS + 60_000, async () =>
        fs.existsSync(path.join(dropDir, 'processed', name)) ? true : undefined,
      )
      const takeoverMs = performance.now() - killedAt
      const after = survivor.output().slice(mark)
      // Not before the lease lapsed (renewed every 20 s, so 40–60 s were left at the kill).
      expect(takeoverMs).toBeGreaterThan(ETL_LEASE_TTL_MS * (2 / 3) - 5000)
      const recoveredAt = /^(\S+) WARN {2}recovered 1 interrupted load run\(s\)$/m.exec(after)?.[1]
      expect(recoveredAt, 'the survivor recovered the killed run').toBeDefined()
      const leaseTakenMs = Date.parse(recoveredAt!) - killedWall
      expect(after).toContain(`drop: reading ${name}`)

      // One run interrupted by the kill (recovered by the survivor), one that loaded the file.
      // Not ordered by started_at: the recovered run's start time moves (see 5b).
      const these = await runs('file = {file:String}', { file })
      const failed = these.filter((r) => r.status === 'failed')
      const succeeded = these.filter((r) => r.status === 'succeeded')
      expect(these).toHaveLength(2)
      expect(failed).toHaveLength(1)
      expect(failed[0]!.error).toMatch(/加载被中断/)
      expect(succeeded.map((r) => r.accepted)).toEqual([BIG_ROWS])
      const started = /^(\S+) INFO {2}drop: reading tickets-big\.csv$/m.exec(victim.output())?.[1]
      expect(started).toBeDefined()
      interrupted = { runId: failed[0]!.run_id, startedMs: Date.parse(started!) }
      const rs = await probe.query({
        query: `SELECT count() AS n FROM hotline_tickets FINAL WHERE startsWith(ticket_id, 'MI5-') AND _deleted = 0`,
        format: 'JSONEachRow',
      })
      expect(Number((await rs.json<{ n: string }>())[0]!.n)).toBe(BIG_ROWS)
      // No staging or shadow left behind by the killed load.
      const leftovers = await probe.query({
        query: `SELECT name FROM system.tables WHERE database = currentDatabase()
              AND (startsWith(name, '_in_') OR startsWith(name, '_mv_') OR startsWith(name, '_shadow_'))`,
        format: 'JSONEachRow',
      })
      expect(await leftovers.json()).toEqual([])
      expect(survivor.output()).not.toMatch(/source drop failed|\bERROR\b/)
      // The survivor still serves.
      expect((await health(survivor)).status).toBe('ok')
      figures.push(
        {
          case: `SIGKILL of the lease holder ${BIG_ROWS.toLocaleString('en')}-row load in progress`,
          killed: victim.name,
        },
        {
          case: 'kill → the other instance has taken the lease over and loaded the file',
          lease_taken_over_ms: round(leaseTakenMs),
          file_loaded_ms: round(takeoverMs),
          lease_ttl_ms: ETL_LEASE_TTL_MS,
        },
        { case: 'load runs of the killed file', runs: these.map((r) => r.status).join(', ') },
      )
    }, 300_000)

    // KNOWN BUG (reported, not fixed here): recoverInterruptedRuns (etl/load/recover.ts) reads a
    // run back through listRuns (`toString(started_at)`: wall-clock text in the column's zone,
    // Asia/Shanghai) and writes it again through writeRun (`{started_at:DateTime64(3)}`: text
    // read in the SERVER's zone). Unless the server's zone is Asia/Shanghai the recovered run
    // starts hours off (+8 h on a UTC server); when it is, every run time is written 8 h early
    // instead (writeRun is given UTC text). `it.fails` until run times carry their zone.
    it.fails('5b. (known bug) every version of the interrupted run keeps the time its load started', async () => {
      expect(interrupted).toBeDefined()
      const rs = await probe.query({
        query: `SELECT toString(status) AS status, toUnixTimestamp64Milli(started_at) AS ms
                FROM load_runs WHERE run_id = {run:String} ORDER BY _version`,
        query_params: { run: interrupted!.runId },
        format: 'JSONEachRow',
      })
      const versions = (await rs.json<{ status: string; ms: string }>()).map((v) => ({
        status: v.status,
        offHours: Math.round((Number(v.ms) - interrupted!.startedMs) / 360_000) / 10,
      }))
      figures.push({
        case: 'interrupted run: recorded start − real start, per version (h)',
        versions: versions.map((v) => `${v.status} ${v.offHours}`).join(', '),
      })
      // The 'running' version may already be merged away; what is left must start on time.
      expect(versions.map((v) => v.status)).toContain('failed')
      for (const v of versions) expect(Math.abs(v.offHours), v.status).toBeLessThan(0.1)
    })

    it('6. the killed instance rejoins; SIGTERM of the lease holder mid-load: the other takes over and the file loads once', async () => {
      expect(killed).toBeDefined()
      // The SIGKILLed instance comes back on its own DATA_DIR and joins in.
      const auditsBefore = await auditCount('user_created')
      const demoRunsBefore = (await runs(`source = 'demo'`)).length
      const back = await spawnApp(killed!.name, env(killed!.name.toLowerCase())).listening
      everyApp.push({ name: back.name, output: back.output })
      cleanups.push(() => back.stop())
      if (killed === a) a = back
      else b = back
      await waitFor(`${back.name} ready again`, 120_000, async () => {
        const h = await health(back)
        return h.status === 'ok' && h.data?.state === 'ready' ? true : undefined
      })
      expect(await auditCount('user_created')).toBe(auditsBefore)
      expect((await runs(`source = 'demo'`)).length).toBe(demoRunsBefore)
      expect((await back.web.signIn('leader', DEMO_PASSWORD)).res.status).toBe(200)

      const name = 'tickets-big-2.csv'
      const file = dropTickets(dropDir, name, 'MI6', BIG_ROWS)
      const holder = await waitFor(
        'a load of the second big file starts',
        60_000,
        async () => loaderOf(name)[0],
      )
      const other = holder === a ? b : a
      const from = holder.output().indexOf(`drop: reading ${name}`)
      // The engine's INSERT is under way once the shadow table is ready.
      await waitFor('the engine insert is under way', 30_000, async () =>
        holder.output().slice(from).includes('shadow table ready') ? true : undefined,
      )
      const mark = other.output().length
      const exited = new Promise<number | null>((r) => holder.child.once('exit', (code) => r(code)))
      holder.child.kill('SIGTERM')
      const termWall = Date.now()
      const termAt = performance.now()
      const code = await exited
      const exitMs = performance.now() - termAt
      expect(code, holder.output().slice(from)).toBe(0)
      const holderLog = holder.output().slice(from)

      await waitFor('the other instance loads the file', 120_000, async () =>
        fs.existsSync(path.join(dropDir, 'processed', name)) ||
        fs.existsSync(path.join(dropDir, 'failed', name))
          ? true
          : undefined,
      )
      const loadedMs = performance.now() - termAt
      const after = other.output().slice(mark)
      const recoveredAt = /^(\S+) WARN {2}recovered 1 interrupted load run\(s\)$/m.exec(after)?.[1]
      const these = await runs('file = {file:String}', { file })
      const rs = await probe.query({
        query: `SELECT count() AS n, countIf(_run_id IN {failed:Array(String)}) AS of_failed
                FROM hotline_tickets FINAL WHERE startsWith(ticket_id, 'MI6-')`,
        query_params: { failed: these.filter((r) => r.status !== 'succeeded').map((r) => r.run_id) },
        format: 'JSONEachRow',
      })
      const rows = (await rs.json<{ n: string; of_failed: string }>())[0]!
      figures.push(
        {
          case: `SIGTERM of the lease holder, ${BIG_ROWS.toLocaleString('en')}-row load in progress`,
          stopped: holder.name,
          exit_code: code,
          exit_ms: round(exitMs),
        },
        {
          case: 'SIGTERM → the other instance has taken the lease over / loaded the file',
          lease_taken_over_ms: recoveredAt ? Date.parse(recoveredAt) - termWall : null,
          file_loaded_ms: round(loadedMs),
        },
        {
          case: 'load runs of the file the stopped instance was loading',
          runs: these.map((r) => `${r.status} ${r.accepted}`).join(', '),
          rows: Number(rows.n),
        },
      )
      expect(fs.existsSync(path.join(dropDir, 'failed', name)), `moved to failed/:\n${holderLog}`).toBe(false)
      expect(recoveredAt, after).toBeDefined()
      expect(these.map((r) => r.status).sort()).toEqual(['failed', 'succeeded'])
      expect(these.find((r) => r.status === 'succeeded')!.accepted).toBe(BIG_ROWS)
      expect(Number(rows.n)).toBe(BIG_ROWS)
      expect(Number(rows.of_failed)).toBe(0)
      const leftovers = await probe.query({
        query: `SELECT name FROM system.tables WHERE database = currentDatabase()
              AND (startsWith(name, '_in_') OR startsWith(name, '_mv_') OR startsWith(name, '_shadow_'))`,
        format: 'JSONEachRow',
      })
      expect(await leftovers.json()).toEqual([])
      expect(other.output().slice(mark)).not.toMatch(/source drop failed|\bERROR\b/)
    }, 300_000)
  },
)
