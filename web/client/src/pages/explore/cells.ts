/** Time members (`view.date.month`) show at their grain; numbers keep up to 4 decimals. */
export function formatCell(key: string, v: unknown): string {
  if (v === null || v === undefined) return ''
  const grain = key.split('.')[2]
  if (grain && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)) {
    if (grain === 'year') return v.slice(0, 4)
    if (grain === 'month' || grain === 'quarter') return v.slice(0, 7)
    return v.slice(0, 10)
  }
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toFixed(4)))
  if (typeof v === 'boolean') return v ? '✓' : '✗'
  return String(v)
}
