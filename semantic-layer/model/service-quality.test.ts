import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type AppDay,
  appSpec,
  type Evaluation,
  evaluationSpec,
  eventSpec,
  type GovEvent,
  type Ticket,
  ticketSpec,
} from '../testing/kpi-specs.fixtures'
import { expectIndicator, insertRows, openTestLayer, type TestLayer } from '../testing/layer'
import { insertReferenceData } from '../testing/reference.fixtures'

const evaluation = (id: string, dept: string, rating: number, at: string, rectified = false): Evaluation => ({
  evaluation_id: id,
  dept_code: dept,
  rating,
  evaluated_at: at,
  rectified,
})
const EVALUATIONS: Evaluation[] = [
  evaluation('E1', 'D1', 5, '2023-12-31 23:45:00'),
  evaluation('E2', 'D1', 1, '2023-12-31 22:00:00', true),
  evaluation('E3', 'D1', 2, '2024-01-01 00:05:00'),
  evaluation('E4', 'D2', 3, '2023-04-01 10:00:00'),
  evaluation('E5', 'D2', 2, '2023-04-02 10:00:00', true),
  evaluation('E6', 'D3', 4, '2024-06-01 10:00:00'),
  evaluation('E7', 'D3', 5, '2024-06-02 10:00:00'),
  evaluation('E8', 'D2', 1, '2024-07-01 10:00:00', false),
]
const ticket = (
  id: string,
  dept: string,
  region: string | null,
  receivedAt: string,
  dueAt: string | null,
  closedAt: string | null,
  satisfaction: Ticket['satisfaction'],
): Ticket => ({
  ticket_id: id,
  received_at: receivedAt,
  channel: 'phone',
  category: 'complaint',
  dept_code: dept,
  region_code: region,
  due_at: dueAt,
  closed_at: closedAt,
  satisfaction,
})
const TICKETS: Ticket[] = [
  ticket('T1', 'D1', 'V11', '2023-12-31 23:10:00', '2024-01-03 18:00:00', '2024-01-02 10:00:00', 'satisfied'),
  ticket(
    'T2',
    'D1',
    'V11',
    '2024-01-01 08:00:00',
    '2024-01-03 18:00:00',
    '2024-01-05 10:00:00',
    'dissatisfied',
  ),
  ticket('T3', 'D1', 'V12', '2023-03-01 08:00:00', null, '2023-03-02 08:00:00', 'basically_satisfied'),
  ticket('T4', 'D2', 'V21', '2023-03-02 08:00:00', '2023-03-09 18:00:00', null, 'none'),
  ticket('T5', 'D2', null, '2023-03-03 08:00:00', '2023-03-09 18:00:00', '2023-03-09 18:00:00', 'none'),
  ticket('T6', 'D3', 'V22', '2024-02-03 08:00:00', '2024-02-09 18:00:00', '2024-02-04 18:00:00', 'satisfied'),
  ticket('T7', 'D3', 'V22', '2024-02-04 08:00:00', null, null, 'none'),
]
const event = (
  id: string,
  dept: string,
  region: string,
  reportedAt: string,
  dueAt: string | null,
  closedAt: string | null,
  status: GovEvent['status'],
): GovEvent => ({
  event_id: id,
  source: 'grid',
  category: '占道经营',
  region_code: region,
  dept_code: dept,
  reported_at: reportedAt,
  due_at: dueAt,
  closed_at: closedAt,
  status,
})
const EVENTS: GovEvent[] = [
  event('G1', 'D1', 'V11', '2023-12-31 23:59:59', '2024-01-02 00:00:00', '2024-01-01 12:00:00', 'closed'),
  event('G2', 'D1', 'V11', '2024-01-01 00:00:00', '2024-01-02 00:00:00', '2024-01-03 12:00:00', 'closed'),
  event('G3', 'D1', 'V12', '2023-05-01 09:00:00', null, '2023-05-02 09:00:00', 'closed'),
  event('G4', 'D2', 'V21', '2023-05-01 09:00:00', '2023-05-03 09:00:00', null, 'open'),
  event('G5', 'D2', 'V21', '2023-05-02 09:00:00', '2023-05-03 09:00:00', null, 'cancelled'),
  event('G6', 'D3', 'V22', '2024-08-02 09:00:00', null, null, 'cancelled'),
]
const APP_DAYS: AppDay[] = [
  { date: '2023-12-30', app_name: '粤省事', daily_active_users: 52_000 },
  { date: '2023-12-31', app_name: '粤省事', daily_active_users: 61_000 },
  { date: '2023-12-31', app_name: '梅州通', daily_active_users: 9_000 },
  { date: '2024-01-01', app_name: '粤省事', daily_active_users: 70_500 },
  { date: '2024-01-02', app_name: '粤省事', daily_active_users: 0 },
  { date: '2024-02-15', app_name: '梅州通', daily_active_users: 12_345 },
]
const EVALUATION_SPEC = evaluationSpec(EVALUATIONS)
const TICKET_SPEC = ticketSpec(TICKETS)
const EVENT_SPEC = eventSpec(EVENTS)
const APP_SPEC = appSpec(APP_DAYS)

