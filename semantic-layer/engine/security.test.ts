import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertRows, LEADER, openTestLayer, type TestLayer } from '../testing/layer'
import { insertReferenceData } from '../testing/reference.fixtures'
import type { CubeQuery } from './query'
import type { SecurityContext } from './security'

const D1: SecurityContext = { role: 'department', deptCode: 'D1' }

const application = (id: string, dept: string, region: string, channel: string) => ({
  application_id: id,
  item_code: 'I1',
  dept_code: dept,
  region_code: region,
  channel,
  fully_online: channel !== 'window',
  submitted_at: '2024-05-01 10:00:00',
  status: 'completed',
})

const BY_DEPT: CubeQuery = {
  measures: ['application_kpis.applications', 'application_kpis.online_application_rate'],
  dimensions: ['application_kpis.dept_code'],
  timeDimensions: [
    { dimension: 'application_kpis.date', granularity: 'year', dateRange: ['2024-01-01', '2024-12-31'] },
  ],
}

const depts = (rows: Record<string, unknown>[], member = 'application_kpis.dept_code') =>
  rows.map((r) => r[member]).sort()

describe('department isolation', () => {
  let t: TestLayer
  beforeAll(async () => {
    t = await openTestLayer()
    await insertReferenceData(t.wh)
    await insertRows(t.wh, 'service_applications', [
      application('A1', 'D1', 'V11', 'web'),
      application('A2', 'D1', 'V12', 'window'),
      application('A3', 'D2', 'V21', 'web'),
      application('A4', 'D3', 'V22', 'mobile'),
    ])
    await insertRows(t.wh, 'sharing_requests', [
      {
        request_id: 'S1',
        requester_dept_code: 'D2',
        provider_dept_code: 'D1',
        resource_name: '法人库',
        requested_at: '2024-05-01 10:00:00',
        status: 'satisfied',
      },
    ])
    await t.sl.refreshPreAggregations()
  })
  afterAll(() => t.dispose())

  it('a leader sees every department', async () => {
    expect(depts((await t.sl.load(BY_DEPT, LEADER)).data)).toEqual(['D1', 'D2', 'D3'])
  })

  it('a department account sees only its own rows, from the rollup and from the source tables', async () => {
    for (const usePreAggregations of [true, false]) {
      const result = await t.sl.load(BY_DEPT, D1, { usePreAggregations })
      expect(depts(result.data)).toEqual(['D1'])
      expect(result.data[0]!['application_kpis.online_application_rate']).toBe(0.5)
    }
    const total = await t.sl.load({ measures: ['application_kpis.applications'] }, D1)
    expect(total.data).toEqual([{ 'application_kpis.applications': 2 }])
  })

  it('filtering for another department returns nothing, also inside an OR', async () => {
    const other: CubeQuery = {
      ...BY_DEPT,
      filters: [{ member: 'application_kpis.dept_code', operator: 'equals', values: ['D2'] }],
    }
    expect((await t.sl.load(other, D1)).data).toEqual([])
    const either: CubeQuery = {
      ...BY_DEPT,
      filters: [
        {
          or: [
            { member: 'application_kpis.dept_code', operator: 'equals', values: ['D2'] },
            { member: 'application_kpis.region_code', operator: 'equals', values: ['V21', 'V22'] },
          ],
        },
      ],
    }
    expect((await t.sl.load(either, D1)).data).toEqual([])
    expect(depts((await t.sl.load(either, LEADER)).data)).toEqual(['D2', 'D3'])
  })

  it('the restriction is in the SQL itself', async () => {
    const { sql, params } = await t.sl.sql(BY_DEPT, D1)
    expect(sql).toMatch(/dept_code/)
    expect(params).toContain('D1')
  })

  it('a sharing request belongs to its requester, not its provider', async () => {
    const query: CubeQuery = {
      measures: ['sharing_kpis.requests'],
      dimensions: ['sharing_kpis.provider_dept_code'],
    }
    expect((await t.sl.load(query, D1)).data).toEqual([])
    const d2 = await t.sl.load(query, { role: 'department', deptCode: 'D2' })
    expect(d2.data).toEqual([{ 'sharing_kpis.provider_dept_code': 'D1', 'sharing_kpis.requests': 1 }])
  })

  it('a department account is refused views without a department dimension', async () => {
    await expect(t.sl.load({ measures: ['app_kpis.gov_app_dau'] }, D1)).rejects.toMatchObject({ status: 403 })
    await expect(t.sl.load({ measures: ['region_kpis.village_network_coverage'] }, D1)).rejects.toMatchObject(
      {
        status: 403,
        message: expect.stringMatching(/^部门账号无权查询/),
      },
    )
    await expect(
      t.sl.load({ measures: ['region_kpis.village_network_coverage'] }, LEADER),
    ).resolves.toBeDefined()
  })

  it('meta lists only the views a context may query', async () => {
    const names = (await t.sl.meta(D1)).map((v) => v.name)
    expect(names).not.toContain('app_kpis')
    expect(names).not.toContain('region_kpis')
    expect(names).toContain('department_kpis')
    expect((await t.sl.meta(LEADER)).map((v) => v.name)).toContain('app_kpis')
  })

  it('cached results never cross security contexts', async () => {
    const query: CubeQuery = { measures: ['application_kpis.applications'] }
    expect((await t.sl.load(query, LEADER)).data).toEqual([{ 'application_kpis.applications': 4 }])
    expect((await t.sl.load(query, D1)).data).toEqual([{ 'application_kpis.applications': 2 }])
    expect((await t.sl.load(query, { role: 'department', deptCode: 'D3' })).data).toEqual([
      { 'application_kpis.applications': 1 },
    ])
  })
})
