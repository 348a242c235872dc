import type { Status } from './types'

/** The summary tiles of a closed year (it is over at the as-of date): outcomes only. */
export const CLOSED_STATUSES: Status[] = ['missed', 'met', 'no_target', 'no_data']
/** The summary tiles of an open year: against 序时进度. */
export const OPEN_STATUSES: Status[] = ['behind', 'at_risk', 'on_track', 'met', 'no_target', 'no_data']

/** Every status, for legends and checks. */
export const STATUSES: Status[] = ['behind', 'at_risk', 'missed', 'on_track', 'met', 'no_target', 'no_data']

/** The statuses a period can show. */
export const statusesFor = (closed: boolean): Status[] => (closed ? CLOSED_STATUSES : OPEN_STATUSES)

/** Off-track first (behind or missed, then at risk); the rest keep catalog order. */
export function statusRank(s: Status): number {
  return s === 'behind' || s === 'missed' ? 0 : s === 'at_risk' ? 1 : 2
}

/** Chart colours per status (the CSS uses the same palette). */
export const STATUS_COLORS: Record<Status, string> = {
  met: '#1a7f37',
  missed: '#c62828',
  on_track: '#1f6feb',
  at_risk: '#b7791f',
  behind: '#c62828',
  no_data: '#8a8f98',
  no_target: '#8a8f98',
}
