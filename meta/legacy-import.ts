import { type Kysely, sql, type Transaction } from 'kysely'
import type { QueryParams, Warehouse } from '../warehouse/client'
import type { MetaDb, RankingStatus, Role, UnitType } from './schema'

/**
 * One-time upgrade of a DATA_DIR (or a ClickHouse server) from the version that kept the
 * application state in ClickHouse (warehouse/migrations/0005–0007): every account, session,
 * official ranking, target override, adjustment and audit entry is copied into the metadata
 * store in ONE PostgreSQL transaction, checked, and marked done in `legacy_imports`.
 *
 * Start-up order: migrateMeta → importLegacyAppState → the warehouse's migrate (which, from
 * 0008 on, drops the legacy tables) → seeding. A failed import throws and must stop start-up
 * before the warehouse is migrated: the transaction rolled back, the ClickHouse tables are
 * untouched, and the next start tries again.
 *
 * Reading ClickHouse:
 * - the ReplacingMergeTree tables (users, sessions, frozen_rankings, target_overrides) with
 *   FINAL, so older `_version`s of a key are not imported; paged by their key (keyset). The
 *   only WHERE beside FINAL is that keyset condition on the key columns; other filters
 *   (expired sessions) are applied here, on the rows FINAL returned;
 * - the append-only tables (score_adjustments, audit_log) in time order, paged by time with
 *   `LIMIT n WITH TIES` (a page never splits one millisecond, so rows that share a time, even
 *   identical rows, are neither skipped nor read twice), all rows kept.
 * Memory stays bounded by a page (1000 rows; 50 rankings, whose payloads are large).
 *
 * Mapping: DateTime64(3, 'Asia/Shanghai') is read as epoch milliseconds
 * (toUnixTimestamp64Milli) and written as timestamptz instants; 64-bit integers may arrive
 * as JSON strings (server) or numbers (chDB), both are accepted. Times the old tables did not
 * keep are derived: users.created_at is the earliest stored version's insert time and
 * updated_at the newest's; a revoked session's revoked_at and an override's uploaded_at are
 * the time inside their newest `_version` (written as Date.now() × 1000 + n), or the import
 * time when that is not a plausible time. PostgreSQL text cannot hold U+0000 (ClickHouse
 * can, e.g. a username typed at a failed sign-in): it becomes U+FFFD, and such rows are
 * counted in `altered`.
 *
 * Decisions:
 * - Conflicts: the import runs before any seeding, so the metadata store is normally empty.
 *   If a key already exists there (e.g. an `admin` from a start whose import had not run),
 *   the legacy row wins (INSERT … ON CONFLICT DO UPDATE), and how many were overwritten
 *   is logged and returned. Adjustments and audit entries are appended as they are, keeping their `at`,
 *   beside whatever the store already holds.
 * - Sessions already expired at the import are not copied (they can never sign anyone in
 *   again; the audit log keeps the sign-ins), nor sessions of an account that exists in
 *   neither store (the old code never made one; PostgreSQL's foreign key would refuse it).
 *   Both are counted in `skipped`. Revoked, unexpired sessions are copied as revoked.
 * - Verification, inside the transaction: per table, the rows now in PostgreSQL that came
 *   from ClickHouse (the count after the copy, minus the rows that were there before and
 *   were not overwritten) must equal the count ClickHouse reports (less the skipped
 *   sessions), and every page read must add up to that count; otherwise it throws and
 *   nothing is written.
 */

/** The legacy tables, in import order (accounts before the sessions that reference them). */
export const LEGACY_TABLES = [
  'users',
  'sessions',
  'frozen_rankings',
  'target_overrides',
  'score_adjustments',
  'audit_log',
] as const
export type LegacyTable = (typeof LEGACY_TABLES)[number]

/** The marker's key in `legacy_imports`: the application state once kept in ClickHouse. */
export const LEGACY_SOURCE = 'clickhouse-app-state'

export type LegacyCounts = Partial<Record<LegacyTable, number>>

export interface LegacySkipped {
  /** Sessions that had expired by the import. */
  sessions_expired: number
  /** Sessions whose account exists nowhere. */
  sessions_orphaned: number
}

