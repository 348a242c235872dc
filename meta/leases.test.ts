import { type Kysely, sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLeases, type Lease, type LeaseLogger, LeaseLostError, type Leases } from './leases'
import { migrateMeta } from './migrate'
import type { MetaDb } from './schema'
import { type MetaStore, openMetaStore } from './store'
import { createDatabase, type PgServer, pgServerAvailable, startPgServer } from './testing/pg-server'
import { openTempMetaStore } from './testing/temp-store'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Collects what leases log instead of writing it to stderr. */
function memoryLog(): LeaseLogger & { lines: string[] } {
  const lines: string[] = []
  return {
    lines,
    debug: (m) => lines.push(`debug ${m}`),
    info: (m) => lines.push(`info ${m}`),
    warn: (m) => lines.push(`warn ${m}`),
  }
}

/**
 * Two "processes" on one database: `a` and `b` are separate handles (two pools on a server;
 * the same PGlite on the embedded database, which is one process per directory anyway).
 */
interface Env {
  a: Kysely<MetaDb>
  b: Kysely<MetaDb>
  /** Ends `a` as a crash would: its connections are gone, nothing is released. */
  crashA?: () => Promise<void>
}

/** A row as left behind by a holder that crashed right after acquiring: never renewed. */
async function leftByCrashedHolder(db: Kysely<MetaDb>, name: string, ttlMs: number): Promise<void> {
  await db
    .insertInto('leases')
    .values({
      name,
      holder: 'crashed-host:4242:dead',
      expires_at: sql`now() + ${ttlMs}::integer * interval '1 millisecond'`,
    })
    .execute()
}

