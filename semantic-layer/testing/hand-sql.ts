/**
 * Hand-written ClickHouse SQL for the scorecard query set (every indicator × year ×
 * department, 2021–2025), straight from shared/DATA-CONTRACT.md, for the benchmark to
 * time and to check the semantic layer's numbers against. Output columns: y, d, then
 * one column per indicator id. Working days are counted day by day from the calendar
 * table (HAND_WORKDAYS), independently of the warehouse's workdays_between.
 */
const RANGE = (col: string) =>
  `${col} >= toDateTime('2021-01-01 00:00:00', 'Asia/Shanghai') AND ${col} < toDateTime('2026-01-01 00:00:00', 'Asia/Shanghai')`

/** The calendar's listed dates and whether each is a workday, as two arrays: `cal.1`, `cal.2`. */
export const HAND_CALENDAR = `WITH (SELECT (groupArray(date), groupArray(toUInt8(is_workday))) FROM calendar FINAL) AS cal`

/**
 * Working days as the contract words them, day by day (not through the warehouse's
 * workdays_between): the days d with date(a) < d ≤ date(b) in Asia/Shanghai, each a workday
 * as the calendar lists it, an unlisted day when it is Monday–Friday. b missing counts 0.
 * Needs HAND_CALENDAR in the query.
 */
export const HAND_WORKDAYS = (a: string, b: string) => `arrayCount(
    d -> transform(d, cal.1, cal.2, toUInt8(toDayOfWeek(d) <= 5)) = 1,
    arrayMap(i -> addDays(toDate(${a}, 'Asia/Shanghai'), i + 1),
      range(toUInt32(greatest(0, dateDiff('day', toDate(${a}, 'Asia/Shanghai'), toDate(ifNull(${b}, ${a}), 'Asia/Shanghai')))))))`

/** DATA-CONTRACT's on-time rectification limit ("the value above uses 15"). */
const RECTIFICATION_WORKDAYS = 15

