import { type IndicatorSpec, rate } from './layer'
import { regionOfDept, townOf } from './reference.fixtures'

/**
 * Every fact-based indicator of DATA-CONTRACT's table, written again in plain JavaScript
 * over fixture rows, independently of the YAML model. Tests compare the engine to these.
 */

export type Application = {
  application_id: string
  item_code: string
  dept_code: string
  region_code: string
  channel: 'window' | 'web' | 'mobile' | 'kiosk'
  fully_online: boolean
  certificate_required: boolean
  e_certificate_used: boolean
  submitted_at: string
  status: 'submitted' | 'accepted' | 'completed' | 'rejected' | 'withdrawn'
}

const notWithdrawn = (rows: Application[]) => rows.filter((r) => r.status !== 'withdrawn')

export const applicationSpec = (rows: readonly Application[]): IndicatorSpec<Application> => ({
  view: 'application_kpis',
  rows,
  at: (r) => r.submitted_at,
  measures: {
    online_application_rate: (rs) =>
      rate(notWithdrawn(rs).filter((r) => r.channel !== 'window').length, notWithdrawn(rs).length),
    full_online_rate: (rs) =>
      rate(notWithdrawn(rs).filter((r) => r.fully_online).length, notWithdrawn(rs).length),
    e_certificate_usage_rate: (rs) =>
      rate(
        notWithdrawn(rs).filter((r) => r.certificate_required && r.e_certificate_used).length,
        notWithdrawn(rs).filter((r) => r.certificate_required).length,
      ),
    applications: (rs) => notWithdrawn(rs).length,
    online_applications: (rs) => notWithdrawn(rs).filter((r) => r.channel !== 'window').length,
    fully_online_applications: (rs) => notWithdrawn(rs).filter((r) => r.fully_online).length,
    certificate_applications: (rs) => notWithdrawn(rs).filter((r) => r.certificate_required).length,
    e_certificate_applications: (rs) => notWithdrawn(rs).filter((r) => r.e_certificate_used).length,
    all_applications: (rs) => rs.length,
    withdrawn_applications: (rs) => rs.filter((r) => r.status === 'withdrawn').length,
  },
  dimensions: {
    dept_code: (r) => r.dept_code,
    region_code: (r) => r.region_code,
    town_code: (r) => townOf(r.region_code),
  },
})

export type SharingRequest = {
  request_id: string
  requester_dept_code: string
  provider_dept_code: string
  resource_name: string
  requested_at: string
  status: 'satisfied' | 'partial' | 'rejected' | 'pending'
}

const answered = (rs: SharingRequest[]) => rs.filter((r) => r.status !== 'pending')

export const sharingSpec = (rows: readonly SharingRequest[]): IndicatorSpec<SharingRequest> => ({
  view: 'sharing_kpis',
  rows,
  at: (r) => r.requested_at,
  measures: {
    sharing_satisfaction_rate: (rs) =>
      rate(rs.filter((r) => r.status === 'satisfied').length, answered(rs).length),
    requests: (rs) => rs.length,
    answered_requests: (rs) => answered(rs).length,
    satisfied_requests: (rs) => rs.filter((r) => r.status === 'satisfied').length,
    pending_requests: (rs) => rs.filter((r) => r.status === 'pending').length,
  },
  dimensions: {
    // The department of a sharing request is its requester.
    dept_code: (r) => r.requester_dept_code,
    provider_dept_code: (r) => r.provider_dept_code,
    region_code: (r) => regionOfDept(r.requester_dept_code),
    town_code: (r) => townOf(regionOfDept(r.requester_dept_code)),
  },
})

export type Evaluation = {
  evaluation_id: string
  dept_code: string
  rating: number
  evaluated_at: string
  rectified: boolean
}

const bad = (rs: Evaluation[]) => rs.filter((r) => r.rating <= 2)
const byDepartment = {
  dept_code: (r: { dept_code: string }) => r.dept_code,
  region_code: (r: { dept_code: string }) => regionOfDept(r.dept_code),
  town_code: (r: { dept_code: string }) => townOf(regionOfDept(r.dept_code)),
}

