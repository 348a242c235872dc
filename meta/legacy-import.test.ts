import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openWarehouse, type Warehouse } from '../warehouse/client'
import { loadWarehouseConfig } from '../warehouse/config'
import { MIGRATIONS_DIR, migrate } from '../warehouse/migrate'
import {
  importLegacyAppState,
  LEGACY_SOURCE,
  LEGACY_TABLES,
  LegacyImportError,
  type LegacyImportResult,
  legacyTablesIn,
} from './legacy-import'
import { migrateMeta } from './migrate'
import type { MetaDb, UnitType } from './schema'
import { type MetaStore, openMetaStore } from './store'
import { type AuditEntry, auditChecksum, compareAudit, sha256 } from './testing/fixtures/make-legacy-data-dir'
import { createDatabase, type PgServer, pgServerAvailable, startPgServer } from './testing/pg-server'
import { openTempMetaStore } from './testing/temp-store'

/**
 * A DATA_DIR written by the previous version (commit 4278635, application state in
 * ClickHouse), opened with the current warehouse code and imported into a fresh metadata
 * store; the expected rows were recorded by that version's code when the fixture was made
 * (testing/fixtures/make-legacy-data-dir.ts), not derived from the import.
 *
 * chDB binds one data directory per process, so the whole file shares the one unpacked
 * fixture warehouse; the blocks that change it run last (rows sharing a millisecond, a row
 * PostgreSQL refuses, then the drop migration, after which there is nothing to import).
 */
const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'testing', 'fixtures')
const ARCHIVE = path.join(FIXTURES, 'legacy-data-dir-4278635.tar.gz')

interface Expected {
  users: Array<{
    username: string
    display_name: string
    role: string
    dept_code: string | null
    password_hash: string
    disabled: boolean
    password_changed_at: number
    versions: number
  }>
  sessions: Array<{
    token_hash: string
    username: string
    created_at: number
    expires_at: number
    revoked: boolean
    expired: boolean
  }>
  audit_log: { count: number; first: AuditEntry; last: AuditEntry; checksum: string }
  score_adjustments: Array<{
    period_key: string
    unit_type: string
    unit_code: string
    points: number
    reason: string
    author: string
    at: number
  }>
  frozen_rankings: Array<{
    period_key: string
    unit_type: string
    scheme_id: string
    status: string
    changed_by: string
    payload_sha256: string
    payload_length: number
    versions: number
  }>
  target_overrides: Array<{
    year: number
    unit_type: UnitType
    unit_code: string
    indicator_id: string
    target: number
    uploaded_by: string
  }>
  raw_row_counts: Record<string, number>
}
const EXPECTED = JSON.parse(
  fs.readFileSync(path.join(FIXTURES, 'legacy-data-dir-4278635.expected.json'), 'utf8'),
) as Expected
const LIVE_SESSIONS = EXPECTED.sessions.filter((s) => !s.expired)

/** The proposed warehouse migration 0008, used only while warehouse/migrations has no 0008 of its own. */
const DROP_MIGRATION = `-- The application state moved to the metadata store (meta/, issue 13): start-up imports these
-- tables once (meta/legacy-import.ts) before the warehouse is migrated, so they can go.
DROP TABLE IF EXISTS users;
DROP TABLE IF EXISTS sessions;
DROP TABLE IF EXISTS audit_log;
DROP TABLE IF EXISTS score_adjustments;
DROP TABLE IF EXISTS frozen_rankings;
DROP TABLE IF EXISTS target_overrides;
`

/** Each fresh embedded store is a PGlite initdb (seconds on a busy 2-core machine). */
const SLOW = { timeout: 120_000 }
const tmp = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix))
const scratch: string[] = []
let wh: Warehouse
let dataDir: string
/** Parts of the users table in the archive (one per write: several versions of some accounts). */
let userParts: number

