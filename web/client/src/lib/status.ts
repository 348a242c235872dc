import type { Status } from './types'

export const STATUSES: Status[] = ['behind', 'at_risk', 'on_track', 'met', 'no_target', 'no_data']

/** Off-track first (behind, then at risk); the rest keep catalog order. */
export function statusRank(s: Status): number {
  return s === 'behind' ? 0 : s === 'at_risk' ? 1 : 2
}

/** Chart colours per status (the CSS uses the same palette). */
export const STATUS_COLORS: Record<Status, string> = {
  met: '#1a7f37',
  on_track: '#1f6feb',
  at_risk: '#b7791f',
  behind: '#c62828',
  no_data: '#8a8f98',
  no_target: '#8a8f98',
}