export const HAND_SQL: Record<string, string> = {
  application_kpis: `SELECT toYear(submitted_at) AS y, toString(dept_code) AS d,
      countIf(channel IN ('web', 'mobile', 'kiosk')) / nullIf(count(), 0) AS online_application_rate,
      countIf(fully_online) / nullIf(count(), 0) AS full_online_rate,
      countIf(e_certificate_used) / nullIf(countIf(certificate_required), 0) AS e_certificate_usage_rate,
      avg(visits) AS avg_visits
    FROM service_applications FINAL WHERE status != 'withdrawn' AND ${RANGE('submitted_at')} GROUP BY y, d`,
  // Completed applications by their completion time.
  completion_kpis: `${HAND_CALENDAR}
    SELECT toYear(completed_at) AS y, toString(dept_code) AS d,
      countIf(promised_days IS NOT NULL AND ${HAND_WORKDAYS('submitted_at', 'completed_at')} <= promised_days)
        / nullIf(countIf(promised_days IS NOT NULL), 0) AS application_ontime_rate,
      countIf(application_id IN (SELECT application_id FROM evaluations FINAL)) / nullIf(count(), 0) AS evaluation_coverage_rate
    FROM service_applications FINAL
    WHERE status = 'completed' AND completed_at IS NOT NULL AND ${RANGE('completed_at')} GROUP BY y, d`,
  evaluation_kpis: `${HAND_CALENDAR}
    SELECT toYear(evaluated_at) AS y, toString(dept_code) AS d,
      countIf(rating >= 3) / nullIf(count(), 0) AS evaluation_satisfaction_rate,
      countIf(rating <= 2 AND rectified) / nullIf(countIf(rating <= 2), 0) AS bad_review_rectification_rate,
      countIf(rating <= 2 AND rectified AND rectified_at IS NOT NULL
        AND ${HAND_WORKDAYS('evaluated_at', 'rectified_at')} <= ${RECTIFICATION_WORKDAYS})
        / nullIf(countIf(rating <= 2), 0) AS bad_review_ontime_rectification_rate
    FROM evaluations FINAL WHERE ${RANGE('evaluated_at')} GROUP BY y, d`,
  hotline_kpis: `SELECT toYear(received_at) AS y, toString(dept_code) AS d,
      countIf(due_at IS NOT NULL AND closed_at IS NOT NULL AND closed_at <= due_at) / nullIf(countIf(due_at IS NOT NULL), 0) AS hotline_ontime_rate,
      countIf(satisfaction IN ('satisfied', 'basically_satisfied')) / nullIf(countIf(satisfaction != 'none'), 0) AS hotline_satisfaction_rate
    FROM hotline_tickets FINAL WHERE ${RANGE('received_at')} GROUP BY y, d`,
  sharing_kpis: `${HAND_CALENDAR}
    SELECT toYear(requested_at) AS y, toString(requester_dept_code) AS d,
      countIf(status = 'satisfied') / nullIf(countIf(status IN ('satisfied', 'partial', 'rejected')), 0) AS sharing_satisfaction_rate,
      avg(if(responded_at IS NULL, NULL, ${HAND_WORKDAYS('requested_at', 'responded_at')})) AS sharing_response_workdays
    FROM sharing_requests FINAL WHERE ${RANGE('requested_at')} GROUP BY y, d`,
  event_kpis: `SELECT toYear(reported_at) AS y, toString(dept_code) AS d,
      countIf(status = 'closed') / nullIf(countIf(status != 'cancelled'), 0) AS event_closure_rate,
      countIf(status = 'closed' AND due_at IS NOT NULL AND closed_at <= due_at) / nullIf(countIf(status != 'cancelled' AND due_at IS NOT NULL), 0) AS event_ontime_closure_rate
    FROM governance_events FINAL WHERE ${RANGE('reported_at')} GROUP BY y, d`,
  app_kpis: `SELECT toYear(date) AS y, '' AS d, sum(daily_active_users) / nullIf(uniqExact(date), 0) AS gov_app_dau
    FROM app_activity FINAL WHERE date >= '2021-01-01' AND date <= '2025-12-31' GROUP BY y, d`,
  department_kpis: `SELECT 0 AS y, dept_code AS d, countIf(e_seal_enabled) / nullIf(count(), 0) AS e_seal_coverage_rate
    FROM departments FINAL GROUP BY y, d`,
  region_kpis: `SELECT 0 AS y, '' AS d, countIf(level = 'village' AND egov_network_connected) / nullIf(countIf(level = 'village'), 0) AS village_network_coverage
    FROM regions FINAL GROUP BY y, d`,
  // The snapshot in force at each year's end: per department, its latest snapshot ≤ 31 Dec.
  item_kpis: `SELECT s.y AS y, i.dept_code AS d,
      countIf(i.online_available) / nullIf(count(), 0) AS online_availability_rate,
      countIf(i.fully_online) / nullIf(count(), 0) AS item_full_online_rate,
      countIf(i.max_one_visit) / nullIf(count(), 0) AS max_one_visit_rate,
      countIf(i.mobile_available) / nullIf(count(), 0) AS mobile_availability_rate,
      countIf(i.hall_item AND i.online_booking) / nullIf(countIf(i.hall_item), 0) AS online_booking_rate
    FROM (SELECT toString(dept_code) AS dept_code, snapshot_date, online_available, fully_online, max_one_visit,
                 mobile_available, hall_item, online_booking FROM service_items FINAL) AS i
    INNER JOIN (
      SELECT y, toString(dept_code) AS dept_code, max(snapshot_date) AS snap
      FROM service_items FINAL ARRAY JOIN [2021, 2022, 2023, 2024, 2025] AS y
      WHERE snapshot_date <= makeDate(y, 12, 31) GROUP BY y, dept_code
    ) AS s ON i.dept_code = s.dept_code AND i.snapshot_date = s.snap
    GROUP BY y, d`,
}
