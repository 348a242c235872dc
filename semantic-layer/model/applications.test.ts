import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type Application,
  applicationSpec,
  type SharingRequest,
  sharingSpec,
} from '../testing/kpi-specs.fixtures'
import { expectIndicator, insertRows, openTestLayer, type TestLayer } from '../testing/layer'
import { insertReferenceData } from '../testing/reference.fixtures'

const app = (
  id: string,
  dept: string,
  region: string,
  channel: Application['channel'],
  flags: 'F' | 'C' | 'CE' | 'FC' | 'FCE' | '',
  submittedAt: string,
  status: Application['status'] = 'completed',
): Application => ({
  application_id: id,
  item_code: 'I1',
  dept_code: dept,
  region_code: region,
  channel,
  fully_online: flags.includes('F'),
  certificate_required: flags.includes('C'),
  e_certificate_used: flags.includes('E'),
  submitted_at: submittedAt,
  status,
})

// Asia/Shanghai local times; A1 is half an hour before New Year (2023), A5 the first second of 2023.
const APPLICATIONS: Application[] = [
  app('A1', 'D1', 'V11', 'web', 'FCE', '2023-12-31 23:30:00'),
  app('A2', 'D1', 'V11', 'window', 'C', '2024-01-01 00:10:00'),
  app('A3', 'D1', 'V12', 'mobile', 'F', '2023-06-01 10:00:00', 'withdrawn'),
  app('A4', 'D2', 'V21', 'kiosk', 'CE', '2023-03-03 12:00:00', 'accepted'),
  app('A5', 'D2', 'V21', 'window', '', '2023-01-01 00:00:00'),
  app('A6', 'D2', 'T1', 'web', 'FC', '2022-12-31 23:59:59'),
  app('A7', 'D3', 'V12', 'window', '', '2024-05-05 08:00:00', 'withdrawn'),
  app('A8', 'D1', 'V11', 'web', 'F', '2023-07-07 07:07:07', 'rejected'),
  app('A9', 'D3', 'V22', 'mobile', 'FC', '2023-11-30 16:00:00', 'submitted'),
  app('A10', 'D1', 'R0', 'window', 'FCE', '2024-02-29 12:00:00'),
]

const request = (
  id: string,
  requester: string,
  provider: string,
  at: string,
  status: SharingRequest['status'],
) => ({
  request_id: id,
  requester_dept_code: requester,
  provider_dept_code: provider,
  resource_name: `人口库-${id}`,
  requested_at: at,
  status,
})

const SHARING: SharingRequest[] = [
  request('S1', 'D1', 'D2', '2023-12-31 23:59:00', 'satisfied'),
  request('S2', 'D1', 'D3', '2024-01-01 00:01:00', 'partial'),
  request('S3', 'D1', 'D2', '2023-05-01 09:00:00', 'rejected'),
  request('S4', 'D2', 'D1', '2023-05-02 09:00:00', 'pending'),
  request('S5', 'D2', 'D1', '2023-08-02 09:00:00', 'satisfied'),
  request('S6', 'D3', 'D1', '2024-03-02 09:00:00', 'pending'),
  request('S7', 'D3', 'D2', '2024-04-02 09:00:00', 'satisfied'),
  request('S8', 'D1', 'D2', '2023-02-01 09:00:00', 'satisfied'),
]

const APPLICATION_SPEC = applicationSpec(APPLICATIONS)
const SHARING_SPEC = sharingSpec(SHARING)

