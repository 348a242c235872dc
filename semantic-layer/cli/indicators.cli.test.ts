import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadCatalog } from '../../indicators/catalog'
import { openWarehouse } from '../../warehouse/client'
import { loadWarehouseConfig } from '../../warehouse/config'
import { indicatorView } from '../queries/indicator-query'
import { HAND_SQL } from '../testing/hand-sql'

const root = path.resolve(import.meta.dirname, '../..')
const run = promisify(execFile)
const tsx = (args: string[], env: Record<string, string>) =>
  run(process.execPath, ['--import', 'tsx', ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    timeout: 120_000,
  })

interface CliValue {
  id: string
  value: number | null
  target: number | null
  expected_to_date: number | null
  status: string
}

/**
 * The CLI end to end: demo contract files loaded by the ETL CLI, `indicators values` in its
 * own process, compared with SQL written straight from shared/DATA-CONTRACT.md.
 */
describe('npm run indicators', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'indicators-cli-'))
  const dataDir = path.join(dir, 'data')
  const env = { DATA_DIR: dataDir }
  const catalog = loadCatalog()
  const hand: Record<string, Array<Record<string, unknown>>> = {}
  let dept = ''

  beforeAll(async () => {
    const out = path.join(dir, 'demo')
    await tsx(['etl/demo/cli.ts', '--scale', '0.01', '--out', out], env)
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')) as {
      files: Array<{ dataset: string; file: string }>
    }
    for (const f of manifest.files)
      await tsx(['etl/cli.ts', 'load', f.dataset, path.join(out, f.file), '--json'], env)
    const wh = openWarehouse(loadWarehouseConfig(env).warehouse)
    for (const [view, sql] of Object.entries(HAND_SQL)) hand[view] = await wh.rows(sql)
    await wh.close()
    dept = String(hand.application_kpis!.find((r) => Number(r.y) === 2023)!.d)
  }, 300_000)
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

  const values = async (args: string[]) => {
    const { stdout } = await tsx(['semantic-layer/cli/indicators.cli.ts', 'values', ...args, '--json'], env)
    return JSON.parse(stdout) as CliValue[]
  }
  const expectedFor = (id: string, year: number, d: string) => {
    const view = indicatorView(catalog.indicators.find((i) => i.id === id)!)
    const row = hand[view]!.find((r) => (Number(r.y) === year || Number(r.y) === 0) && String(r.d) === d)
    return row?.[id] === null || row?.[id] === undefined ? null : Number(row[id])
  }
  const same = (a: number | null, b: number | null) =>
    b === null ? a === null : a !== null && Math.abs(a - b) <= 1e-9

  it('prints one JSON object per catalog indicator, district-wide values equal the contract definitions', async () => {
    const out = await values(['--year', '2023'])
    expect(out.map((v) => v.id)).toEqual(catalog.indicators.map((i) => i.id))
    for (const v of out)
      expect(Object.keys(v).sort()).toEqual(['expected_to_date', 'id', 'status', 'target', 'value'])
    // Views without a department breakdown are compared district-wide.
    for (const id of ['gov_app_dau', 'village_network_coverage']) {
      const v = out.find((x) => x.id === id)!
      expect(
        same(v.value, expectedFor(id, 2023, '')),
        `${id}: ${v.value} vs ${expectedFor(id, 2023, '')}`,
      ).toBe(true)
    }
  }, 120_000)

  it('for a department and several years, every indicator equals the contract definition to 1e-9', async () => {
    for (const year of [2021, 2023, 2025]) {
      const out = await values(['--year', String(year), '--dept', dept, '--as-of', `${year}-12-31`])
      let compared = 0
      for (const ind of catalog.indicators.filter((i) => i.cube.breakdowns.includes('dept'))) {
        const v = out.find((x) => x.id === ind.id)!
        const expected = expectedFor(ind.id, year, dept)
        expect(same(v.value, expected), `${ind.id} ${year} ${dept}: ${v.value} vs ${expected}`).toBe(true)
        compared++
      }
      // All but the two without a department breakdown, the five working-day ones included.
      expect(compared).toBe(catalog.indicators.length - 2)
    }
  }, 180_000)

  it('prints the working-day indicators with values; a calendar load changes them as the contract says', async () => {
    const ids = [
      'bad_review_ontime_rectification_rate',
      'application_ontime_rate',
      'avg_visits',
      'evaluation_coverage_rate',
      'sharing_response_workdays',
    ]
    const before = await values(['--year', '2024', '--as-of', '2024-12-31'])
    for (const id of ids) expect(before.find((v) => v.id === id)?.value, id).toEqual(expect.any(Number))
    // A corrected 2024 calendar replaces the whole year: the shipped notice's days go, New Year's
    // Day and 4–15 March are off.
    const file = path.join(dir, 'calendar-2024.csv')
    const march = Array.from(
      { length: 12 },
      (_, i) => `2024-03-${String(4 + i).padStart(2, '0')},否,测试停工`,
    )
    fs.writeFileSync(file, ['日期,是否工作日,说明', '2024-01-01,否,元旦', ...march, ''].join('\n'))
    const { stdout } = await tsx(['etl/cli.ts', 'load', 'calendar', file, '--json'], env)
    expect(JSON.parse(stdout)).toMatchObject({ accepted: 13, rejected: 0 })
    const wh = openWarehouse(loadWarehouseConfig(env).warehouse)
    const after: Record<string, Array<Record<string, unknown>>> = {}
    for (const [view, sql] of Object.entries(HAND_SQL)) after[view] = await wh.rows(sql)
    await wh.close()
    Object.assign(hand, after)
    // Another process, rollups built before the load: the values follow the new calendar.
    const now = await values(['--year', '2024', '--dept', dept, '--as-of', '2024-12-31'])
    for (const id of ids) {
      const v = now.find((x) => x.id === id)!.value
      expect(same(v, expectedFor(id, 2024, dept)), `${id}: ${v} vs ${expectedFor(id, 2024, dept)}`).toBe(true)
    }
    const district = await values(['--year', '2024', '--as-of', '2024-12-31'])
    const changed = ids.filter(
      (id) => district.find((v) => v.id === id)!.value !== before.find((v) => v.id === id)!.value,
    )
    // Completions are judged by the new working days; visits and 主动评价 count none.
    expect(changed).toContain('application_ontime_rate')
    expect(changed.filter((id) => id === 'avg_visits' || id === 'evaluation_coverage_rate')).toEqual([])
  }, 240_000)

  it('check: the catalog matches the compiled model', async () => {
    const { stdout } = await tsx(['semantic-layer/cli/indicators.cli.ts', 'check'], env)
    expect(stdout).toMatch(/1 个规划的指标目录与语义层一致/)
  }, 60_000)

  it('plans: lists the plans with id, name and period; the 十四五 plan alone by default', async () => {
    const cli = (args: string[], more: Record<string, string> = {}) =>
      tsx(['semantic-layer/cli/indicators.cli.ts', ...args], { ...env, ...more })
    const only = JSON.parse((await cli(['plans', '--json'])).stdout)
    expect(only).toEqual([
      expect.objectContaining({
        id: 'fyp14',
        period: { start: 2021, end: 2025 },
        current: true,
        closed: true,
      }),
    ])
    expect(only[0].name_zh).toContain('十四五')
    const withPilot = { PLANS_DIR: ['plans', 'test/fixtures/plans'].join(path.delimiter) }
    const both = JSON.parse((await cli(['plans', '--json'], withPilot)).stdout)
    expect(both.map((p: { id: string; current: boolean }) => [p.id, p.current])).toEqual([
      ['fyp14', false],
      ['fyp15-pilot', true],
    ])
    expect(both[1].period).toEqual({ start: 2026, end: 2030 })
  }, 60_000)

  it('values takes --plan (default: the plan of the year, else the current one)', async () => {
    const withPilot = { ...env, PLANS_DIR: ['plans', 'test/fixtures/plans'].join(path.delimiter) }
    const run = async (args: string[]) =>
      JSON.parse(
        (await tsx(['semantic-layer/cli/indicators.cli.ts', 'values', ...args, '--json'], withPilot)).stdout,
      ) as CliValue[]
    const pilot = await run(['--plan', 'fyp15-pilot', '--year', '2026'])
    expect(pilot.map((v) => v.id)).toEqual(['online_availability_rate', 'hotline_satisfaction_rate'])
    // The carried-over indicator starts from the 十四五 plan's final actual, as in the app: the
    // one rule draws a line from it to 100% in 2030.
    const end = (await values(['--year', '2025'])).find((v) => v.id === 'online_availability_rate')!.value!
    const carried = pilot.find((v) => v.id === 'online_availability_rate')!
    expect(carried.target).toBeCloseTo(Math.round((end + (1 - end) / 5) * 1e4) / 1e4, 9)
    // A year of the 十四五 plan reads the same with the second plan beside it.
    expect(await run(['--year', '2024'])).toEqual(await values(['--year', '2024']))
    const err = await tsx(
      ['semantic-layer/cli/indicators.cli.ts', 'values', '--plan', 'fyp15-pilot', '--year', '2024'],
      withPilot,
    ).catch((e: { code: number; stderr: string }) => e)
    expect(err).toMatchObject({ code: 2 })
    expect((err as { stderr: string }).stderr).toContain('2025–2030')
  }, 120_000)
})