describe('evaluation, hotline, governance and app indicators', () => {
  let t: TestLayer
  beforeAll(async () => {
    t = await openTestLayer()
    await insertReferenceData(t.wh)
    await insertRows(t.wh, 'evaluations', EVALUATIONS)
    await insertRows(t.wh, 'hotline_tickets', TICKETS)
    await insertRows(t.wh, 'governance_events', EVENTS)
    await insertRows(t.wh, 'app_activity', APP_DAYS)
    await t.sl.refreshPreAggregations()
  })
  afterAll(() => t.dispose())

  const ALL_YEARS: [string, string] = ['2021-01-01', '2025-12-31']
  const SHAPES = [
    { granularity: 'year' as const, dateRange: ALL_YEARS },
    { granularity: 'year' as const, dateRange: ALL_YEARS, dimensions: ['dept_code'] },
    { granularity: 'month' as const, dateRange: ['2023-12-01', '2024-01-31'] as [string, string] },
    { granularity: 'year' as const, dateRange: ALL_YEARS, dimensions: ['region_code', 'town_code'] },
    {
      granularity: 'year' as const,
      dateRange: ALL_YEARS,
      filters: [{ member: 'dept_code', values: ['D1'] }],
    },
    { dateRange: ['2023-01-01', '2023-12-31'] as [string, string], dimensions: ['dept_code'] },
  ]

  it.each(SHAPES)('好差评 satisfaction and rectification %#', async (shape) => {
    await expectIndicator(t.sl, EVALUATION_SPEC, shape)
  })

  it('a period without bad reviews has no rectification rate', async () => {
    const { raw } = await expectIndicator(t.sl, EVALUATION_SPEC, {
      granularity: 'year',
      dateRange: ALL_YEARS,
      dimensions: ['dept_code'],
      filters: [{ member: 'dept_code', values: ['D3'] }],
    })
    expect(raw.data[0]!['evaluation_kpis.bad_review_rectification_rate']).toBeNull()
  })

  it.each(SHAPES)('12345 on-time and satisfaction rates %#', async (shape) => {
    await expectIndicator(t.sl, TICKET_SPEC, shape)
  })

  it('12345: tickets without a due time or without a rating stay out of those bases', async () => {
    const { raw } = await expectIndicator(t.sl, TICKET_SPEC, {
      granularity: 'month',
      dateRange: ['2023-03-01', '2023-03-31'],
    })
    // T3 has no due_at; T4 (open past due) and T5 (closed exactly at due) have due_at.
    expect(raw.data[0]).toMatchObject({
      'hotline_kpis.tickets_with_due': 2,
      'hotline_kpis.hotline_ontime_rate': 0.5,
    })
  })

  it.each(SHAPES)('一网统管 closure and on-time closure %#', async (shape) => {
    await expectIndicator(t.sl, EVENT_SPEC, shape)
  })

  it('events: a period with only cancelled events has no rate', async () => {
    const { raw } = await expectIndicator(t.sl, EVENT_SPEC, {
      granularity: 'month',
      dateRange: ['2024-08-01', '2024-08-31'],
    })
    expect(raw.data[0]).toMatchObject({ 'event_kpis.events': 1, 'event_kpis.event_closure_rate': null })
  })

  it.each([
    { granularity: 'year' as const, dateRange: ALL_YEARS },
    { granularity: 'month' as const, dateRange: ['2023-12-01', '2024-02-29'] as [string, string] },
    { dateRange: ['2023-12-31', '2024-01-01'] as [string, string] },
  ])('政务App DAU: daily totals across apps, averaged over days %#', async (shape) => {
    await expectIndicator(t.sl, APP_SPEC, shape)
  })

  it('DAU for 2023 is the mean of the day totals of Dec 30 and Dec 31', async () => {
    const { pre } = await expectIndicator(t.sl, APP_SPEC, {
      granularity: 'year',
      dateRange: ['2023-01-01', '2023-12-31'],
    })
    expect(pre.data[0]!['app_kpis.gov_app_dau']).toBe((52_000 + 61_000 + 9_000) / 2)
  })
})
