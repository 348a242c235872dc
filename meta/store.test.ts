import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listMetaMigrations, META_MIGRATIONS_DIR, migrateMeta } from './migrate'
import type { MetaDb } from './schema'
import { type MetaStore, metaDir, openMetaStore } from './store'
import { createDatabase, type PgServer, pgServerAvailable, startPgServer } from './testing/pg-server'

/** Every column of every table, as schema.ts types them (the compiler checks both ways). */
const COLUMNS = {
  users: {
    username: 1,
    display_name: 1,
    role: 1,
    dept_code: 1,
    password_hash: 1,
    disabled: 1,
    password_changed_at: 1,
    created_at: 1,
    updated_at: 1,
  },
  sessions: { token_hash: 1, username: 1, created_at: 1, expires_at: 1, revoked_at: 1 },
  signin_throttles: { scope: 1, key: 1, count: 1, last_at: 1 },
  signin_known_addresses: { username: 1, address: 1, last_at: 1 },
  frozen_rankings: {
    period_key: 1,
    unit_type: 1,
    scheme_id: 1,
    status: 1,
    payload: 1,
    changed_by: 1,
    changed_at: 1,
    target_version_id: 1,
    targets_recorded: 1,
  },
  score_adjustments: {
    id: 1,
    period_key: 1,
    unit_type: 1,
    unit_code: 1,
    points: 1,
    reason: 1,
    author: 1,
    at: 1,
  },
  ranking_publications: {
    id: 1,
    period_key: 1,
    unit_type: 1,
    published_by: 1,
    published_at: 1,
    withdraw_requested_by: 1,
    withdraw_requested_at: 1,
    withdraw_reason: 1,
    withdrawn_by: 1,
    withdrawn_at: 1,
  },
  target_overrides: {
    year: 1,
    unit_type: 1,
    unit_code: 1,
    indicator_id: 1,
    target: 1,
    uploaded_by: 1,
    uploaded_at: 1,
  },
  target_versions: {
    id: 1,
    year: 1,
    kind: 1,
    file_name: 1,
    created_by: 1,
    created_at: 1,
    rows_added: 1,
    rows_changed: 1,
    rows_removed: 1,
    row_count: 1,
    restored_from: 1,
  },
  target_version_rows: { version_id: 1, unit_type: 1, unit_code: 1, indicator_id: 1, target: 1 },
  plan_baselines: {
    id: 1,
    plan_id: 1,
    indicator_id: 1,
    value: 1,
    note: 1,
    recorded_by: 1,
    recorded_at: 1,
  },
  local_tasks: {
    seq: 1,
    plan_id: 1,
    title_zh: 1,
    area: 1,
    start_on: 1,
    deadline: 1,
    indicators: 1,
    basis: 1,
    created_by: 1,
    created_at: 1,
  },
  task_assignments: {
    id: 1,
    plan_id: 1,
    task_id: 1,
    lead_code: 1,
    lead_name: 1,
    partners: 1,
    note: 1,
    assigned_by: 1,
    assigned_at: 1,
  },
  task_checkins: {
    id: 1,
    plan_id: 1,
    task_id: 1,
    dept_code: 1,
    percent: 1,
    note: 1,
    filed_by: 1,
    filed_at: 1,
    state: 1,
    reviewed_by: 1,
    reviewed_at: 1,
    review_reason: 1,
  },
  task_evidence: {
    id: 1,
    checkin_id: 1,
    dept_code: 1,
    uploaded_by: 1,
    uploaded_at: 1,
    file_name: 1,
    content_type: 1,
    bytes: 1,
    sha256: 1,
    body: 1,
  },
  publicity_windows: {
    id: 1,
    period_key: 1,
    unit_type: 1,
    opened_by: 1,
    opened_at: 1,
    closes_at: 1,
    remind_days: 1,
    publish_requested_by: 1,
    publish_requested_at: 1,
    ended_at: 1,
    ended_by: 1,
    end_reason: 1,
  },
  appeals: {
    id: 1,
    window_id: 1,
    unit_code: 1,
    subject_kind: 1,
    subject_ref: 1,
    reason: 1,
    status: 1,
    created_by: 1,
    created_at: 1,
    updated_at: 1,
    filed_by: 1,
    filed_at: 1,
    decided_by: 1,
    decided_at: 1,
    decision_reason: 1,
    adjustment_id: 1,
  },
  appeal_evidence: {
    id: 1,
    appeal_id: 1,
    dept_code: 1,
    uploaded_by: 1,
    uploaded_at: 1,
    file_name: 1,
    content_type: 1,
    bytes: 1,
    sha256: 1,
    body: 1,
  },
  indicator_notes: {
    id: 1,
    indicator_id: 1,
    scope_kind: 1,
    scope_code: 1,
    year: 1,
    month: 1,
    kind: 1,
    body: 1,
    author: 1,
    created_at: 1,
    selected: 1,
    selected_by: 1,
    selected_at: 1,
  },
  alert_rules: {
    id: 1,
    name: 1,
    kind: 1,
    params: 1,
    audience: 1,
    emails: 1,
    webhook_kind: 1,
    webhook_url: 1,
    webhook_secret: 1,
    enabled: 1,
    created_by: 1,
    created_at: 1,
  },
  alert_subscriptions: { id: 1, username: 1, kind: 1, email: 1, created_at: 1 },
  alert_deliveries: {
    id: 1,
    key: 1,
    origin: 1,
    origin_id: 1,
    origin_name: 1,
    kind: 1,
    channel: 1,
    recipient: 1,
    dept_code: 1,
    subject: 1,
    status: 1,
    attempts: 1,
    batch: 1,
    last_error: 1,
    created_at: 1,
    claimed_at: 1,
    sent_at: 1,
    next_attempt_at: 1,
  },
  notifications: {
    id: 1,
    username: 1,
    delivery_id: 1,
    title: 1,
    body: 1,
    link: 1,
    created_at: 1,
    read_at: 1,
  },
  audit_log: { id: 1, at: 1, actor: 1, action: 1, target: 1, detail: 1, before: 1, after: 1 },
  leases: { name: 1, holder: 1, generation: 1, acquired_at: 1, expires_at: 1 },
  app_secrets: { name: 1, value: 1, created_at: 1 },
  legacy_imports: { source: 1, imported_at: 1, counts: 1, skipped: 1 },
  schema_migrations: { version: 1, name: 1, checksum: 1, applied_at: 1 },
} satisfies { [T in keyof MetaDb]: Record<keyof MetaDb[T], 1> }

