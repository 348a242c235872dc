import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectRate, insertRows, LEADER, openTestLayer, rate, type TestLayer } from '../testing/layer'
import {
  DEPARTMENTS,
  insertReferenceData,
  REGIONS,
  regionOfDept,
  townOf,
} from '../testing/reference.fixtures'

type Dept = { dept_code: string; region_code: string; e_seal_enabled: boolean }
type Region = {
  region_code: string
  level: string
  parent_code: string | null
  egov_network_connected: boolean
}

function group<R>(rows: readonly R[], key: (r: R) => string | null) {
  const out = new Map<string | null, R[]>()
  for (const r of rows) out.set(key(r), [...(out.get(key(r)) ?? []), r])
  return out
}

const eSealRate = (rows: Dept[]) => rate(rows.filter((d) => d.e_seal_enabled).length, rows.length)
const villageRate = (rows: Region[]) => {
  const villages = rows.filter((r) => r.level === 'village')
  return rate(villages.filter((v) => v.egov_network_connected).length, villages.length)
}

describe('current-state indicators', () => {
  let t: TestLayer
  // The state after the updates below: D2 has since enabled its e-seal, D4 was withdrawn.
  const departments: Dept[] = DEPARTMENTS.filter((d) => d.dept_code !== 'D4').map((d) =>
    d.dept_code === 'D2' ? { ...d, e_seal_enabled: true } : { ...d },
  )
  const regions: Region[] = REGIONS.map((r) => ({ ...r }))

  beforeAll(async () => {
    t = await openTestLayer()
    await insertReferenceData(t.wh)
    const d2 = DEPARTMENTS.find((d) => d.dept_code === 'D2')!
    const d4 = DEPARTMENTS.find((d) => d.dept_code === 'D4')!
    await insertRows(t.wh, 'departments', [
      { ...d2, e_seal_enabled: true, _version: Number.MAX_SAFE_INTEGER },
      { ...d4, _version: Number.MAX_SAFE_INTEGER, _deleted: 1 },
    ])
  })
  afterAll(() => t.dispose())

  it('e-seal coverage: departments with e-seals ÷ departments, current versions only', async () => {
    const all = await t.sl.load(
      { measures: ['department_kpis.e_seal_coverage_rate', 'department_kpis.departments'] },
      LEADER,
    )
    expectRate(all.data[0]!['department_kpis.e_seal_coverage_rate'], eSealRate(departments))
    expect(all.data[0]!['department_kpis.departments']).toBe(3)
  })

  it('e-seal coverage by region and by town', async () => {
    for (const [dim, key] of [
      ['region_code', (d: Dept) => regionOfDept(d.dept_code)],
      ['town_code', (d: Dept) => townOf(d.region_code)],
    ] as const) {
      const result = await t.sl.load(
        { measures: ['department_kpis.e_seal_coverage_rate'], dimensions: [`department_kpis.${dim}`] },
        LEADER,
      )
      const expected = group(departments, key)
      expect(result.data).toHaveLength(expected.size)
      for (const row of result.data) {
        expectRate(
          row['department_kpis.e_seal_coverage_rate'],
          eSealRate(expected.get(row[`department_kpis.${dim}`] as string)!),
        )
      }
    }
  })

  it('a department account sees its own e-seal state', async () => {
    const own = await t.sl.load(
      { measures: ['department_kpis.e_seal_coverage_rate'] },
      { role: 'department', deptCode: 'D2' },
    )
    expect(own.data).toEqual([{ 'department_kpis.e_seal_coverage_rate': 1 }])
  })

  it('village network coverage: connected villages ÷ villages, drilled to towns', async () => {
    const all = await t.sl.load({ measures: ['region_kpis.village_network_coverage'] }, LEADER)
    expectRate(all.data[0]!['region_kpis.village_network_coverage'], villageRate(regions))

    const byTown = await t.sl.load(
      {
        measures: ['region_kpis.village_network_coverage', 'region_kpis.village_regions'],
        dimensions: ['region_kpis.town_code', 'region_kpis.town_name'],
      },
      LEADER,
    )
    const expected = group(regions, (r) => townOf(r.region_code))
    expect(byTown.data).toHaveLength(expected.size)
    for (const row of byTown.data) {
      expectRate(
        row['region_kpis.village_network_coverage'],
        villageRate(expected.get(row['region_kpis.town_code'] as string | null)!),
      )
    }
    // The district itself belongs to no town and has no villages: no rate, not 0%.
    const district = byTown.data.find((r) => r['region_kpis.town_code'] === null)!
    expect(district).toMatchObject({
      'region_kpis.village_regions': 0,
      'region_kpis.village_network_coverage': null,
    })
    expect(byTown.data.find((r) => r['region_kpis.town_code'] === 'T1')!['region_kpis.town_name']).toBe(
      '金山街道',
    )
  })

  it('a village that connects shows up after invalidate()', async () => {
    const query = {
      measures: ['region_kpis.village_network_coverage'],
      filters: [{ member: 'region_kpis.town_code', operator: 'equals', values: ['T1'] }],
    }
    expect((await t.sl.load(query, LEADER)).data[0]!['region_kpis.village_network_coverage']).toBe(0.5)
    const v12 = REGIONS.find((r) => r.region_code === 'V12')!
    await insertRows(t.wh, 'regions', [
      { ...v12, egov_network_connected: true, _version: Number.MAX_SAFE_INTEGER },
    ])
    expect((await t.sl.load(query, LEADER)).data[0]!['region_kpis.village_network_coverage']).toBe(0.5)
    t.sl.invalidate()
    expect((await t.sl.load(query, LEADER)).data[0]!['region_kpis.village_network_coverage']).toBe(1)
  })
})