beforeAll(async () => {
  dataDir = tmp('legacy-import-')
  scratch.push(dataDir)
  execFileSync('tar', ['-xzf', ARCHIVE, '-C', dataDir])
  // Counted before the engine opens it: it merges them (and so drops older versions) at once.
  userParts = fs
    .readdirSync(path.join(dataDir, 'data', 'default', 'users'))
    .filter((f) => /^all_\d+_\d+_\d+$/.test(f)).length
  // The current code, on the old DATA_DIR; its migrations run only after the import (as at start).
  wh = openWarehouse(loadWarehouseConfig({ DATA_DIR: dataDir }).warehouse)
})
afterAll(async () => {
  await wh?.close()
  for (const d of scratch) fs.rmSync(d, { recursive: true, force: true })
})

/** A migrated embedded store (in memory, from the shared template: ~1.5 s instead of 5–10 s). */
const freshLite = (): Promise<MetaStore> => openTempMetaStore()

type Imported = Extract<LegacyImportResult, { imported: true }>

function imported(r: LegacyImportResult): Imported {
  expect(r.imported).toBe(true)
  return r as Imported
}

/** Every account, session, entry, adjustment, ranking and override the old version wrote is there. */
async function expectFixtureImported(db: Kysely<MetaDb>, r: Imported, opts: { extraAudit?: number } = {}) {
  expect(r.counts).toEqual({
    users: EXPECTED.users.length,
    sessions: LIVE_SESSIONS.length,
    frozen_rankings: EXPECTED.frozen_rankings.length,
    target_overrides: EXPECTED.target_overrides.length,
    score_adjustments: EXPECTED.score_adjustments.length,
    audit_log: EXPECTED.audit_log.count,
  })
  expect(r.skipped).toEqual({
    sessions_expired: EXPECTED.sessions.length - LIVE_SESSIONS.length,
    sessions_orphaned: 0,
  })
  expect(r.altered).toEqual({})

  // accounts, password hashes exactly
  const users = await db.selectFrom('users').selectAll().orderBy('username').execute()
  expect(
    users.map((u) => ({
      username: u.username,
      display_name: u.display_name,
      role: u.role,
      dept_code: u.dept_code,
      password_hash: u.password_hash,
      disabled: u.disabled,
      password_changed_at: u.password_changed_at.getTime(),
    })),
  ).toEqual(EXPECTED.users.map(({ versions: _, ...u }) => u))
  for (const u of users) {
    const e = EXPECTED.users.find((x) => x.username === u.username)!
    // created_at is the first stored version's insert time (ClickHouse may have merged the
    // older versions away since: then the newest's), updated_at the newest's
    if (e.versions > 1) expect(u.created_at.getTime()).toBeLessThanOrEqual(u.updated_at.getTime())
    else expect(u.created_at.getTime()).toBe(u.updated_at.getTime())
    expect(u.password_changed_at.getTime()).toBeLessThanOrEqual(u.updated_at.getTime())
  }
  expect(users.filter((u) => u.disabled).map((u) => u.username)).toEqual(['former'])
  expect(users.filter((u) => u.dept_code).map((u) => u.dept_code)).toEqual(['11440306001', '11440306002'])

  // sessions: live and revoked ones; the expired one is left out
  const sessions = await db.selectFrom('sessions').selectAll().orderBy('token_hash').execute()
  expect(
    sessions.map((s) => ({
      token_hash: s.token_hash,
      username: s.username,
      created_at: s.created_at.getTime(),
      expires_at: s.expires_at.getTime(),
      revoked: s.revoked_at !== null,
    })),
  ).toEqual(LIVE_SESSIONS.map(({ expired: _, ...s }) => s))
  expect(sessions.filter((s) => s.revoked_at).length).toBe(2)
  for (const s of sessions.filter((x) => x.revoked_at)) {
    expect(s.revoked_at!.getTime()).toBeGreaterThanOrEqual(s.created_at.getTime())
    expect(s.revoked_at!.getTime()).toBeLessThanOrEqual(Date.now())
  }

  // the audit log: count, first and last, checksum, ids in time order
  const audit = await db.selectFrom('audit_log').selectAll().orderBy('id').execute()
  expect(audit).toHaveLength(EXPECTED.audit_log.count + (opts.extraAudit ?? 0))
  const entries: AuditEntry[] = audit.map((a) => ({
    at: a.at.getTime(),
    actor: a.actor,
    action: a.action,
    target: a.target,
    detail: a.detail,
  }))
  for (let i = 1; i < entries.length; i++)
    expect(compareAudit(entries[i - 1]!, entries[i]!), `audit id order at ${i}`).toBeLessThanOrEqual(0)
  if (!opts.extraAudit) {
    expect(entries[0]).toEqual(EXPECTED.audit_log.first)
    expect(entries[entries.length - 1]).toEqual(EXPECTED.audit_log.last)
    expect(auditChecksum(entries)).toBe(EXPECTED.audit_log.checksum)
  }

  // adjustments, in time order, their times kept
  const adjustments = await db.selectFrom('score_adjustments').selectAll().orderBy('id').execute()
  expect(adjustments.map(({ id: _, at, ...a }) => ({ ...a, at: at.getTime() }))).toEqual(
    EXPECTED.score_adjustments,
  )

  // official rankings: the newest version, payload to the byte
  const rankings = await db.selectFrom('frozen_rankings').selectAll().orderBy('period_key').execute()
  expect(
    rankings.map((f) => ({
      period_key: f.period_key,
      unit_type: f.unit_type,
      scheme_id: f.scheme_id,
      status: f.status,
      changed_by: f.changed_by,
      payload_sha256: sha256(f.payload),
      payload_length: f.payload.length,
    })),
  ).toEqual(EXPECTED.frozen_rankings.map(({ versions: _, ...f }) => f))
  expect(JSON.parse(rankings[0]!.payload).units[0].unit_name).toMatch(/^区/)

  // overrides: the latest value of each key
  const overrides = await db
    .selectFrom('target_overrides')
    .select(['year', 'unit_type', 'unit_code', 'indicator_id', 'target', 'uploaded_by'])
    .orderBy('year')
    .orderBy('unit_type')
    .orderBy('unit_code')
    .orderBy('indicator_id')
    .execute()
  expect(overrides).toEqual(EXPECTED.target_overrides)
  expect(overrides.filter((o) => o.uploaded_by === 'zhaoliu').map((o) => o.target)).toEqual([0.885])

  const marker = await db.selectFrom('legacy_imports').selectAll().execute()
  expect(marker).toHaveLength(1)
  expect(marker[0]).toMatchObject({ source: LEGACY_SOURCE, counts: r.counts })
}