export type LegacyImportResult =
  | {
      imported: false
      /** `no-legacy-tables`: nothing to import (a new DATA_DIR, or already dropped); `already-imported`: the marker is there. */
      reason: 'no-legacy-tables' | 'already-imported'
    }
  | {
      imported: true
      /** Rows copied per table (tables that existed only). */
      counts: LegacyCounts
      /** Existing metadata rows replaced by the legacy row of the same key, per table. */
      overwritten: LegacyCounts
      /** Rows whose text had U+0000 replaced, per table. */
      altered: LegacyCounts
      skipped: LegacySkipped
      ms: number
    }

export interface LegacyImportOptions {
  /** Rows per ClickHouse page and PostgreSQL insert (default 1000; rankings use at most 50). */
  pageSize?: number
}

/** The import refused or failed; the transaction rolled back, nothing was written. */
export class LegacyImportError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'LegacyImportError'
  }
}

/** An arbitrary constant: the advisory lock of the import ('legacy'), so two instances import once. */
const LOCK_KEY = 0x6c_6567_6163_79n
const lock = sql`SELECT pg_advisory_xact_lock(${sql.lit(LOCK_KEY.toString())}::bigint)`

type Trx = Transaction<MetaDb>

export async function importLegacyAppState(
  wh: Warehouse,
  db: Kysely<MetaDb>,
  log: (m: string) => void = () => {},
  opts: LegacyImportOptions = {},
): Promise<LegacyImportResult> {
  const pageSize = opts.pageSize ?? 1000
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new Error(`pageSize must be a positive integer`)
  const present = await legacyTablesIn(wh)
  if (present.size === 0) return { imported: false, reason: 'no-legacy-tables' }

  const started = Date.now()
  return db.transaction().execute(async (trx): Promise<LegacyImportResult> => {
    await lock.execute(trx)
    const done = await trx
      .selectFrom('legacy_imports')
      .select('imported_at')
      .where('source', '=', LEGACY_SOURCE)
      .executeTakeFirst()
    if (done) return { imported: false, reason: 'already-imported' }

    const ctx: ImportContext = {
      wh,
      trx,
      pageSize,
      now: Date.now(),
      counts: {},
      overwritten: {},
      altered: {},
      skipped: { sessions_expired: 0, sessions_orphaned: 0 },
    }
    for (const table of LEGACY_TABLES) {
      if (!present.has(table)) continue
      try {
        await COPY[table](ctx)
      } catch (err) {
        if (err instanceof LegacyImportError) throw err
        throw new LegacyImportError(
          `旧数据导入失败（表 ${table}），未写入任何数据：${errorText(err)} ` +
            `(legacy import failed at table ${table}; nothing was written)`,
          { cause: err },
        )
      }
      const extra = [
        ctx.overwritten[table] ? `，覆盖 ${ctx.overwritten[table]} 行已有数据` : '',
        table === 'sessions'
          ? `，跳过已过期 ${ctx.skipped.sessions_expired}、无对应账号 ${ctx.skipped.sessions_orphaned}`
          : '',
      ].join('')
      log(
        `从 ClickHouse 导入旧数据 ${table}：${ctx.counts[table]} 行${extra} ` +
          `(legacy import: ${table}, ${ctx.counts[table]} rows` +
          `${ctx.overwritten[table] ? `, ${ctx.overwritten[table]} existing overwritten` : ''}` +
          `${table === 'sessions' ? `, skipped ${ctx.skipped.sessions_expired} expired and ${ctx.skipped.sessions_orphaned} without an account` : ''})`,
      )
    }
    await trx
      .insertInto('legacy_imports')
      .values({
        source: LEGACY_SOURCE,
        counts: JSON.stringify(ctx.counts),
        skipped: JSON.stringify({ ...ctx.skipped, altered: ctx.altered, overwritten: ctx.overwritten }),
      })
      .execute()
    return {
      imported: true,
      counts: ctx.counts,
      overwritten: ctx.overwritten,
      altered: ctx.altered,
      skipped: ctx.skipped,
      ms: Date.now() - started,
    }
  })
}