function leaseSuite(open: () => Promise<Env>, opts: { separateProcesses: boolean }) {
  let env: Env
  const made: Leases[] = []
  const leasesOn = (db: Kysely<MetaDb>, holder: string) => {
    const l = createLeases(db, { holder, log: memoryLog() })
    made.push(l)
    return l
  }
  beforeAll(async () => {
    env = await open()
  })
  afterAll(async () => {
    await Promise.all(made.map((l) => l.releaseAll()))
  })

  it('gives a lease to exactly one of many concurrent acquirers, from either process', async () => {
    for (let round = 0; round < 5; round++) {
      const name = `race-${round}`
      const contenders = Array.from({ length: 8 }, (_, i) =>
        leasesOn(i % 2 ? env.b : env.a, `p${i}-r${round}`),
      )
      const got = await Promise.all(contenders.map((c) => c.tryAcquire(name, 10_000)))
      const winners = got.filter((l): l is Lease => l !== null)
      expect(winners).toHaveLength(1)
      const winner = winners[0]!
      expect(winner.generation).toBe(1)
      expect(await contenders[0]!.current(name)).toMatchObject({ holder: winner.holder, generation: 1 })
      const rows = await env.a.selectFrom('leases').selectAll().where('name', '=', name).execute()
      expect(rows.map((r) => r.holder)).toEqual([winner.holder])
      expect(await winner.release()).toBe(true)
    }
  })

  it('holds a name once per process, and runExclusive reports who holds it', async () => {
    const a = leasesOn(env.a, 'host-a:1:aaaa')
    const b = leasesOn(env.b, 'host-b:2:bbbb')
    const lease = await a.tryAcquire('once', 10_000)
    expect(lease).not.toBeNull()
    expect(await a.tryAcquire('once', 10_000)).toBeNull()
    expect(await a.runExclusive('once', 10_000, async () => 'no')).toEqual({ ran: false, holder: a.holder })
    expect(await b.runExclusive('once', 10_000, async () => 'no')).toEqual({ ran: false, holder: a.holder })
    await lease!.release()
    expect(await b.runExclusive('once', 10_000, async (l) => `yes ${l.holder}`)).toEqual({
      ran: true,
      value: `yes ${b.holder}`,
    })
    // released at the end of runExclusive, also when fn throws (and the error propagates)
    expect(await a.current('once')).toBeNull()
    await expect(
      b.runExclusive('once', 10_000, async () => {
        throw new Error('job failed')
      }),
    ).rejects.toThrow('job failed')
    expect(await a.current('once')).toBeNull()
    await expect(a.tryAcquire('bad-ttl', 0)).rejects.toThrow(RangeError)
    await expect(a.tryAcquire('bad-ttl', 1.5)).rejects.toThrow(RangeError)
  })

  it('blocks others while held, and an expired lease (crashed holder, never renewed) is taken over', async () => {
    const b = leasesOn(env.b, 'host-b:2:take')
    await leftByCrashedHolder(env.a, 'crashed', 300)
    const started = Date.now()
    expect(await b.tryAcquire('crashed', 10_000)).toBeNull()
    expect(await b.runExclusive('crashed', 10_000, async () => 1)).toEqual({
      ran: false,
      holder: 'crashed-host:4242:dead',
    })
    // Still blocked a little later, well inside the ttl.
    await sleep(100)
    if (Date.now() - started < 250) expect(await b.tryAcquire('crashed', 10_000)).toBeNull()
    await sleep(Math.max(0, 350 - (Date.now() - started)))
    const lease = await b.tryAcquire('crashed', 10_000)
    expect(lease).not.toBeNull()
    expect(lease!.holder).toBe(b.holder)
    expect(lease!.generation).toBe(2) // a new holding: the fencing token moved on
    expect(await b.current('crashed')).toMatchObject({ holder: b.holder, generation: 2 })
    await lease!.release()
  })

  it('renews itself while the work runs, well beyond its ttl, and blocks others meanwhile', async () => {
    const a = leasesOn(env.a, 'host-a:1:renew')
    const b = leasesOn(env.b, 'host-b:2:renew')
    const refusals: string[] = []
    const result = await a.runExclusive('long-job', 300, async (lease) => {
      const firstExpiry = lease.expiresAt.getTime()
      for (let i = 0; i < 10; i++) {
        await sleep(100)
        const r = await b.runExclusive('long-job', 300, async () => 'ran twice!')
        if (!r.ran) refusals.push(r.holder)
      }
      expect(lease.lost).toBe(false)
      expect(lease.signal.aborted).toBe(false)
      expect(lease.expiresAt.getTime()).toBeGreaterThan(firstExpiry + 500)
      return lease.generation
    })
    expect(result).toEqual({ ran: true, value: 1 })
    expect(refusals).toEqual(Array(10).fill(a.holder))
  })

  it('lets the next holder in immediately when released', async () => {
    const a = leasesOn(env.a, 'host-a:1:rel')
    const b = leasesOn(env.b, 'host-b:2:rel')
    const lease = await a.tryAcquire('handover', 60_000)
    expect(await b.tryAcquire('handover', 60_000)).toBeNull()
    expect(await lease!.release()).toBe(true)
    expect(await lease!.release()).toBe(false) // idempotent
    const next = await b.tryAcquire('handover', 60_000)
    expect(next).not.toBeNull()
    expect(next!.generation).toBe(2)
    await next!.release()
  })

  it('reports a lease taken over as lost, and the old holder can neither renew nor release it', async () => {
    const logA = memoryLog()
    const a = createLeases(env.a, { holder: 'host-a:1:lost', log: logA })
    const b = leasesOn(env.b, 'host-b:2:lost')
    const lease = (await a.tryAcquire('stolen', 60_000))!
    // A stalls (a long GC pause, a stuck event loop) past its expiry; B takes over.
    await env.a
      .updateTable('leases')
      .set({ acquired_at: sql`now() - interval '61 seconds'`, expires_at: sql`now() - interval '1 second'` })
      .where('name', '=', 'stolen')
      .execute()
    const taken = (await b.tryAcquire('stolen', 60_000))!
    expect(taken.generation).toBe(lease.generation + 1)
    expect(await lease.renew()).toBe(false)
    expect(lease.lost).toBe(true)
    expect(lease.signal.aborted).toBe(true)
    expect(lease.signal.reason).toBeInstanceOf(LeaseLostError)
    expect(logA.lines.some((l) => /^warn lease stolen .*lost: taken over/.test(l))).toBe(true)
    expect(await lease.release()).toBe(false)
    expect(await b.current('stolen')).toMatchObject({ holder: b.holder, generation: taken.generation })
    await taken.release()
  })

  it('reports a lost lease to the work running under it (renewal finds it taken over)', async () => {
    const a = leasesOn(env.a, 'host-a:1:lost2')
    const b = leasesOn(env.b, 'host-b:2:lost2')
    const result = await a.runExclusive('stolen-while-running', 300, async (lease) => {
      await env.b
        .updateTable('leases')
        .set({ holder: 'someone-else', generation: sql`generation + 1` })
        .where('name', '=', 'stolen-while-running')
        .execute()
      // The next timed renewal (every ttl/3 = 100 ms) notices.
      await new Promise<void>((resolve, reject) => {
        lease.signal.addEventListener('abort', () => resolve())
        setTimeout(() => reject(new Error('not reported lost')), 1_000)
      })
      return lease.lost
    })
    expect(result).toEqual({ ran: true, value: true })
    expect(await b.current('stolen-while-running')).toMatchObject({ holder: 'someone-else' })
  })

  if (opts.separateProcesses)
    it('a crashed process loses its lease after the ttl, and another process takes it over', async () => {
      const logA = memoryLog()
      const a = createLeases(env.a, { holder: 'host-a:1:crash', log: logA })
      const b = leasesOn(env.b, 'host-b:2:crash')
      const lease = (await a.tryAcquire('crash', 300))!
      const t0 = Date.now()
      await env.crashA!()
      expect(await b.tryAcquire('crash', 10_000)).toBeNull()
      await new Promise<void>((resolve) => lease.signal.addEventListener('abort', () => resolve()))
      const lostAfter = Date.now() - t0
      expect(lostAfter).toBeLessThan(600)
      expect(lease.signal.reason.message).toMatch(/not renewed within its ttl of 300 ms/)
      expect(logA.lines.some((l) => /^warn lease crash: renewal failed/.test(l))).toBe(true)
      // The database's expiry is never earlier than the local "lost": take over once it passes.
      let taken: Lease | null = null
      for (let i = 0; i < 20 && !taken; i++) {
        taken = await b.tryAcquire('crash', 10_000)
        if (!taken) await sleep(50)
      }
      expect(taken?.generation).toBe(2)
      await taken!.release()
      expect(await lease.release()).toBe(false) // its pool is gone: logged, not thrown
    })
}