const tmp = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix))
const HASH = 'a'.repeat(64)

async function tables(store: MetaStore): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`
    SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`.execute(
    store.db,
  )
  return rows.map((r) => r.table_name)
}

/** A migrations dir holding the real ones plus `extra` files. */
const scratch: string[] = []
afterAll(() => {
  for (const d of scratch) fs.rmSync(d, { recursive: true, force: true })
})
function migrationsWith(extra: Record<string, string>): string {
  const dir = tmp('meta-mig-')
  scratch.push(dir)
  for (const f of fs.readdirSync(META_MIGRATIONS_DIR))
    fs.copyFileSync(path.join(META_MIGRATIONS_DIR, f), path.join(dir, f))
  for (const [f, text] of Object.entries(extra)) fs.writeFileSync(path.join(dir, f), text)
  return dir
}

/** The suite both backends pass. `fresh` opens an empty store; `reopen` opens the same one again. */
function storeSuite(env: { fresh: () => Promise<{ store: MetaStore; reopen: () => Promise<MetaStore> }> }) {
  it('migrates, and a second run is a no-op; the tables match schema.ts', async () => {
    const { store } = await env.fresh()
    try {
      const first = await migrateMeta(store.db)
      expect(first.applied.map((m) => m.file)).toEqual(listMetaMigrations().map((m) => m.file))
      const second = await migrateMeta(store.db)
      expect(second.applied).toEqual([])
      expect(second.version).toBe(first.version)
      expect(await tables(store)).toEqual(Object.keys(COLUMNS).sort())
      const { rows } = await sql<{ table_name: string; column_name: string }>`
        SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'`.execute(
        store.db,
      )
      const found: Record<string, string[]> = {}
      for (const r of rows) found[r.table_name] = [...(found[r.table_name] ?? []), r.column_name]
      for (const [table, cols] of Object.entries(COLUMNS))
        expect([...(found[table] ?? [])].sort(), table).toEqual(Object.keys(cols).sort())
    } finally {
      await store.close()
    }
  })

  it('leaves nothing of a migration that fails half-way, and applies it once fixed', async () => {
    const { store } = await env.fresh()
    try {
      const bad = 'CREATE TABLE half_done (x integer);\nINSERT INTO half_done VALUES (1);\nSELECT 1 / 0;\n'
      const dir = migrationsWith({ '0900_create_half_done.sql': bad })
      await expect(migrateMeta(store.db, { dir })).rejects.toThrow(/division by zero/)
      expect(await tables(store)).not.toContain('half_done')
      const versions = await store.db.selectFrom('schema_migrations').select('version').execute()
      expect(versions.map((v) => v.version)).not.toContain(900)
      expect(versions).toHaveLength(listMetaMigrations().length)

      // A run "killed" after the SQL but before the record: the file is re-applied next time.
      fs.writeFileSync(path.join(dir, '0900_create_half_done.sql'), 'CREATE TABLE half_done (x integer);\n')
      await expect(
        migrateMeta(store.db, {
          dir,
          beforeRecord: () => {
            throw new Error('killed')
          },
        }),
      ).rejects.toThrow('killed')
      expect(await tables(store)).not.toContain('half_done')
      const again = await migrateMeta(store.db, { dir })
      expect(again.applied.map((m) => m.version)).toEqual([900])
      expect(again.version).toBe(900)
      expect(await tables(store)).toContain('half_done')
    } finally {
      await store.close()
    }
  })

  it('writes and reads through Kysely, with keys and checks as constraints', async () => {
    const { store } = await env.fresh()
    const { db } = store
    try {
      await migrateMeta(db)
      await db
        .insertInto('users')
        .values({
          username: 'alice',
          display_name: '爱丽丝',
          role: 'evaluator',
          dept_code: null,
          password_hash: 'h',
        })
        .execute()
      const user = await db
        .selectFrom('users')
        .selectAll()
        .where('username', '=', 'alice')
        .executeTakeFirstOrThrow()
      expect(user).toMatchObject({
        display_name: '爱丽丝',
        role: 'evaluator',
        dept_code: null,
        disabled: false,
      })
      expect(user.password_changed_at).toBeInstanceOf(Date)
      // usernames are unique: a constraint, not a read-then-write
      await expect(
        db
          .insertInto('users')
          .values({
            username: 'alice',
            display_name: 'x',
            role: 'admin',
            dept_code: null,
            password_hash: 'h',
          })
          .execute(),
      ).rejects.toThrow(/duplicate key|unique/i)

      const expires = new Date(Date.now() + 3_600_000)
      await db
        .insertInto('sessions')
        .values({ token_hash: HASH, username: 'alice', expires_at: expires })
        .execute()
      const s = await db
        .selectFrom('sessions')
        .selectAll()
        .where('token_hash', '=', HASH)
        .executeTakeFirstOrThrow()
      expect(s.expires_at.getTime()).toBe(expires.getTime())
      expect(s.revoked_at).toBeNull()
      // a session needs an account
      await expect(
        db
          .insertInto('sessions')
          .values({ token_hash: 'b'.repeat(64), username: 'nobody', expires_at: expires })
          .execute(),
      ).rejects.toThrow(/foreign key/i)

      // freeze + adjustment + audit entry in one transaction; one ranking per period × unit type
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('frozen_rankings')
          .values({
            period_key: '2025-06',
            unit_type: 'town',
            scheme_id: 's1',
            status: 'frozen',
            payload: '{"rows":[]}',
            changed_by: 'alice',
          })
          .execute()
        await trx
          .insertInto('score_adjustments')
          .values({
            period_key: '2025-06',
            unit_type: 'town',
            unit_code: 'T01',
            points: -1.5,
            reason: '迟报',
            author: 'alice',
          })
          .execute()
        await trx.insertInto('audit_log').values({ actor: 'alice', action: 'ranking.freeze' }).execute()
      })
      await expect(
        db
          .insertInto('frozen_rankings')
          .values({
            period_key: '2025-06',
            unit_type: 'town',
            scheme_id: 's2',
            status: 'frozen',
            payload: '{}',
            changed_by: 'bob',
          })
          .execute(),
      ).rejects.toThrow(/duplicate key|unique/i)
      // a failed transaction leaves nothing
      await expect(
        db.transaction().execute(async (trx) => {
          await trx.insertInto('audit_log').values({ actor: 'alice', action: 'ranking.publish' }).execute()
          await trx
            .updateTable('frozen_rankings')
            .set({ status: 'bogus' as 'published' })
            .execute()
        }),
      ).rejects.toThrow(/check constraint/i)
      const audit = await db.selectFrom('audit_log').selectAll().orderBy('id').execute()
      expect(audit.map((a) => [a.action, a.target, a.detail])).toEqual([['ranking.freeze', '', '']])
      expect(typeof audit[0]!.id).toBe('number')
      const adj = await db.selectFrom('score_adjustments').select(['points', 'reason']).execute()
      expect(adj).toEqual([{ points: -1.5, reason: '迟报' }])
      const n = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
      expect(n.n).toBe(1)
      const upd = await db
        .updateTable('users')
        .set({ disabled: true })
        .where('username', '=', 'alice')
        .executeTakeFirst()
      expect(upd.numUpdatedRows).toBe(1n)
    } finally {
      await store.close()
    }
  })

  it('keeps its data across close and reopen', async () => {
    const { store, reopen } = await env.fresh()
    await migrateMeta(store.db)
    await store.db
      .insertInto('audit_log')
      .values({ actor: 'system', action: 'test.persist', detail: '持久' })
      .execute()
    await store.close()
    await store.close() // idempotent
    const again = await reopen()
    try {
      expect((await migrateMeta(again.db)).applied).toEqual([])
      const rows = await again.db.selectFrom('audit_log').select(['action', 'detail']).execute()
      expect(rows).toEqual([{ action: 'test.persist', detail: '持久' }])
    } finally {
      await again.close()
    }
  })
}