/** Which legacy tables the warehouse's current database holds (names only from the allow-list). */
export async function legacyTablesIn(wh: Warehouse): Promise<Set<LegacyTable>> {
  const rows = await wh.rows<{ name: string }>(
    'SELECT name FROM system.tables WHERE database = currentDatabase() AND name IN {names:Array(String)}',
    { names: [...LEGACY_TABLES] },
  )
  return new Set(LEGACY_TABLES.filter((t) => rows.some((r) => r.name === t)))
}

interface ImportContext {
  wh: Warehouse
  trx: Trx
  pageSize: number
  /** The import's time (epoch ms): the expiry cutoff and the fallback for times not kept. */
  now: number
  counts: LegacyCounts
  overwritten: LegacyCounts
  altered: LegacyCounts
  skipped: LegacySkipped
}

// --- values as ClickHouse sends them ---

/** A number sent as a JSON number (chDB, Float64 anywhere) or a string (64-bit integers over HTTP). */
function num(v: unknown, what: string): number {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v
  if (typeof n !== 'number' || !Number.isFinite(n))
    throw new LegacyImportError(
      `旧数据中 ${what} 不是有限数值：${String(v)} (${what} is not a finite number)`,
    )
  return n
}

function date(ms: unknown, what: string): Date {
  return new Date(num(ms, what))
}

const EARLIEST_PLAUSIBLE = Date.UTC(2020, 0, 1)
/** A time kept inside a `_version` (Date.now() × 1000 + n, divided back by ClickHouse), if plausible. */
function versionTime(ms: unknown, ctx: ImportContext, notBefore = EARLIEST_PLAUSIBLE): Date {
  const n = Number(ms)
  return new Date(Number.isFinite(n) && n >= notBefore && n <= ctx.now ? n : ctx.now)
}

