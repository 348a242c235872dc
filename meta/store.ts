import fs from 'node:fs'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  Kysely,
  PostgresAdapter,
  PostgresDialect,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely'
import pg from 'pg'
import type { MetaDb } from './schema'

/**
 * The application-state store: PostgreSQL, either embedded (PGlite, PostgreSQL compiled to
 * WASM, persisted in `DATA_DIR/meta`; nothing to install) or a server (`databaseUrl`, a pg
 * Pool). Same SQL and migrations on both; queries go through Kysely, typed by `MetaDb`.
 */
export interface MetaStoreOptions {
  /** DATA_DIR: the embedded database lives in `<dataDir>/meta` (created 0700). */
  dataDir: string
  /** `postgres://…`: use that server instead of the embedded database. */
  databaseUrl?: string | undefined
  /** Pool size for a server (default 10). */
  maxConnections?: number
  /** Embedded database in memory, nothing on disk (tests). */
  inMemory?: boolean
  /** In memory: start from this dump (PGlite `dumpDataDir`) instead of an empty cluster. */
  template?: Blob
}

/** The typed handle every application-state query goes through (a transaction is one too). */
export type MetaDatabase = Kysely<MetaDb>

export interface MetaStore {
  db: MetaDatabase
  backend: 'pglite' | 'postgres'
  /** Closes the pool or the embedded database (flushing it to disk). Idempotent. */
  close(): Promise<void>
  /** Embedded only: the whole database as a tarball (a template for `template`). */
  dump?(): Promise<Blob>
}

/** The PostgreSQL server of DATABASE_URL could not be reached (the cause says why). */
export class MetaUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`metadata store unreachable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause })
    this.name = 'MetaUnavailableError'
  }
}

/** Whether `err`, or an error it was caused by, is a MetaUnavailableError. */
export function isMetaUnavailable(err: unknown, depth = 0): boolean {
  if (err instanceof MetaUnavailableError) return true
  if (!err || typeof err !== 'object' || depth > 5) return false
  return isMetaUnavailable((err as { cause?: unknown }).cause, depth + 1)
}

/** The embedded database's directory under DATA_DIR. */
export const metaDir = (dataDir: string) => path.join(dataDir, 'meta')

/** PostgreSQL int8 (OID 20): counts and identities read as numbers on both backends. */
const INT8 = 20

export async function openMetaStore(opts: MetaStoreOptions): Promise<MetaStore> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.maxConnections ?? 10,
      connectionTimeoutMillis: 10_000,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === INT8 && format !== 'binary'
            ? (v: string) => Number(v)
            : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
      },
    })
    // An idle client's error (server restarted) must not crash the process; the next query fails instead.
    pool.on('error', () => {})
    // A server out of reach is told apart from the warehouse's outages (and from bad SQL).
    const connect = pool.connect.bind(pool) as () => Promise<pg.PoolClient>
    pool.connect = (async () => {
      try {
        return await connect()
      } catch (err) {
        throw new MetaUnavailableError(err)
      }
    }) as typeof pool.connect
    const db = new Kysely<MetaDb>({ dialect: new PostgresDialect({ pool }) })
    return { db, backend: 'postgres', close: once(() => db.destroy()) }
  }
  const parsers = { parsers: { [INT8]: (v: string) => Number(v) } }
  let lite: PGlite
  if (opts.inMemory)
    lite = await PGlite.create({ ...parsers, ...(opts.template ? { loadDataDir: opts.template } : {}) })
  else {
    const dir = metaDir(opts.dataDir)
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
    fs.chmodSync(dir, 0o700)
    lite = await PGlite.create(dir, parsers)
  }
  const db = new Kysely<MetaDb>({ dialect: new PGliteDialect(lite) })
  return {
    db,
    backend: 'pglite',
    close: once(() => db.destroy()),
    dump: () => lite.dumpDataDir('none'),
  }
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined
  return () => {
    done ??= fn()
    return done
  }
}

/**
 * Kysely 0.29 ships a PGlite dialect but needs Node 22; this is the same idea for 0.28:
 * PGlite is one connection, so connections are handed out one at a time (a transaction
 * holds it until commit or rollback).
 */
export class PGliteDialect implements Dialect {
  constructor(private readonly lite: PGlite) {}
  createAdapter() {
    return new PostgresAdapter()
  }
  createDriver(): Driver {
    return new PGliteDriver(this.lite)
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db)
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler()
  }
}

class PGliteDriver implements Driver {
  private queue: Promise<void> = Promise.resolve()
  private release: (() => void) | undefined
  private readonly connection: PGliteConnection
  constructor(private readonly lite: PGlite) {
    this.connection = new PGliteConnection(lite)
  }
  async init(): Promise<void> {
    await this.lite.waitReady
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.queue
    let release!: () => void
    this.queue = new Promise<void>((resolve) => {
      release = resolve
    })
    await previous
    this.release = release
    return this.connection
  }
  async beginTransaction(conn: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    let sql = 'begin'
    if (settings.isolationLevel) sql += ` isolation level ${settings.isolationLevel}`
    if (settings.accessMode) sql += ` ${settings.accessMode}`
    await conn.executeQuery(CompiledQuery.raw(sql))
  }
  async commitTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('commit'))
  }
  async rollbackTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('rollback'))
  }
  async releaseConnection(): Promise<void> {
    const release = this.release
    this.release = undefined
    release?.()
  }
  async destroy(): Promise<void> {
    await this.queue
    if (!this.lite.closed) await this.lite.close()
  }
}

class PGliteConnection implements DatabaseConnection {
  constructor(private readonly lite: PGlite) {}
  async executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    // Without parameters the simple protocol runs, so a script of several statements (a
    // migration file) works as it does through pg; the last statement's result is returned.
    const results =
      q.parameters.length === 0
        ? await this.lite.exec(q.sql)
        : [await this.lite.query<R>(q.sql, [...q.parameters])]
    const last = results[results.length - 1]
    const rows = (last?.rows ?? []) as R[]
    const command = last?.command?.toUpperCase()
    const affected =
      command && /^(INSERT|UPDATE|DELETE|MERGE)/.test(command) && last?.affectedRows !== undefined
        ? { numAffectedRows: BigInt(last.affectedRows) }
        : {}
    return { rows, ...affected }
  }
  // biome-ignore lint/correctness/useYield: streaming is not supported on PGlite
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('PGlite: streaming queries are not supported; page with limit/offset')
  }
}
