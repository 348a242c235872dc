import { log } from '../warehouse/log'

/** Cube's logger signature: a message and a bag of fields. */
export type CubeLogger = (message: string, params?: Record<string, unknown>) => void

// Cube reports failures through these messages; everything else is routine chatter.
const ERRORS = /error|failed|failure/i
const WARNINGS = /slow|continue wait|backoff|conflict/i

/** Routes Cube's log events into the project's logger (stderr), chatter at debug level. */
export const cubeLogger: CubeLogger = (message, params = {}) => {
  const fields: Record<string, unknown> = { ...params }
  // Long SQL and stacks belong to debug; the first line is enough otherwise.
  if (typeof fields.query === 'string') fields.query = fields.query.slice(0, 500)
  const line = `cube: ${message}`
  if (ERRORS.test(message)) log.warn(line, fields)
  else if (WARNINGS.test(message)) log.info(line, fields)
  else log.debug(line, fields)
}
