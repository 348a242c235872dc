import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listMetaMigrations, META_MIGRATIONS_DIR, migrateMeta } from '../../../meta/migrate'
import { openMetaStore } from '../../../meta/store'
import { openTestApp } from '../testing'
import { listOverrides } from './ranking.store'

const YEAR = 2023
const DEPT_A = '11440306001'
const DEPT_B = '11440306002'
const ONLINE = 'online_application_rate'
const HOTLINE = 'hotline_ontime_rate'

async function xlsx(rows: Array<[string, string, string, number, number]>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('目标值')
  ws.addRow(['单位类型', '单位编码', '指标编码', '年度', '目标值'])
  for (const r of rows) ws.addRow(r)
  return Buffer.from(await wb.xlsx.writeBuffer())
}

/** The year's overrides in force, as comparable text lines. */
const lines = (rows: Array<{ unit_type: string; unit_code: string; indicator_id: string; target: number }>) =>
  rows.map((r) => `${r.unit_type}:${r.unit_code}:${r.indicator_id}=${r.target}`).sort()

/**
 * 目标值版本 on the real app (tRPC callers, embedded PostgreSQL, the demo warehouse): uploads
 * make versions with their counts and diff, a restore is a new version equal to the earlier
 * one, a frozen ranking keeps the version it was scored with, and only evaluators and admins
 * see or restore versions.
 */