describe('application and data-sharing indicators', () => {
  let t: TestLayer
  beforeAll(async () => {
    t = await openTestLayer()
    await insertReferenceData(t.wh)
    await insertRows(t.wh, 'service_applications', APPLICATIONS)
    // An older version of A1 (by window) and a tombstoned application: FINAL hides both.
    await insertRows(t.wh, 'service_applications', [{ ...APPLICATIONS[0]!, channel: 'window', _version: 0 }])
    const ghost = app('A99', 'D1', 'V11', 'web', 'F', '2023-03-03 10:00:00')
    await insertRows(t.wh, 'service_applications', [ghost, { ...ghost, _version: 2, _deleted: 1 }])
    await insertRows(t.wh, 'sharing_requests', SHARING)
    await t.sl.refreshPreAggregations()
  })
  afterAll(() => t.dispose())

  const ALL_YEARS: [string, string] = ['2021-01-01', '2025-12-31']

  it('by year, in Asia/Shanghai years, withdrawn applications excluded', async () => {
    const { pre } = await expectIndicator(t.sl, APPLICATION_SPEC, {
      granularity: 'year',
      dateRange: ALL_YEARS,
    })
    expect(pre.usedPreAggregations).toEqual(['cube_pre_aggregations.service_applications_kpis_by_month_dept'])
    const y2023 = pre.data.find((r) => r['application_kpis.date.year'] === '2023-01-01T00:00:00.000')!
    // A1 (23:30 on New Year's Eve) and A5 (00:00:00 on New Year's Day) count in 2023, A6
    // (one second before) in 2022; A3 is withdrawn: A1, A4, A5, A8, A9.
    expect(y2023['application_kpis.applications']).toBe(5)
  })

  it('by year and department: a department with only withdrawn applications has no rate', async () => {
    const { raw } = await expectIndicator(t.sl, APPLICATION_SPEC, {
      granularity: 'year',
      dateRange: ALL_YEARS,
      dimensions: ['dept_code'],
    })
    const d3In2024 = raw.data.find(
      (r) =>
        r['application_kpis.dept_code'] === 'D3' &&
        r['application_kpis.date.year'] === '2024-01-01T00:00:00.000',
    )!
    expect(d3In2024['application_kpis.applications']).toBe(0)
    expect(d3In2024['application_kpis.online_application_rate']).toBeNull()
    expect(d3In2024['application_kpis.e_certificate_usage_rate']).toBeNull()
  })

  it('by month, department and region, across the year boundary', () =>
    expectIndicator(t.sl, APPLICATION_SPEC, {
      granularity: 'month',
      dateRange: ['2022-12-01', '2024-02-29'],
      dimensions: ['dept_code', 'region_code'],
    }))

  it('filtered by department, by region, and drilled to towns', async () => {
    await expectIndicator(t.sl, APPLICATION_SPEC, {
      granularity: 'year',
      dateRange: ALL_YEARS,
      filters: [{ member: 'dept_code', values: ['D2'] }],
    })
    await expectIndicator(t.sl, APPLICATION_SPEC, {
      granularity: 'year',
      dateRange: ALL_YEARS,
      filters: [{ member: 'region_code', values: ['V11', 'V21'] }],
    })
    await expectIndicator(t.sl, APPLICATION_SPEC, {
      granularity: 'year',
      dateRange: ALL_YEARS,
      dimensions: ['town_code'],
      filters: [{ member: 'town_code', values: ['T1'] }],
    })
  })

  it('over a whole range without a time dimension', () =>
    expectIndicator(t.sl, APPLICATION_SPEC, {
      dateRange: ['2023-01-01', '2023-12-31'],
      dimensions: ['dept_code'],
    }))

  it('sharing satisfaction: satisfied ÷ (satisfied + partial + rejected), by requester', async () => {
    await expectIndicator(t.sl, SHARING_SPEC, { granularity: 'year', dateRange: ALL_YEARS })
    await expectIndicator(t.sl, SHARING_SPEC, {
      granularity: 'year',
      dateRange: ALL_YEARS,
      dimensions: ['dept_code', 'region_code'],
    })
    const { raw } = await expectIndicator(t.sl, SHARING_SPEC, {
      granularity: 'year',
      dateRange: ALL_YEARS,
      dimensions: ['dept_code'],
      filters: [{ member: 'dept_code', values: ['D2'] }],
    })
    // D2 requested once in 2023 with an answer (S5) and once still pending (S4).
    expect(raw.data).toEqual([
      expect.objectContaining({ 'sharing_kpis.sharing_satisfaction_rate': 1, 'sharing_kpis.requests': 2 }),
    ])
  })

  it('sharing: a period with only pending requests has no rate', async () => {
    const { raw } = await expectIndicator(t.sl, SHARING_SPEC, {
      granularity: 'month',
      dateRange: ['2024-03-01', '2024-03-31'],
    })
    expect(raw.data[0]!['sharing_kpis.sharing_satisfaction_rate']).toBeNull()
  })
})
