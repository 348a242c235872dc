import { log } from '../../warehouse/log'

/** Cube's logger signature: a message and a bag of fields. */
export type CubeLogger = (message: string, params?: Record<string, unknown>) => void

// Cube reports failures through these messages; everything else is routine chatter.
const ERRORS = /error|failed|failure/i
const WARNINGS = /slow|continue wait|backoff|conflict/i

// Users' filter values travel here; a log keeps their count, never their content.
const VALUE_FIELDS = new Set(['values', 'query_values', 'params'])
const MAX_FIELD_CHARS = 2_048

const clip = (s: string) =>
  s.length > MAX_FIELD_CHARS ? `${s.slice(0, MAX_FIELD_CHARS)}… (${s.length} chars)` : s

/** Log fields without users' values and with no field over 2 KB (SQL, errors, stacks). */
export function safeFields(params: Record<string, unknown>): Record<string, unknown> {
  const fields: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(params)) {
    if (VALUE_FIELDS.has(k)) fields[k] = Array.isArray(v) ? `[${v.length} values elided]` : '[elided]'
    else if (typeof v === 'string') fields[k] = clip(v)
    else if (v && typeof v === 'object') fields[k] = clip(JSON.stringify(v) ?? '')
    else fields[k] = v
  }
  return fields
}

/** Routes Cube's log events into the project's logger (stderr), chatter at debug level. */
export const cubeLogger: CubeLogger = (message, params = {}) => {
  const fields = safeFields(params)
  const line = `cube: ${message}`
  if (ERRORS.test(message)) log.warn(line, fields)
  else if (WARNINGS.test(message)) log.info(line, fields)
  else log.debug(line, fields)
}