describe('metadata store on PGlite (embedded, DATA_DIR/meta)', () => {
  const dirs: string[] = []
  afterAll(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
  })
  storeSuite({
    fresh: async () => {
      const dataDir = tmp('meta-lite-')
      dirs.push(dataDir)
      const store = await openMetaStore({ dataDir })
      expect(store.backend).toBe('pglite')
      expect(fs.statSync(metaDir(dataDir)).mode & 0o777).toBe(0o700)
      return { store, reopen: () => openMetaStore({ dataDir }) }
    },
  })
})

const havePg = pgServerAvailable()
if (!havePg)
  console.warn(
    'meta/store.test.ts: skipping the PostgreSQL server block — no initdb/pg_ctl under /usr/lib/postgresql/15/bin (apt-get install postgresql, or `npm test` via .ci/system-deps)',
  )

describe.skipIf(!havePg)('metadata store on a PostgreSQL server (DATABASE_URL)', () => {
  let server: PgServer
  let n = 0
  beforeAll(async () => {
    server = await startPgServer()
  })
  afterAll(async () => {
    await server?.stop()
  })
  storeSuite({
    fresh: async () => {
      const url = createDatabase(server, `meta_test_${++n}`)
      const store = await openMetaStore({ dataDir: '/nonexistent', databaseUrl: url })
      expect(store.backend).toBe('postgres')
      return { store, reopen: () => openMetaStore({ dataDir: '/nonexistent', databaseUrl: url }) }
    },
  })

  it('lets two processes migrate at once: each file is applied exactly once', async () => {
    const url = createDatabase(server, 'meta_test_race')
    const a = await openMetaStore({ dataDir: '/nonexistent', databaseUrl: url })
    const b = await openMetaStore({ dataDir: '/nonexistent', databaseUrl: url })
    try {
      const [ra, rb] = await Promise.all([migrateMeta(a.db), migrateMeta(b.db)])
      expect(ra.applied.length + rb.applied.length).toBe(listMetaMigrations().length)
      expect(ra.version).toBe(rb.version)
    } finally {
      await Promise.all([a.close(), b.close()])
    }
  })
})
