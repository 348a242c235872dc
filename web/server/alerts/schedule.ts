/**
 * The periods of scheduled deliveries, in Asia/Shanghai: a week starts on Monday, a month on
 * its 1st; each is due from 08:00 local on its first day (a run after that, however late,
 * still sends it once). Pure.
 */

const SHANGHAI_OFFSET_MS = 8 * 3_600_000
const DAY_MS = 86_400_000
const DUE_HOUR = 8

export type Cadence = 'weekly' | 'monthly'

export interface SchedulePeriod {
  /** e.g. `2026-W49`, `2026-12`: with the subscription and recipient, the delivery's key. */
  key: string
  /** Chinese, e.g. `2026年第49周`, `2026年12月`. */
  label: string
  /** The instant it becomes due. */
  due: Date
}

/** Shanghai wall-clock fields of an instant (read with the UTC getters). */
const local = (now: Date) => new Date(now.getTime() + SHANGHAI_OFFSET_MS)

/** The period `now` falls in. */
export function currentPeriod(cadence: Cadence, now: Date): SchedulePeriod {
  const t = local(now)
  const y = t.getUTCFullYear()
  const m = t.getUTCMonth()
  if (cadence === 'monthly') {
    const start = Date.UTC(y, m, 1)
    return {
      key: `${y}-${String(m + 1).padStart(2, '0')}`,
      label: `${y}年${m + 1}月`,
      due: new Date(start + DUE_HOUR * 3_600_000 - SHANGHAI_OFFSET_MS),
    }
  }
  // ISO week: the week with the year's first Thursday is week 1.
  const day = Date.UTC(y, m, t.getUTCDate())
  const weekday = (t.getUTCDay() + 6) % 7
  const monday = day - weekday * DAY_MS
  const thursday = monday + 3 * DAY_MS
  const isoYear = new Date(thursday).getUTCFullYear()
  const week = Math.floor((thursday - Date.UTC(isoYear, 0, 1)) / (7 * DAY_MS)) + 1
  return {
    key: `${isoYear}-W${String(week).padStart(2, '0')}`,
    label: `${isoYear}年第${week}周`,
    due: new Date(monday + DUE_HOUR * 3_600_000 - SHANGHAI_OFFSET_MS),
  }
}

/** The period to deliver now, or null when the current one is not due yet (`force`: it is). */
export function duePeriod(cadence: Cadence, now: Date, force = false): SchedulePeriod | null {
  const p = currentPeriod(cadence, now)
  return force || now.getTime() >= p.due.getTime() ? p : null
}
