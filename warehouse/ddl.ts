/**
 * Splitting migration files into statements and rendering them for a cluster.
 * Pure text functions so the cluster DDL can be tested without a cluster.
 */

export interface Statement {
  sql: string
  /** Sharding expression for the Distributed table, from a `-- shard_key: expr` line. */
  shardKey?: string
}

export function splitStatements(fileText: string): Statement[] {
  const out: Statement[] = []
  let buf: string[] = []
  const flush = () => {
    const sql = buf.join('\n').trim()
    buf = []
    if (!sql || sql.split('\n').every((l) => l.trim() === '' || l.trim().startsWith('--'))) return
    const m = /^--\s*shard_key:\s*(.+)$/m.exec(sql)
    out.push({ sql: sql.replace(/;\s*$/, ''), ...(m ? { shardKey: m[1]!.trim() } : {}) })
  }
  for (const line of fileText.split(/\r?\n/)) {
    buf.push(line)
    if (/;\s*$/.test(line) && !line.trim().startsWith('--')) flush()
  }
  flush()
  return out
}

const CREATE_TABLE = /^(\s*(?:--[^\n]*\n\s*)*)CREATE TABLE IF NOT EXISTS ([A-Za-z_][A-Za-z0-9_]*)/
const ENGINE = /ENGINE\s*=\s*((?:Replacing|Aggregating|Summing)?MergeTree)(?:\(([^)]*)\))?/
const ALTER_TABLE = /^(\s*(?:--[^\n]*\n\s*)*)ALTER TABLE ([A-Za-z_][A-Za-z0-9_]*)/
const DROP_TABLE = /^\s*(?:--[^\n]*\n\s*)*DROP TABLE IF EXISTS ([A-Za-z_][A-Za-z0-9_]*)\s*(SYNC)?\s*$/

/**
 * Cluster mode: each table becomes a Replicated*MergeTree `<name>_local` on every
 * shard plus a Distributed `<name>` that the application reads and writes, sharded
 * by the natural key so that ReplacingMergeTree + FINAL still sees all versions of
 * a key on one shard.
 */
export function renderForCluster(stmt: Statement, cluster: string): string[] {
  const create = CREATE_TABLE.exec(stmt.sql)
  if (create) {
    const name = create[2]!
    const local = `${name}_local`
    const engine = ENGINE.exec(stmt.sql)
    if (!engine) throw new Error(`cluster mode: table ${name} has no MergeTree engine to replicate`)
    const args = engine[2]?.trim()
    const replicated = `ENGINE = Replicated${engine[1]}('/clickhouse/tables/{shard}/{database}/${local}', '{replica}'${
      args ? `, ${args}` : ''
    })`
    const localSql = stmt.sql
      .replace(CREATE_TABLE, `$1CREATE TABLE IF NOT EXISTS ${local} ON CLUSTER ${cluster}`)
      .replace(ENGINE, replicated)
    const distributed = `CREATE TABLE IF NOT EXISTS ${name} ON CLUSTER ${cluster} AS ${local} ENGINE = Distributed(${cluster}, currentDatabase(), ${local}, ${stmt.shardKey ?? 'rand()'})`
    return [localSql, distributed]
  }
  const alter = ALTER_TABLE.exec(stmt.sql)
  if (alter) {
    const name = alter[2]!
    return [
      stmt.sql.replace(ALTER_TABLE, `$1ALTER TABLE ${name}_local ON CLUSTER ${cluster}`),
      stmt.sql.replace(ALTER_TABLE, `$1ALTER TABLE ${name} ON CLUSTER ${cluster}`),
    ]
  }
  const drop = DROP_TABLE.exec(stmt.sql)
  if (drop) {
    const name = drop[1]!
    // The Distributed table first, so nothing writes through it into a dropped local table.
    return [
      `DROP TABLE IF EXISTS ${name} ON CLUSTER ${cluster} SYNC`,
      `DROP TABLE IF EXISTS ${name}_local ON CLUSTER ${cluster} SYNC`,
    ]
  }
  throw new Error(`cluster mode: don't know how to distribute statement: ${stmt.sql.slice(0, 80)}`)
}

export function renderStatement(stmt: Statement, cluster?: string): string[] {
  return cluster ? renderForCluster(stmt, cluster) : [stmt.sql]
}