async function openLiteEnv(): Promise<Env> {
  const store = await openTempMetaStore()
  stores.push(store)
  return { a: store.db, b: store.db }
}

let server: PgServer | undefined
const stores: MetaStore[] = []
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()))
  await server?.stop()
})

async function openServerEnv(): Promise<Env> {
  server ??= await startPgServer()
  const url = createDatabase(server, 'meta_leases')
  const a = await openMetaStore({ dataDir: '/nonexistent', databaseUrl: url })
  const b = await openMetaStore({ dataDir: '/nonexistent', databaseUrl: url })
  stores.push(a, b)
  await migrateMeta(a.db)
  return { a: a.db, b: b.db, crashA: () => a.close() }
}

describe('leases on PGlite (embedded)', () => {
  leaseSuite(openLiteEnv, { separateProcesses: false })
})

const havePg = pgServerAvailable()
if (!havePg)
  console.warn(
    'meta/leases.test.ts: skipping the PostgreSQL server block — no initdb/pg_ctl under /usr/lib/postgresql/15/bin (apt-get install postgresql, or `npm test` via .ci/system-deps)',
  )

describe.skipIf(!havePg)('leases on a PostgreSQL server (two pools, as two processes)', () => {
  leaseSuite(openServerEnv, { separateProcesses: true })
})
