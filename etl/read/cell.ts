/** Turns a spreadsheet or JSON value into the text form the engine parses. */

const pad = (n: number, w = 2) => String(n).padStart(w, '0')

/**
 * XLSX date cells carry no zone: exceljs returns them as UTC instants of the wall-clock
 * time, so UTC getters give back the clock reading, which the engine reads as Asia/Shanghai.
 */
export function formatWallClock(d: Date): string {
  if (Number.isNaN(d.getTime())) return ''
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
  return time === '00:00:00' ? date : `${date} ${time}`
}

export function cellText(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return formatWallClock(value)
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value)
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>
    if ('result' in v) return cellText(v.result) // formula: use its cached result, never the formula
    if ('richText' in v && Array.isArray(v.richText)) {
      return (v.richText as Array<{ text?: string }>).map((r) => r.text ?? '').join('')
    }
    if ('text' in v) return cellText(v.text) // hyperlink
    if ('error' in v) return String(v.error)
    return JSON.stringify(value)
  }
  return String(value)
}