/** The import suite both backends pass. */
function importSuite(fresh: () => Promise<MetaStore>) {
  it('copies every row the old version wrote, once; a second run imports nothing', async () => {
    const store = await fresh()
    try {
      const lines: string[] = []
      const r = imported(await importLegacyAppState(wh, store.db, (m) => lines.push(m)))
      console.log(`legacy import of the fixture (${store.backend}): ${r.ms} ms, ${JSON.stringify(r.counts)}`)
      expect(lines).toHaveLength(LEGACY_TABLES.length)
      const n = EXPECTED.audit_log.count
      expect(lines.find((l) => l.includes('audit_log'))).toBe(
        `从 ClickHouse 导入旧数据 audit_log：${n} 行 (legacy import: audit_log, ${n} rows)`,
      )
      await expectFixtureImported(store.db, r)

      const again = await importLegacyAppState(wh, store.db)
      expect(again).toEqual({ imported: false, reason: 'already-imported' })
      await expectFixtureImported(store.db, r)
    } finally {
      await store.close()
    }
  })
}

describe('legacy import on PGlite', SLOW, () => {
  importSuite(freshLite)

  it('finds all six legacy tables in the old DATA_DIR, which held several versions of some accounts', async () => {
    expect([...(await legacyTablesIn(wh))].sort()).toEqual([...LEGACY_TABLES].sort())
    expect(userParts).toBe(EXPECTED.raw_row_counts.users)
    expect(userParts).toBeGreaterThan(EXPECTED.users.length)
  })

  it('reads in small pages just the same', async () => {
    const store = await freshLite()
    try {
      const r = imported(await importLegacyAppState(wh, store.db, undefined, { pageSize: 7 }))
      await expectFixtureImported(store.db, r)
    } finally {
      await store.close()
    }
  })

  it('on a key the store already has, the legacy row wins; appended rows are added beside', async () => {
    const store = await freshLite()
    const { db } = store
    try {
      await db
        .insertInto('users')
        .values({
          username: 'admin',
          display_name: '新管理员',
          role: 'admin',
          dept_code: null,
          password_hash: 'fresh',
        })
        .execute()
      await db
        .insertInto('sessions')
        .values({
          token_hash: 'c'.repeat(64),
          username: 'admin',
          expires_at: new Date(Date.now() + 3_600_000),
        })
        .execute()
      const o = EXPECTED.target_overrides[0]!
      await db
        .insertInto('target_overrides')
        .values({ ...o, target: 0.5, uploaded_by: 'someone' })
        .execute()
      await db
        .insertInto('audit_log')
        .values({ actor: 'system', action: 'user_created', target: 'admin' })
        .execute()

      const lines: string[] = []
      const r = imported(await importLegacyAppState(wh, db, (m) => lines.push(m)))
      expect(r.overwritten).toEqual({ users: 1, target_overrides: 1 })
      expect(lines.find((l) => l.includes(' users'))).toMatch(/覆盖 1 行已有数据.*1 existing overwritten/)
      const admin = await db
        .selectFrom('users')
        .selectAll()
        .where('username', '=', 'admin')
        .executeTakeFirstOrThrow()
      expect(admin.password_hash).toBe(EXPECTED.users.find((u) => u.username === 'admin')!.password_hash)
      expect(admin.display_name).toBe('系统管理员')
      const target = await db
        .selectFrom('target_overrides')
        .select('target')
        .where('unit_code', '=', o.unit_code)
        .where('indicator_id', '=', o.indicator_id)
        .where('year', '=', o.year)
        .executeTakeFirstOrThrow()
      expect(target.target).toBe(o.target)
      // the session the store had stays; the entry it had is kept beside the imported ones
      expect(await db.selectFrom('sessions').select('token_hash').execute()).toHaveLength(
        LIVE_SESSIONS.length + 1,
      )
      const audit = await db.selectFrom('audit_log').select('id').execute()
      expect(audit).toHaveLength(EXPECTED.audit_log.count + 1)
      expect(r.counts.audit_log).toBe(EXPECTED.audit_log.count)
      expect(r.counts.sessions).toBe(LIVE_SESSIONS.length)
    } finally {
      await store.close()
    }
  })
})

