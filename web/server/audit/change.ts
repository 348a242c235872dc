import { AUDIT_TRUNCATED } from '../../shared/audit'

/** What an audit entry changed; either side may be missing (a creation has no before). */
export interface AuditChange {
  before?: unknown
  after?: unknown
}

/** Longest stored before/after (JSON text, UTF-8 bytes); migration 0011 checks the same bound. */
export const CHANGE_MAX_BYTES = 20_000
/** Longest string value kept whole inside a before/after. */
const STRING_MAX = 2_000
/** Most array items kept. */
const ARRAY_MAX = 200
/** Deepest nesting kept. */
const DEPTH_MAX = 6

/** Keys whose values are never written to the log, whatever a caller passes. */
const SECRET_KEY = /pass(word)?|secret|token|hash|signature|credential|cookie/i
export const REDACTED = '（已隐藏）'

const bytes = (s: string) => Buffer.byteLength(s, 'utf8')

/** A plain, bounded copy: secrets hidden, long strings and arrays cut, dates as ISO text. */
function bounded(v: unknown, depth: number): unknown {
  if (v === null || v === undefined) return null
  if (typeof v === 'string') return v.length > STRING_MAX ? `${v.slice(0, STRING_MAX)}…` : v
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v)
  if (typeof v === 'boolean') return v
  if (typeof v === 'bigint') return v.toString()
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString()
  if (depth >= DEPTH_MAX) return '…'
  if (Array.isArray(v)) {
    const items = v.slice(0, ARRAY_MAX).map((x) => bounded(x, depth + 1))
    return v.length > ARRAY_MAX ? [...items, `…（共 ${v.length} 项）`] : items
  }
  if (typeof v === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (x === undefined || typeof x === 'function') continue
      out[k] = SECRET_KEY.test(k) ? REDACTED : bounded(x, depth + 1)
    }
    return out
  }
  return null
}

/**
 * One side of a change as the JSON text the log stores, or null when there is none. Never
 * more than CHANGE_MAX_BYTES: past it, a marker object holding the text's beginning.
 */
export function changeText(value: unknown): string | null {
  if (value === undefined || value === null) return null
  const text = JSON.stringify(bounded(value, 0))
  if (bytes(text) <= CHANGE_MAX_BYTES) return text
  // Escaping in the marker can double the length: shrink until it fits.
  let keep = Math.floor(CHANGE_MAX_BYTES / 2)
  for (;;) {
    const cut = JSON.stringify({ [AUDIT_TRUNCATED]: true, text: text.slice(0, keep) })
    if (bytes(cut) <= CHANGE_MAX_BYTES) return cut
    keep = Math.floor(keep * 0.8)
  }
}
