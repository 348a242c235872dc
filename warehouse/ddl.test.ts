import { describe, expect, it } from 'vitest'
import { renderForCluster, renderStatement, splitStatements } from './ddl'
import { listMigrations } from './migrate'

describe('migration files', () => {
  it('split into statements, each table with a shard key', () => {
    for (const m of listMigrations()) {
      const stmts = splitStatements(m.text)
      expect(stmts.length).toBeGreaterThan(0)
      for (const s of stmts) {
        expect(s.sql).not.toMatch(/;\s*$/)
        if (/CREATE TABLE/.test(s.sql)) expect(s.shardKey, s.sql.slice(0, 60)).toBeTruthy()
        expect(s.sql).toMatch(/IF NOT EXISTS|IF EXISTS/)
      }
    }
  })
})

describe('cluster mode DDL', () => {
  const apps = listMigrations()
    .flatMap((m) => splitStatements(m.text))
    .find((s) => s.sql.includes('CREATE TABLE IF NOT EXISTS service_applications'))!

  it('renders a replicated local table and a Distributed table sharded by the natural key', () => {
    const [local, dist] = renderForCluster(apps, 'plan_cluster')
    expect(local).toContain('CREATE TABLE IF NOT EXISTS service_applications_local ON CLUSTER plan_cluster')
    expect(local).toContain(
      "ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/service_applications_local', '{replica}', _version, _deleted)",
    )
    expect(local).toContain('PARTITION BY toYYYYMM(submitted_at)')
    expect(dist).toBe(
      'CREATE TABLE IF NOT EXISTS service_applications ON CLUSTER plan_cluster AS service_applications_local ENGINE = Distributed(plan_cluster, currentDatabase(), service_applications_local, cityHash64(application_id))',
    )
  })

  it('replicates plain MergeTree tables without arguments', () => {
    const q = listMigrations()
      .flatMap((m) => splitStatements(m.text))
      .find((s) => s.sql.includes('CREATE TABLE IF NOT EXISTS quarantine'))!
    const [local] = renderForCluster(q, 'c')
    expect(local).toContain(
      "ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/quarantine_local', '{replica}')",
    )
  })

  it('applies ALTERs to both the local and the distributed table', () => {
    const out = renderStatement({ sql: 'ALTER TABLE regions ADD COLUMN IF NOT EXISTS x UInt8' }, 'c')
    expect(out).toEqual([
      'ALTER TABLE regions_local ON CLUSTER c ADD COLUMN IF NOT EXISTS x UInt8',
      'ALTER TABLE regions ON CLUSTER c ADD COLUMN IF NOT EXISTS x UInt8',
    ])
  })

  it('drops the Distributed table, then the local one, on every node', () => {
    const [stmt] = splitStatements('-- gone\nDROP TABLE IF EXISTS users SYNC;\n')
    expect(renderStatement(stmt!, 'c')).toEqual([
      'DROP TABLE IF EXISTS users ON CLUSTER c SYNC',
      'DROP TABLE IF EXISTS users_local ON CLUSTER c SYNC',
    ])
    expect(renderStatement(stmt!)).toEqual([stmt!.sql])
  })

  it('leaves single-node DDL untouched', () => {
    expect(renderStatement(apps)).toEqual([apps.sql])
  })
})
