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
}

export interface MetaStore {
  db: Kysely<MetaDb>
  backend: 'pglite' | 'postgres'
  /** Closes the pool or the embedded database (flushing it to disk). Idempotent. */
  close(): Promise<void>
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
    const db = new Kysely<MetaDb>({ dialect: new PostgresDialect({ pool }) })
    return { db, backend: 'postgres', close: once(() => db.destroy()) }
  }
  const dir = metaDir(opts.dataDir)
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
  fs.chmodSync(dir, 0o700)
  const lite = await PGlite.create(dir, { parsers: { [INT8]: (v: string) => Number(v) } })
  const db = new Kysely<MetaDb>({ dialect: new PGliteDialect(lite) })
  return { db, backend: 'pglite', close: once(() => db.destroy()) }
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
