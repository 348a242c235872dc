import type { T } from '../../i18n/i18n'

/** Points with two decimals; "—" for none. */
export function formatPoints(v: number | null | undefined, t: T, signed = false): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return t('sc.none')
  const s = (Math.round(v * 100) / 100).toFixed(2)
  return signed && v > 0 ? `+${s}` : s
}

/** Rank movement: ↑ for moving up (a smaller rank number), ↓ for down. */
export function formatRankChange(v: number | null, t: T): { text: string; label: string; dir: string } {
  if (v === null) return { text: t('sc.none'), label: t('rk.change.none'), dir: 'none' }
  if (v === 0) return { text: '–', label: t('rk.change.same'), dir: 'same' }
  const n = Math.abs(v)
  return v > 0
    ? { text: `↑${n}`, label: t('rk.change.up', { n }), dir: 'up' }
    : { text: `↓${n}`, label: t('rk.change.down', { n }), dir: 'down' }
}

/** The account the demo start-up publishes as (web/server/scoring/ranking.service.ts DEMO_PUBLISHER). */
const DEMO_PUBLISHER = 'system:demo'

/** A person as people know them: the display name the server sent, the system, or the login name. */
export function personName(
  username: string | null | undefined,
  people: Record<string, string>,
  t: T,
): string {
  if (!username) return t('sc.none')
  if (username === DEMO_PUBLISHER) return t('rk.by.system')
  return people[username] ?? username
}
