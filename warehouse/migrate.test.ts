import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openWarehouse, type Warehouse } from './client'
import { loadWarehouseConfig } from './config'
import { listMigrations, migrate } from './migrate'
import { openTempWarehouse } from './testing'

describe('migrations on the embedded engine', () => {
  let t: Awaited<ReturnType<typeof openTempWarehouse>>
  let wh: Warehouse
  beforeAll(async () => {
    t = await openTempWarehouse()
    wh = t.wh
  })
  afterAll(() => t.dispose())

  const tables = async () =>
    (
      await wh.rows<{ name: string }>(
        'SELECT name FROM system.tables WHERE database = currentDatabase() ORDER BY name',
      )
    ).map((r) => r.name)

  it('creates every contract table and the ETL bookkeeping on an empty directory', async () => {
    expect(await tables()).toEqual(
      expect.arrayContaining([
        'regions',
        'departments',
        'service_items',
        'service_applications',
        'evaluations',
        'hotline_tickets',
        'sharing_requests',
        'governance_events',
        'app_activity',
        'load_runs',
        'quarantine',
        'schema_migrations',
      ]),
    )
    const recorded = await wh.rows<{ version: number }>(
      'SELECT version FROM schema_migrations FINAL ORDER BY version',
    )
    expect(recorded.map((r) => Number(r.version))).toEqual(listMigrations().map((m) => m.version))
  })

  it('is a no-op the second time, and keeps existing data', async () => {
    await wh.command(
      "INSERT INTO regions (region_code, region_name, level, _version, _run_id) VALUES ('440101', '测试区', 'district', 1, 't')",
    )
    const before = await tables()
    const r = await migrate(wh)
    expect(r.applied).toEqual([])
    expect(r.version).toBe(Math.max(...listMigrations().map((m) => m.version)))
    expect(await tables()).toEqual(before)
    const rows = await wh.rows<{ n: string }>('SELECT count() AS n FROM schema_migrations')
    expect(Number(rows[0]!.n)).toBe(listMigrations().length)
    const regions = await wh.rows<{ region_name: string }>('SELECT region_name FROM regions FINAL')
    expect(regions).toEqual([{ region_name: '测试区' }])
  })

  it('rebuilds everything after the data directory is deleted', async () => {
    await wh.close()
    fs.rmSync(t.dataDir, { recursive: true, force: true })
    wh = openWarehouse(loadWarehouseConfig({ DATA_DIR: t.dataDir }).warehouse)
    t.wh = wh
    const r = await migrate(wh)
    expect(r.applied.length).toBe(listMigrations().length)
    expect(await tables()).toContain('service_applications')
  })
})