const havePg = pgServerAvailable()
if (!havePg)
  console.warn(
    'meta/legacy-import.test.ts: skipping the PostgreSQL server block — no initdb/pg_ctl under /usr/lib/postgresql/15/bin (apt-get install postgresql, or `npm test` via .ci/system-deps)',
  )

describe.skipIf(!havePg)('legacy import on a PostgreSQL server', SLOW, () => {
  let server: PgServer
  let n = 0
  beforeAll(async () => {
    server = await startPgServer()
  })
  afterAll(async () => {
    await server?.stop()
  })
  importSuite(async () => {
    const url = createDatabase(server, `legacy_import_${++n}`)
    const store = await openMetaStore({ dataDir: '/nonexistent', databaseUrl: url })
    await migrateMeta(store.db)
    return store
  })
})

// --- the blocks below change the fixture warehouse: they run last, in this order ---

describe('legacy import of versions not merged yet', SLOW, () => {
  it('takes the newest version of each key, whatever the insert order', async () => {
    for (const t of ['users', 'sessions', 'frozen_rankings', 'target_overrides'])
      await wh.command(`SYSTEM STOP MERGES ${t}`)
    const v = (ms: number) => String(ms * 1000)
    const leader = EXPECTED.users.find((u) => u.username === 'leader')!
    const analyst = EXPECTED.users.find((u) => u.username === 'analyst')!
    const insertUser = (u: typeof leader, version: string, hash: string, disabled: boolean) =>
      wh.command(
        `INSERT INTO users (username, display_name, role, dept_code, password_hash, disabled, password_changed_at, _version)
         VALUES ({username:String}, {display_name:String}, {role:String}, {dept_code:Nullable(String)}, {hash:String},
                 {disabled:Bool}, fromUnixTimestamp64Milli({changed:Int64}), {version:UInt64})`,
        { ...u, hash, disabled, changed: u.password_changed_at, version },
      )
    // inserted after, but older: must lose; newer: must win
    await insertUser(leader, v(leader.password_changed_at - 60_000), 'stale-hash', false)
    await insertUser(analyst, v(Date.now()), analyst.password_hash, true)
    const ranking = EXPECTED.frozen_rankings.find((f) => f.status === 'published')!
    await wh.command(
      `INSERT INTO frozen_rankings (period_key, unit_type, scheme_id, status, payload, changed_by, _version)
       VALUES ({p:String}, {u:String}, 's0', 'frozen', '{}', 'nobody', 1)`,
      { p: ranking.period_key, u: ranking.unit_type },
    )
    const [raw] = await wh.rows<{ n: number | string }>('SELECT count() AS n FROM users')
    expect(Number(raw!.n)).toBeGreaterThan(EXPECTED.users.length)

    const store = await freshLite()
    try {
      const r = imported(await importLegacyAppState(wh, store.db))
      expect(r.counts.users).toBe(EXPECTED.users.length)
      const users = await store.db.selectFrom('users').selectAll().orderBy('username').execute()
      expect(users.find((u) => u.username === 'leader')!.password_hash).toBe(leader.password_hash)
      expect(users.find((u) => u.username === 'analyst')!.disabled).toBe(true)
      // the account keeps its first creation time, and its update time is the newest version's
      const a = users.find((u) => u.username === 'analyst')!
      expect(a.created_at.getTime()).toBeLessThan(a.updated_at.getTime())
      const f = await store.db
        .selectFrom('frozen_rankings')
        .selectAll()
        .where('period_key', '=', ranking.period_key)
        .executeTakeFirstOrThrow()
      expect([f.status, sha256(f.payload)]).toEqual(['published', ranking.payload_sha256])
    } finally {
      await store.close()
    }
  })
})

