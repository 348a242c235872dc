/**
 * The audit log: the actions the app records (the allow-list the audit page filters by) and
 * the fields a change (before → after) may name. Both sides of the wire use these codes; the
 * words live with each side (the client's dictionaries, the server's export).
 */

/** Every action the app writes with `audit()`, grouped as the page lists them. */
export const AUDIT_ACTIONS = [
  // Sign-in events
  'sign_in',
  'sign_in_failed',
  'sign_out',
  'password_changed',
  // Accounts
  'user_created',
  'user_updated',
  'user_disabled',
  'user_enabled',
  'password_reset',
  'demo_accounts_created',
  // Data loads
  'source_run',
  'source_run_finished',
  // Rankings, adjustments, targets
  'score_adjusted',
  'ranking_frozen',
  'ranking_unfrozen',
  'ranking_published',
  'ranking_withdraw_requested',
  'ranking_withdrawn',
  'ranking_publish_requested',
  // Appeals in the publicity window (公示 · 申诉 · 复核)
  'appeal_drafted',
  'appeal_edited',
  'appeal_discarded',
  'appeal_filed',
  'appeal_accepted',
  'appeal_rejected',
  'appeal_evidence_uploaded',
  // Notes on indicators (动态与说明)
  'indicator_note_added',
  'indicator_note_deleted',
  'indicator_note_selected',
  'indicator_note_unselected',
  'targets_uploaded',
  'targets_restored',
  'baseline_recorded',
  'baseline_cleared',
  // Plan tasks
  'task_checkin_filed',
  'task_checkin_accepted',
  'task_checkin_returned',
  'task_evidence_uploaded',
  'task_assigned',
  'task_added_local',
  // Alerts
  'alert_rule_created',
  'alert_rule_enabled',
  'alert_rule_disabled',
  'alert_rule_deleted',
  'alerts_run',
  'demo_subscriptions_seeded',
] as const
export type AuditAction = (typeof AUDIT_ACTIONS)[number]

export const isAuditAction = (code: string): code is AuditAction =>
  (AUDIT_ACTIONS as readonly string[]).includes(code)

/**
 * The fields a before/after may carry, each with its words on both sides. A change naming
 * another field is still shown (under a neutral heading), so add it here when adding one.
 */
export const AUDIT_FIELDS = [
  'display_name',
  'role',
  'dept_code',
  'status',
  'points',
  'reason',
  'rows',
  'units',
  'indicators',
  'years',
  'version',
  'overrides',
  'rows_added',
  'rows_changed',
  'rows_removed',
  'restored_from',
  'file_name',
  'state',
  'percent',
  'note',
  'evidence',
  'lead',
  'partners',
  'title',
  'deadline',
  'value',
  'loaded',
  'skipped',
  'error',
  'ok',
  'subject_kind',
  'subject_ref',
  'adjustment_id',
  'publish_requested_by',
  'requested_by',
  'approved_by',
  'indicator_id',
  'scope',
  'period',
  'kind',
  'selected',
] as const
export type AuditField = (typeof AUDIT_FIELDS)[number]

export const isAuditField = (code: string): code is AuditField =>
  (AUDIT_FIELDS as readonly string[]).includes(code)

/** Values of coded fields, each with its words on both sides (roles use the roles' own words). */
export const AUDIT_VALUES = {
  status: [
    'active',
    'disabled',
    'live',
    'frozen',
    'unfrozen',
    'published',
    'withdrawn',
    'draft',
    'filed',
    'accepted',
    'rejected',
  ],
  subject_kind: ['indicator', 'adjustment'],
  kind: ['explanation', 'cause', 'measure'],
  state: ['pending', 'accepted', 'returned'],
  skipped: ['running', 'elsewhere'],
} as const satisfies Partial<Record<AuditField, readonly string[]>>

/** The key of the object that stands for a cut before/after: `{ [TRUNCATED]: true, text }`. */
export const AUDIT_TRUNCATED = '__truncated'

/** Entries per page of the audit page (the most one call answers). */
export const AUDIT_PAGE_MAX = 200
/** Rows in one export; the file says so when the filter matched more. */
export const AUDIT_EXPORT_MAX = 50_000

/** One line of a before/after comparison. */
export interface ChangeLine {
  field: string
  before: unknown
  after: unknown
  /** Whether the value differs (a field only before or only after differs too). */
  changed: boolean
  /** Present before / after (a new record has no before; a removed field no after). */
  inBefore: boolean
  inAfter: boolean
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/** A stored before/after, parsed; a value that is not an object is shown as one field `value`. */
function asFields(v: unknown): Record<string, unknown> | null {
  if (v === null || v === undefined) return null
  return isRecord(v) ? v : { value: v }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

/**
 * Field by field, in the order the fields first appear (after's, then the ones only before
 * had): what was, what is, and whether it changed. Empty when neither side was recorded.
 */
export function changeLines(before: unknown, after: unknown): ChangeLine[] {
  const b = asFields(before)
  const a = asFields(after)
  if (!b && !a) return []
  const keys = [...new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})])]
  return keys.map((field) => {
    const inBefore = b !== null && Object.hasOwn(b, field)
    const inAfter = a !== null && Object.hasOwn(a, field)
    const was = inBefore ? b![field] : undefined
    const is = inAfter ? a![field] : undefined
    // Only one side recorded (a creation, a removal): each field is news, unless both sides are.
    const changed = b === null || a === null ? true : inBefore !== inAfter || !same(was, is)
    return { field, before: was, after: is, changed, inBefore, inAfter }
  })
}

/** A stored before/after column as a value: JSON text parsed, null kept; a cut one stays its marker object. */
export function parseChange(text: string | null): unknown {
  if (text === null) return null
  try {
    return JSON.parse(text) as unknown
  } catch {
    return { value: text }
  }
}

/** Whether a parsed before/after is the marker of a cut one. */
export const isTruncated = (v: unknown): v is { [AUDIT_TRUNCATED]: true; text: string } =>
  isRecord(v) && v[AUDIT_TRUNCATED] === true

/** Words a side gives formatChangeValue (its own language). */
export interface ChangeWords {
  empty: string
  yes: string
  no: string
  listSep: string
  /** The words of a coded value (a role, a status), or undefined for a plain value. */
  code: (field: string, value: string) => string | undefined
}

/** One before/after value as people read it: codes as words, lists joined, points signed. */
export function formatChangeValue(field: string, value: unknown, words: ChangeWords): string {
  if (value === null || value === undefined || value === '') return words.empty
  if (typeof value === 'boolean') return value ? words.yes : words.no
  if (typeof value === 'number') {
    if (field === 'points') return `${value > 0 ? '+' : ''}${value}`
    if (field === 'percent') return `${value}%`
    return String(value)
  }
  if (typeof value === 'string') return words.code(field, value) ?? value
  if (Array.isArray(value)) {
    return value.length === 0
      ? words.empty
      : value.map((v) => formatChangeValue(field, v, words)).join(words.listSep)
  }
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}: ${formatChangeValue(k, v, words)}`)
      .join(words.listSep)
  }
  return String(value)
}