/** Text for PostgreSQL: U+0000 (which text cannot hold) becomes U+FFFD; `hit` notes the row. */
function text(v: unknown, hit: { altered: boolean }): string {
  const s = v == null ? '' : String(v)
  if (!s.includes('\u0000')) return s
  hit.altered = true
  return s.replaceAll('\u0000', '\uFFFD')
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

// --- reading ---

async function countIn(wh: Warehouse, query: string): Promise<number> {
  const [r] = await wh.rows<{ n: unknown }>(query)
  return num(r?.n ?? 0, 'count()')
}

/**
 * Pages of a FINAL read in key order: `where` is a keyset condition on the key columns
 * (the only filter allowed beside FINAL), used from the second page on with the last key.
 */
async function* keysetPages<R>(
  wh: Warehouse,
  q: {
    select: string
    where: string
    orderBy: string
    limit: number
    cursor: (last: R) => QueryParams
  },
): AsyncGenerator<R[]> {
  let cursor: QueryParams | undefined
  for (;;) {
    const rows = await wh.rows<R>(
      `${q.select} ${cursor ? `WHERE ${q.where}` : ''} ORDER BY ${q.orderBy} LIMIT {limit:UInt32}`,
      { ...cursor, limit: q.limit },
    )
    if (rows.length === 0) return
    yield rows
    if (rows.length < q.limit) return
    cursor = q.cursor(rows[rows.length - 1]!)
  }
}

/**
 * Pages in time order: `LIMIT n WITH TIES` returns every row of the last page's last
 * millisecond, so the next page starts strictly after it.
 */
async function* timePages<R extends { at_ms: unknown }>(
  wh: Warehouse,
  q: { select: string; limit: number },
): AsyncGenerator<R[]> {
  let after: number | undefined
  for (;;) {
    const rows = await wh.rows<R>(
      `${q.select} ${after === undefined ? '' : 'WHERE at > fromUnixTimestamp64Milli({after:Int64})'}
       ORDER BY at LIMIT {limit:UInt32} WITH TIES`,
      after === undefined ? { limit: q.limit } : { after, limit: q.limit },
    )
    if (rows.length === 0) return
    yield rows
    if (rows.length < q.limit) return
    const next = num(rows[rows.length - 1]!.at_ms, 'at')
    // Cannot happen with rows ordered by time; a guard against reading the same page forever.
    if (after !== undefined && next <= after)
      throw new LegacyImportError(`分页读取未前进 (paging did not advance at ${next})`)
    after = next
  }
}

// --- writing ---

async function countPg(trx: Trx, t: keyof MetaDb): Promise<number> {
  const r = await trx
    .selectFrom(t)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

/**
 * The check every table ends with: the legacy rows now in PostgreSQL (all rows, minus those
 * that were there before and not overwritten) equal what ClickHouse holds (less skipped).
 */
async function verify(
  ctx: ImportContext,
  t: LegacyTable,
  f: { chCount: number; read: number; skipped: number; before: number; overwritten: number },
): Promise<void> {
  if (f.read !== f.chCount)
    throw new LegacyImportError(
      `旧数据在导入期间发生变化：${t} 计数 ${f.chCount} 行，读到 ${f.read} 行 ` +
        `(legacy table ${t} changed while it was read: count ${f.chCount}, read ${f.read}; stop the old version and retry)`,
    )
  const after = await countPg(ctx.trx, t)
  const fromLegacy = after - (f.before - f.overwritten)
  const expected = f.chCount - f.skipped
  if (fromLegacy !== expected)
    throw new LegacyImportError(
      `旧数据核对失败：${t} 在 ClickHouse 中 ${expected} 行，导入后 PostgreSQL 中 ${fromLegacy} 行 ` +
        `(legacy import check failed for ${t}: ${expected} rows in ClickHouse, ${fromLegacy} in PostgreSQL; nothing was written)`,
    )
  ctx.counts[t] = fromLegacy
  if (f.overwritten) ctx.overwritten[t] = f.overwritten
}

function noteAltered(ctx: ImportContext, t: LegacyTable, hit: { altered: boolean }) {
  if (hit.altered) ctx.altered[t] = (ctx.altered[t] ?? 0) + 1
}

// --- the tables ---

interface ChUser {
  username: string
  display_name: string
  role: string
  dept_code: string | null
  password_hash: string
  disabled: boolean | number
  password_changed_ms: unknown
  /** The newest version's insert time (its created_at column, DEFAULT now64). */
  updated_ms: unknown
}

async function copyUsers(ctx: ImportContext): Promise<void> {
  const { wh, trx } = ctx
  const t = 'users' as const
  const chCount = await countIn(wh, 'SELECT count() AS n FROM users FINAL')
  const before = await countPg(trx, t)
  let read = 0
  let overwritten = 0
  const pages = keysetPages<ChUser>(wh, {
    select: `SELECT username, display_name, role, dept_code, password_hash, disabled,
                    toUnixTimestamp64Milli(password_changed_at) AS password_changed_ms,
                    toUnixTimestamp64Milli(created_at) AS updated_ms
             FROM users FINAL`,
    where: 'username > {after:String}',
    orderBy: 'username',
    limit: ctx.pageSize,
    cursor: (last) => ({ after: last.username }),
  })
  for await (const page of pages) {
    read += page.length
    const names = page.map((u) => u.username)
    // Each version's created_at is its insert time: the earliest still stored is the account's creation.
    const firsts = await wh.rows<{ username: string; first_ms: unknown }>(
      `SELECT username, toUnixTimestamp64Milli(min(created_at)) AS first_ms FROM users
       WHERE username IN {names:Array(String)} GROUP BY username`,
      { names },
    )
    const firstOf = new Map(firsts.map((f) => [f.username, f.first_ms]))
    const rows = page.map((u) => {
      const hit = { altered: false }
      const row = {
        username: text(u.username, hit),
        display_name: text(u.display_name, hit),
        role: text(u.role, hit) as Role,
        dept_code: u.dept_code == null ? null : text(u.dept_code, hit),
        password_hash: text(u.password_hash, hit),
        disabled: Boolean(u.disabled),
        password_changed_at: date(u.password_changed_ms, 'users.password_changed_at'),
        created_at: date(firstOf.get(u.username) ?? u.updated_ms, 'users.created_at'),
        updated_at: date(u.updated_ms, 'users.created_at'),
      }
      noteAltered(ctx, t, hit)
      return row
    })
    const existing = await trx
      .selectFrom(t)
      .select('username')
      .where(
        'username',
        'in',
        rows.map((r) => r.username),
      )
      .execute()
    overwritten += existing.length
    await trx
      .insertInto(t)
      .values(rows)
      .onConflict((oc) =>
        oc.column('username').doUpdateSet((eb) => ({
          display_name: eb.ref('excluded.display_name'),
          role: eb.ref('excluded.role'),
          dept_code: eb.ref('excluded.dept_code'),
          password_hash: eb.ref('excluded.password_hash'),
          disabled: eb.ref('excluded.disabled'),
          password_changed_at: eb.ref('excluded.password_changed_at'),
          created_at: eb.ref('excluded.created_at'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute()
  }
  await verify(ctx, t, { chCount, read, skipped: 0, before, overwritten })
}

interface ChSession {
  token_hash: string
  username: string
  created_ms: unknown
  expires_ms: unknown
  revoked: boolean | number
  version_ms: unknown
}

async function copySessions(ctx: ImportContext): Promise<void> {
  const { wh, trx } = ctx
  const t = 'sessions' as const
  const chCount = await countIn(wh, 'SELECT count() AS n FROM sessions FINAL')
  const before = await countPg(trx, t)
  let read = 0
  let overwritten = 0
  let skipped = 0
  const pages = keysetPages<ChSession>(wh, {
    select: `SELECT token_hash, username, toUnixTimestamp64Milli(created_at) AS created_ms,
                    toUnixTimestamp64Milli(expires_at) AS expires_ms, revoked,
                    intDiv(_version, 1000) AS version_ms
             FROM sessions FINAL`,
    where: 'token_hash > {after:String}',
    orderBy: 'token_hash',
    limit: ctx.pageSize,
    cursor: (last) => ({ after: last.token_hash }),
  })
  for await (const page of pages) {
    read += page.length
    const live = page.filter((s) => num(s.expires_ms, 'sessions.expires_at') > ctx.now)
    ctx.skipped.sessions_expired += page.length - live.length
    const mapped = live.map((s) => {
      const hit = { altered: false }
      const created = num(s.created_ms, 'sessions.created_at')
      const row = {
        token_hash: text(s.token_hash, hit),
        username: text(s.username, hit),
        created_at: new Date(created),
        expires_at: date(s.expires_ms, 'sessions.expires_at'),
        revoked_at: s.revoked ? versionTime(s.version_ms, ctx, created) : null,
      }
      return { row, hit }
    })
    const names = [...new Set(mapped.map((m) => m.row.username))]
    const known = new Set(
      names.length
        ? (await trx.selectFrom('users').select('username').where('username', 'in', names).execute()).map(
            (u) => u.username,
          )
        : [],
    )
    const kept = mapped.filter((m) => known.has(m.row.username))
    ctx.skipped.sessions_orphaned += mapped.length - kept.length
    skipped += page.length - kept.length
    if (kept.length === 0) continue
    for (const m of kept) noteAltered(ctx, t, m.hit)
    const rows = kept.map((m) => m.row)
    const hashes = rows.map((r) => r.token_hash)
    overwritten += (await trx.selectFrom(t).select('token_hash').where('token_hash', 'in', hashes).execute())
      .length
    await trx
      .insertInto(t)
      .values(rows)
      .onConflict((oc) =>
        oc.column('token_hash').doUpdateSet((eb) => ({
          username: eb.ref('excluded.username'),
          created_at: eb.ref('excluded.created_at'),
          expires_at: eb.ref('excluded.expires_at'),
          revoked_at: eb.ref('excluded.revoked_at'),
        })),
      )
      .execute()
  }
  await verify(ctx, t, { chCount, read, skipped, before, overwritten })
}

interface ChRanking {
  period_key: string
  unit_type: string
  scheme_id: string
  status: string
  payload: string
  changed_by: string
  changed_ms: unknown
}

async function copyFrozenRankings(ctx: ImportContext): Promise<void> {
  const { wh, trx } = ctx
  const t = 'frozen_rankings' as const
  const chCount = await countIn(wh, 'SELECT count() AS n FROM frozen_rankings FINAL')
  const before = await countPg(trx, t)
  let read = 0
  let overwritten = 0
  const pages = keysetPages<ChRanking>(wh, {
    select: `SELECT period_key, unit_type, scheme_id, status, payload, changed_by,
                    toUnixTimestamp64Milli(changed_at) AS changed_ms
             FROM frozen_rankings FINAL`,
    where: '(period_key, unit_type) > ({p:String}, {u:String})',
    orderBy: 'period_key, unit_type',
    // A payload is a whole ranking (tens to hundreds of KB): smaller pages.
    limit: Math.min(ctx.pageSize, 50),
    cursor: (last) => ({ p: last.period_key, u: last.unit_type }),
  })
  for await (const page of pages) {
    read += page.length
    const rows = page.map((r) => {
      const hit = { altered: false }
      const row = {
        period_key: text(r.period_key, hit),
        unit_type: text(r.unit_type, hit) as UnitType,
        scheme_id: text(r.scheme_id, hit),
        status: text(r.status, hit) as RankingStatus,
        payload: text(r.payload, hit),
        changed_by: text(r.changed_by, hit),
        changed_at: date(r.changed_ms, 'frozen_rankings.changed_at'),
      }
      noteAltered(ctx, t, hit)
      return row
    })
    const existing = await trx
      .selectFrom(t)
      .select('period_key')
      .where((eb) =>
        eb(
          eb.refTuple('period_key', 'unit_type'),
          'in',
          rows.map((r) => eb.tuple(r.period_key, r.unit_type)),
        ),
      )
      .execute()
    overwritten += existing.length
    await trx
      .insertInto(t)
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['period_key', 'unit_type']).doUpdateSet((eb) => ({
          scheme_id: eb.ref('excluded.scheme_id'),
          status: eb.ref('excluded.status'),
          payload: eb.ref('excluded.payload'),
          changed_by: eb.ref('excluded.changed_by'),
          changed_at: eb.ref('excluded.changed_at'),
        })),
      )
      .execute()
  }
  await verify(ctx, t, { chCount, read, skipped: 0, before, overwritten })
}

interface ChOverride {
  year: unknown
  unit_type: string
  unit_code: string
  indicator_id: string
  target: unknown
  uploaded_by: string
  version_ms: unknown
}

async function copyTargetOverrides(ctx: ImportContext): Promise<void> {
  const { wh, trx } = ctx
  const t = 'target_overrides' as const
  const chCount = await countIn(wh, 'SELECT count() AS n FROM target_overrides FINAL')
  const before = await countPg(trx, t)
  let read = 0
  let overwritten = 0
  const pages = keysetPages<ChOverride>(wh, {
    select: `SELECT year, unit_type, unit_code, indicator_id, target, uploaded_by,
                    intDiv(_version, 1000) AS version_ms
             FROM target_overrides FINAL`,
    where: '(year, unit_type, unit_code, indicator_id) > ({y:UInt16}, {u:String}, {c:String}, {i:String})',
    orderBy: 'year, unit_type, unit_code, indicator_id',
    limit: ctx.pageSize,
    cursor: (last) => ({
      y: num(last.year, 'year'),
      u: last.unit_type,
      c: last.unit_code,
      i: last.indicator_id,
    }),
  })
  for await (const page of pages) {
    read += page.length
    const rows = page.map((o) => {
      const hit = { altered: false }
      const row = {
        year: num(o.year, 'target_overrides.year'),
        unit_type: text(o.unit_type, hit) as UnitType,
        unit_code: text(o.unit_code, hit),
        indicator_id: text(o.indicator_id, hit),
        target: num(o.target, 'target_overrides.target'),
        uploaded_by: text(o.uploaded_by, hit),
        uploaded_at: versionTime(o.version_ms, ctx),
      }
      noteAltered(ctx, t, hit)
      return row
    })
    const existing = await trx
      .selectFrom(t)
      .select('year')
      .where((eb) =>
        eb(
          eb.refTuple('year', 'unit_type', 'unit_code', 'indicator_id'),
          'in',
          rows.map((r) => eb.tuple(r.year, r.unit_type, r.unit_code, r.indicator_id)),
        ),
      )
      .execute()
    overwritten += existing.length
    await trx
      .insertInto(t)
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['year', 'unit_type', 'unit_code', 'indicator_id']).doUpdateSet((eb) => ({
          target: eb.ref('excluded.target'),
          uploaded_by: eb.ref('excluded.uploaded_by'),
          uploaded_at: eb.ref('excluded.uploaded_at'),
        })),
      )
      .execute()
  }
  await verify(ctx, t, { chCount, read, skipped: 0, before, overwritten })
}

/** A time-ordered page may exceed the page size (rows sharing its last millisecond): insert it in slices. */
function* slices<T>(rows: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size)
}

/** Rows of one page in a fixed order: time, then the other columns (identities follow it). */
function byTimeThen<R extends { at: number }>(keys: readonly (keyof R)[]) {
  return (a: R, b: R) => {
    if (a.at !== b.at) return a.at - b.at
    for (const k of keys) {
      const x = String(a[k])
      const y = String(b[k])
      if (x !== y) return x < y ? -1 : 1
    }
    return 0
  }
}

interface ChAdjustment {
  period_key: string
  unit_type: string
  unit_code: string
  points: unknown
  reason: string
  author: string
  at_ms: unknown
}

async function copyScoreAdjustments(ctx: ImportContext): Promise<void> {
  const { wh, trx } = ctx
  const t = 'score_adjustments' as const
  const chCount = await countIn(wh, 'SELECT count() AS n FROM score_adjustments')
  const before = await countPg(trx, t)
  let read = 0
  const pages = timePages<ChAdjustment>(wh, {
    select: `SELECT period_key, unit_type, unit_code, points, reason, author,
                    toUnixTimestamp64Milli(at) AS at_ms
             FROM score_adjustments`,
    limit: ctx.pageSize,
  })
  for await (const page of pages) {
    read += page.length
    const rows = page
      .map((a) => {
        const hit = { altered: false }
        const row = {
          period_key: text(a.period_key, hit),
          unit_type: text(a.unit_type, hit) as UnitType,
          unit_code: text(a.unit_code, hit),
          points: num(a.points, 'score_adjustments.points'),
          reason: text(a.reason, hit),
          author: text(a.author, hit),
          at: num(a.at_ms, 'score_adjustments.at'),
        }
        noteAltered(ctx, t, hit)
        return row
      })
      .sort(byTimeThen(['period_key', 'unit_type', 'unit_code', 'points', 'reason', 'author']))
    for (const slice of slices(rows, ctx.pageSize))
      await trx
        .insertInto(t)
        .values(slice.map((r) => ({ ...r, at: new Date(r.at) })))
        .execute()
  }
  await verify(ctx, t, { chCount, read, skipped: 0, before, overwritten: 0 })
}

interface ChAudit {
  at_ms: unknown
  actor: string
  action: string
  target: string
  detail: string
}

async function copyAuditLog(ctx: ImportContext): Promise<void> {
  const { wh, trx } = ctx
  const t = 'audit_log' as const
  const chCount = await countIn(wh, 'SELECT count() AS n FROM audit_log')
  const before = await countPg(trx, t)
  let read = 0
  const pages = timePages<ChAudit>(wh, {
    select: `SELECT toUnixTimestamp64Milli(at) AS at_ms, actor, action, target, detail
             FROM audit_log`,
    limit: ctx.pageSize,
  })
  for await (const page of pages) {
    read += page.length
    const rows = page
      .map((e) => {
        const hit = { altered: false }
        const row = {
          at: num(e.at_ms, 'audit_log.at'),
          actor: text(e.actor, hit),
          action: text(e.action, hit),
          target: text(e.target, hit),
          detail: text(e.detail, hit),
        }
        noteAltered(ctx, t, hit)
        return row
      })
      .sort(byTimeThen(['actor', 'action', 'target', 'detail']))
    for (const slice of slices(rows, ctx.pageSize))
      await trx
        .insertInto(t)
        .values(slice.map((r) => ({ ...r, at: new Date(r.at) })))
        .execute()
  }
  await verify(ctx, t, { chCount, read, skipped: 0, before, overwritten: 0 })
}

const COPY: Record<LegacyTable, (ctx: ImportContext) => Promise<void>> = {
  users: copyUsers,
  sessions: copySessions,
  frozen_rankings: copyFrozenRankings,
  target_overrides: copyTargetOverrides,
  score_adjustments: copyScoreAdjustments,
  audit_log: copyAuditLog,
}