describe('legacy import, rows sharing a millisecond across pages', SLOW, () => {
  it('neither skips nor repeats rows that share a time, even identical ones; U+0000 becomes U+FFFD', async () => {
    // 25 entries in one millisecond, 3 of them identical, and 4 adjustments sharing another
    const at = EXPECTED.audit_log.last.at + 1000
    const values = Array.from({ length: 25 }, (_, i) => ({
      at,
      actor: i < 3 ? 'same' : `actor_${i % 4}`,
      action: 'tie_test',
      target: '',
      detail: i < 3 ? '重复' : `第${i}条`,
    }))
    for (const v of values)
      await wh.command(
        `INSERT INTO audit_log (at, actor, action, target, detail)
         VALUES (fromUnixTimestamp64Milli({at:Int64}), {actor:String}, {action:String}, {target:String}, {detail:String})`,
        v,
      )
    for (let i = 0; i < 4; i++)
      await wh.command(
        `INSERT INTO score_adjustments (period_key, unit_type, unit_code, points, reason, author, at)
         VALUES ('2025', 'town', {code:String}, {points:Float64}, '同一时刻', 'evaluator', fromUnixTimestamp64Milli({at:Int64}))`,
        { code: `44030600${i}`, points: i - 1.5, at },
      )
    // a username typed at a failed sign-in may hold U+0000, which PostgreSQL text cannot
    await wh.command(
      `INSERT INTO audit_log (at, actor, action, detail)
       VALUES (fromUnixTimestamp64Milli({at:Int64}), {actor:String}, 'sign_in_failed', '198.51.100.1')`,
      { at: at + 1, actor: 'evil\u0000name' },
    )
    const store = await freshLite()
    try {
      const r = imported(await importLegacyAppState(wh, store.db, undefined, { pageSize: 10 }))
      expect(r.altered).toEqual({ audit_log: 1 })
      expect(r.counts.audit_log).toBe(EXPECTED.audit_log.count + 26)
      expect(r.counts.score_adjustments).toBe(EXPECTED.score_adjustments.length + 4)
      const rows = await store.db.selectFrom('audit_log').selectAll().orderBy('id').execute()
      const entries = rows.map((a) => ({ ...a, at: a.at.getTime() }))
      const all = await wh.rows<AuditEntry & { at: number | string }>(
        'SELECT toUnixTimestamp64Milli(at) AS at, actor, toString(action) AS action, target, detail FROM audit_log',
      )
      const fromCh = all.map((a) => ({
        ...a,
        at: Number(a.at),
        actor: a.actor.replaceAll('\u0000', '\uFFFD'),
      }))
      expect(auditChecksum(entries)).toBe(auditChecksum(fromCh))
      expect(entries.filter((e) => e.actor === 'same')).toHaveLength(3)
      expect(entries.slice(-26, -1).every((e) => e.action === 'tie_test')).toBe(true)
      expect(entries.at(-1)!.actor).toBe('evil\uFFFDname')
    } finally {
      await store.close()
    }
  })
})