export const evaluationSpec = (rows: readonly Evaluation[]): IndicatorSpec<Evaluation> => ({
  view: 'evaluation_kpis',
  rows,
  at: (r) => r.evaluated_at,
  measures: {
    evaluation_satisfaction_rate: (rs) => rate(rs.filter((r) => r.rating >= 3).length, rs.length),
    bad_review_rectification_rate: (rs) => rate(bad(rs).filter((r) => r.rectified).length, bad(rs).length),
    ratings: (rs) => rs.length,
    bad_reviews: (rs) => bad(rs).length,
  },
  dimensions: byDepartment,
})

export type Ticket = {
  ticket_id: string
  received_at: string
  channel: string
  category: string
  dept_code: string
  region_code: string | null
  due_at: string | null
  closed_at: string | null
  satisfaction: 'satisfied' | 'basically_satisfied' | 'dissatisfied' | 'none'
}

const withDue = (rs: Ticket[]) => rs.filter((r) => r.due_at !== null)
const rated = (rs: Ticket[]) => rs.filter((r) => r.satisfaction !== 'none')

export const ticketSpec = (rows: readonly Ticket[]): IndicatorSpec<Ticket> => ({
  view: 'hotline_kpis',
  rows,
  at: (r) => r.received_at,
  measures: {
    // Local timestamps of equal width compare correctly as text.
    hotline_ontime_rate: (rs) =>
      rate(
        withDue(rs).filter((r) => r.closed_at !== null && r.closed_at <= r.due_at!).length,
        withDue(rs).length,
      ),
    hotline_satisfaction_rate: (rs) =>
      rate(rated(rs).filter((r) => r.satisfaction !== 'dissatisfied').length, rated(rs).length),
    tickets: (rs) => rs.length,
    tickets_with_due: (rs) => withDue(rs).length,
    rated_tickets: (rs) => rated(rs).length,
  },
  dimensions: {
    dept_code: (r) => r.dept_code,
    region_code: (r) => r.region_code,
    town_code: (r) => townOf(r.region_code),
  },
})

export type GovEvent = {
  event_id: string
  source: string
  category: string
  region_code: string
  dept_code: string
  reported_at: string
  due_at: string | null
  closed_at: string | null
  status: 'open' | 'closed' | 'cancelled'
}

const valid = (rs: GovEvent[]) => rs.filter((r) => r.status !== 'cancelled')

export const eventSpec = (rows: readonly GovEvent[]): IndicatorSpec<GovEvent> => ({
  view: 'event_kpis',
  rows,
  at: (r) => r.reported_at,
  measures: {
    event_closure_rate: (rs) => rate(valid(rs).filter((r) => r.status === 'closed').length, valid(rs).length),
    event_ontime_closure_rate: (rs) => {
      const due = valid(rs).filter((r) => r.due_at !== null)
      return rate(due.filter((r) => r.status === 'closed' && r.closed_at! <= r.due_at!).length, due.length)
    },
    events: (rs) => rs.length,
    valid_events: (rs) => valid(rs).length,
  },
  dimensions: {
    dept_code: (r) => r.dept_code,
    region_code: (r) => r.region_code,
    town_code: (r) => townOf(r.region_code),
  },
})

export type AppDay = { date: string; app_name: string; daily_active_users: number }

/** Sum over apps per day, then the mean over the days with data. */
export function meanDailyTotal(rows: AppDay[]): number | null {
  const perDay = new Map<string, number>()
  for (const r of rows) perDay.set(r.date, (perDay.get(r.date) ?? 0) + r.daily_active_users)
  return rate(
    [...perDay.values()].reduce((a, b) => a + b, 0),
    perDay.size,
  )
}

export const appSpec = (rows: readonly AppDay[]): IndicatorSpec<AppDay> => ({
  view: 'app_kpis',
  rows,
  at: (r) => r.date,
  measures: {
    gov_app_dau: meanDailyTotal,
    days: (rs) => new Set(rs.map((r) => r.date)).size,
    total_active_users: (rs) => rs.reduce((a, r) => a + r.daily_active_users, 0),
  },
  dimensions: {},
})
