/** Minimal leveled logger: one line per event, to stderr so CLIs keep stdout for data. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error'
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 }

let threshold: LogLevel = 'info'

export function setLogLevel(level: LogLevel): void {
  threshold = level
}

function emit(level: LogLevel, msg: string, fields?: Record<string, unknown>): void {
  if (ORDER[level] < ORDER[threshold]) return
  const extra = fields && Object.keys(fields).length ? ` ${JSON.stringify(fields)}` : ''
  process.stderr.write(`${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} ${msg}${extra}\n`)
}

export const log = {
  debug: (msg: string, fields?: Record<string, unknown>) => emit('debug', msg, fields),
  info: (msg: string, fields?: Record<string, unknown>) => emit('info', msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => emit('warn', msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => emit('error', msg, fields),
}