describe('legacy import that PostgreSQL refuses', SLOW, () => {
  it('rolls everything back and says which table', async () => {
    // a year the metadata store's CHECK refuses (ClickHouse took it)
    await wh.command(
      `INSERT INTO target_overrides (unit_type, unit_code, indicator_id, year, target, uploaded_by, _version)
       VALUES ('town', '440306009', 'full_online_rate', 0, 0.9, 'evaluator', 1)`,
    )
    const store = await freshLite()
    try {
      const err = await importLegacyAppState(wh, store.db).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(LegacyImportError)
      expect((err as Error).message).toMatch(
        /^旧数据导入失败（表 target_overrides）.*\(legacy import failed at table target_overrides; nothing was written\)$/s,
      )
      for (const t of ['users', 'sessions', 'frozen_rankings', 'target_overrides', 'legacy_imports'] as const)
        expect(await store.db.selectFrom(t).selectAll().execute(), t).toEqual([])
    } finally {
      await store.close()
    }
  })
})

describe('after the warehouse migration drops the legacy tables', SLOW, () => {
  it('there is nothing to import and no marker is written', async () => {
    // start-up order: import, then the warehouse's migrations (with the proposed 0008)
    const dir = tmp('legacy-wh-mig-')
    scratch.push(dir)
    for (const f of fs.readdirSync(MIGRATIONS_DIR))
      fs.copyFileSync(path.join(MIGRATIONS_DIR, f), path.join(dir, f))
    if (!fs.readdirSync(dir).some((f) => f.startsWith('0008_')))
      fs.writeFileSync(path.join(dir, '0008_drop_app_state_tables.sql'), DROP_MIGRATION)
    const applied = await migrate(wh, { dir })
    expect(applied.applied.map((m) => m.version)).toContain(8)
    expect(await legacyTablesIn(wh)).toEqual(new Set())
    // the facts and bookkeeping stay
    const [t] = await wh.rows<{ n: number | string }>(
      "SELECT count() AS n FROM system.tables WHERE database = currentDatabase() AND name IN ('schema_migrations', 'load_runs')",
    )
    expect(Number(t!.n)).toBe(2)

    const store = await freshLite()
    try {
      expect(await importLegacyAppState(wh, store.db)).toEqual({
        imported: false,
        reason: 'no-legacy-tables',
      })
      expect(await store.db.selectFrom('legacy_imports').selectAll().execute()).toEqual([])
      expect(await store.db.selectFrom('users').selectAll().execute()).toEqual([])
    } finally {
      await store.close()
    }
  })
})