describe('target versions', () => {
  let app: Awaited<ReturnType<typeof openTestApp>>
  const scope = { unitType: 'department' as const, period: { type: 'year' as const, year: YEAR } }
  const upload = async (name: string, rows: Array<[string, string, string, number, number]>) => {
    const r = await app.files('evaluator').ranking.uploadTargets({ file: await xlsx(rows), name })
    if (!r.ok) throw new Error(JSON.stringify(r.errors))
    return r
  }
  beforeAll(async () => {
    app = await openTestApp(0.02)
  }, 240_000)
  afterAll(async () => {
    await app?.dispose()
  })

  let v1 = 0
  let v2 = 0
  it('each upload is a version of the year with its counts; the newest is in force', async () => {
    const ev = app.caller('evaluator')
    expect(await ev.targets.versions({ year: YEAR })).toMatchObject({ current: null, total: 0, versions: [] })
    const first = await upload('第一版.xlsx', [
      ['部门', DEPT_A, ONLINE, YEAR, 0.5],
      ['部门', DEPT_A, HOTLINE, YEAR, 0.9],
      ['部门', DEPT_B, ONLINE, YEAR, 0.6],
    ])
    expect(first.versions).toEqual([
      { year: YEAR, id: expect.any(Number), rows_added: 3, rows_changed: 0, rows_removed: 0 },
    ])
    v1 = first.versions[0]!.id
    // One row changed, one the same, one new: an upload merges into the year's set.
    const second = await upload('第二版.xlsx', [
      ['部门', DEPT_A, ONLINE, YEAR, 0.55],
      ['部门', DEPT_B, ONLINE, YEAR, 0.6],
      ['部门', DEPT_B, HOTLINE, YEAR, 0.8],
    ])
    v2 = second.versions[0]!.id
    expect(second.versions[0]).toMatchObject({ rows_added: 1, rows_changed: 1, rows_removed: 0 })

    const list = await ev.targets.versions({ year: YEAR })
    expect(list.current).toBe(v2)
    expect(list.versions.map((v) => [v.id, v.kind, v.file_name, v.row_count, v.current])).toEqual([
      [v2, 'upload', '第二版.xlsx', 4, true],
      [v1, 'upload', '第一版.xlsx', 3, false],
    ])
    expect(list.versions[0]).toMatchObject({ created_by: 'evaluator', created_by_name: 'evaluator' })
    // Another year has its own versions.
    expect((await ev.targets.versions({ year: YEAR + 1 })).versions).toEqual([])

    const logged = await app.deps.meta
      .selectFrom('audit_log')
      .select(['target', 'before', 'after'])
      .where('action', '=', 'targets_uploaded')
      .orderBy('id')
      .execute()
    expect(logged).toHaveLength(2)
    expect(JSON.parse(logged[1]!.before!)).toEqual({ years: YEAR, version: v1, overrides: 3 })
    expect(JSON.parse(logged[1]!.after!)).toMatchObject({
      file_name: '第二版.xlsx',
      version: v2,
      rows: 3,
      overrides: 4,
      rows_added: 1,
      rows_changed: 1,
      rows_removed: 0,
    })
  })

  it('the diff of a version: against the one before it by default, or any version of the year, a page at a time', async () => {
    const ev = app.caller('evaluator')
    const d = await ev.targets.versionDiff({ id: v2 })
    expect(d).toMatchObject({
      version: v2,
      against: v1,
      counts: { added: 1, changed: 1, removed: 0 },
      total: 2,
    })
    expect(d.rows.map((r) => [r.change, r.unit_code, r.indicator_id, r.before, r.after])).toEqual([
      ['added', DEPT_B, HOTLINE, null, 0.8],
      ['changed', DEPT_A, ONLINE, 0.5, 0.55],
    ])
    // Names, not codes, where they are known.
    expect(d.rows[0]!.unit_name).not.toBe(DEPT_B)
    expect(d.rows[0]!.indicator_name).toMatch(/12345/)
    expect((await ev.targets.versionDiff({ id: v1 })).counts).toEqual({ added: 3, changed: 0, removed: 0 })
    const back = await ev.targets.versionDiff({ id: v1, against: v2 })
    expect(back.rows.map((r) => [r.change, r.unit_code, r.indicator_id, r.before, r.after])).toEqual([
      ['changed', DEPT_A, ONLINE, 0.55, 0.5],
      ['removed', DEPT_B, HOTLINE, 0.8, null],
    ])
    const page = await ev.targets.versionDiff({ id: v1, offset: 1, limit: 1 })
    expect(page.total).toBe(3)
    expect(page.rows).toHaveLength(1)
    expect(page.rows[0]!.unit_code).toBe(DEPT_A)
    await expect(ev.targets.versionDiff({ id: v2, limit: 100_000 })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    })
    await expect(ev.targets.versionDiff({ id: 999_999 })).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('a frozen ranking records the version in force; later changes leave what it says it used', async () => {
    const ev = app.caller('evaluator')
    expect((await ev.ranking.get(scope)).targets).toBeNull()
    await ev.ranking.freeze(scope)
    const frozen = await ev.ranking.get(scope)
    expect(frozen.targets).toEqual({ version: v2 })
    const a = frozen.result.units.find((u) => u.unit_code === DEPT_A)!
    expect(a.indicators.find((i) => i.indicator_id === ONLINE)!.target).toBe(0.55)
    const used = (await ev.targets.versions({ year: YEAR })).versions.find((v) => v.id === v2)!
    expect(used.rankings).toEqual([
      expect.objectContaining({ period_key: String(YEAR), unit_type: 'department', status: 'frozen' }),
    ])
  })

  let v3 = 0
  it('restoring an earlier version is one audited new version equal to it; nothing to restore is refused', async () => {
    const ev = app.caller('evaluator')
    const v1Rows = lines(
      (await ev.targets.versionDiff({ id: v1 })).rows.map((r) => ({ ...r, target: r.after! })),
    )
    const restored = await ev.targets.restoreVersion({ id: v1 })
    v3 = restored.id
    expect(restored).toMatchObject({ year: YEAR, rows_added: 0, rows_changed: 1, rows_removed: 1 })
    expect(lines(await listOverrides(app.deps.meta, YEAR))).toEqual(v1Rows)
    const list = await ev.targets.versions({ year: YEAR })
    expect(list.versions[0]).toMatchObject({
      id: v3,
      kind: 'restore',
      restored_from: v1,
      current: true,
      row_count: 3,
      created_by: 'evaluator',
    })
    // The new version holds exactly v1's rows: the list says so, and offers no restore of v1.
    expect((await ev.targets.versionDiff({ id: v3, against: v1 })).total).toBe(0)
    expect(list.versions.map((v) => [v.id, v.same_as_current])).toEqual([
      [v3, false],
      [v2, false],
      [v1, true],
    ])
    const entry = await app.deps.meta
      .selectFrom('audit_log')
      .select(['actor', 'target', 'before', 'after'])
      .where('action', '=', 'targets_restored')
      .executeTakeFirstOrThrow()
    expect(entry).toMatchObject({ actor: 'evaluator', target: `target_version:${v1}` })
    expect(JSON.parse(entry.before!)).toEqual({ years: YEAR, version: v2, overrides: 4 })
    expect(JSON.parse(entry.after!)).toEqual({
      years: YEAR,
      version: v3,
      restored_from: v1,
      overrides: 3,
      rows_added: 0,
      rows_changed: 1,
      rows_removed: 1,
    })
    const page = await app.caller('admin').audit.list({ action: 'targets_restored' })
    expect(page.rows[0]!.target_label).toBe(`目标值版本 #${v1}`)

    await expect(ev.targets.restoreVersion({ id: v1 })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/无需恢复/),
    })
    await expect(ev.targets.restoreVersion({ id: 999_999 })).rejects.toMatchObject({ code: 'NOT_FOUND' })

    // The frozen ranking still says, and shows, what it was scored with.
    const frozen = await ev.ranking.get(scope)
    expect(frozen.targets).toEqual({ version: v2 })
    const a = frozen.result.units.find((u) => u.unit_code === DEPT_A)!
    expect(a.indicators.find((i) => i.indicator_id === ONLINE)!.target).toBe(0.55)
    // Frozen again after unfreezing: the version now in force.
    await ev.ranking.unfreeze(scope)
    expect((await ev.ranking.get(scope)).targets).toBeNull()
    await ev.ranking.freeze(scope)
    expect((await ev.ranking.get(scope)).targets).toEqual({ version: v3 })
  })

  it('a diff compares versions of one year only', async () => {
    const next = await upload('下一年.xlsx', [['部门', DEPT_A, ONLINE, YEAR + 1, 0.7]])
    expect(next.versions.map((v) => v.year)).toEqual([YEAR + 1])
    await expect(
      app.caller('evaluator').targets.versionDiff({ id: next.versions[0]!.id, against: v1 }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' })
  })

  it('overrides stored without a version (an imported data directory) become the initial version first', async () => {
    const year = YEAR + 2
    await app.deps.meta
      .insertInto('target_overrides')
      .values({
        year,
        unit_type: 'department',
        unit_code: DEPT_B,
        indicator_id: ONLINE,
        target: 0.4,
        uploaded_by: 'imported',
      })
      .execute()
    await upload('导入后.xlsx', [['部门', DEPT_B, ONLINE, year, 0.45]])
    const list = await app.caller('evaluator').targets.versions({ year })
    expect(
      list.versions.map((v) => [v.kind, v.created_by, v.row_count, v.rows_added, v.rows_changed]),
    ).toEqual([
      ['upload', 'evaluator', 1, 0, 1],
      ['initial', 'imported', 1, 1, 0],
    ])
  })

  it('departments and leaders neither see nor restore versions', async () => {
    for (const who of ['dept_a', 'leader', 'analyst']) {
      const c = app.caller(who)
      await expect(c.targets.versions({ year: YEAR })).rejects.toMatchObject({ code: 'FORBIDDEN' })
      await expect(c.targets.versionDiff({ id: v1 })).rejects.toMatchObject({ code: 'FORBIDDEN' })
      await expect(c.targets.restoreVersion({ id: v2 })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    }
    expect((await app.caller('admin').targets.versions({ year: YEAR })).current).toBe(v3)
  })
})

describe('migration 0013', () => {
  const dirs: string[] = []
  afterAll(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
  })

  it('makes the overrides already stored each year’s initial version', async () => {
    const before = fs.mkdtempSync(path.join(os.tmpdir(), 'meta-0012-'))
    dirs.push(before)
    for (const m of listMetaMigrations().filter((x) => x.version < 13))
      fs.copyFileSync(path.join(META_MIGRATIONS_DIR, m.file), path.join(before, m.file))
    const store = await openMetaStore({ dataDir: '', inMemory: true })
    try {
      await migrateMeta(store.db, { dir: before })
      const row = (year: number, code: string, target: number, by: string, at: string) => ({
        year,
        unit_type: 'department' as const,
        unit_code: code,
        indicator_id: ONLINE,
        target,
        uploaded_by: by,
        uploaded_at: at,
      })
      await store.db
        .insertInto('target_overrides')
        .values([
          row(YEAR, DEPT_A, 0.5, 'zhang', '2024-01-02T00:00:00Z'),
          row(YEAR, DEPT_B, 0.6, 'li', '2024-03-04T00:00:00Z'),
          row(YEAR + 1, DEPT_A, 0.7, 'wang', '2024-05-06T00:00:00Z'),
        ])
        .execute()
      await migrateMeta(store.db)
      const versions = await store.db.selectFrom('target_versions').selectAll().orderBy('year').execute()
      expect(versions.map((v) => [v.year, v.kind, v.created_by, v.row_count, v.rows_added])).toEqual([
        [YEAR, 'initial', 'li', 2, 2],
        [YEAR + 1, 'initial', 'wang', 1, 1],
      ])
      expect(versions[0]!.created_at.toISOString()).toBe('2024-03-04T00:00:00.000Z')
      const rows = await store.db
        .selectFrom('target_version_rows')
        .select(['unit_code', 'target'])
        .where('version_id', '=', versions[0]!.id)
        .orderBy('unit_code')
        .execute()
      expect(rows).toEqual([
        { unit_code: DEPT_A, target: 0.5 },
        { unit_code: DEPT_B, target: 0.6 },
      ])
    } finally {
      await store.close()
    }
  }, 120_000)
})
