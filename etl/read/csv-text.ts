/** Minimal RFC 4180 helpers: the engine parses data rows; JS only reads headers and writes normalized files. */

/** Parses the first record of CSV text; returns its fields and how many characters it spans. */
export function parseFirstRecord(text: string): { fields: string[]; length: number } | null {
  const fields: string[] = []
  let field = ''
  let i = 0
  let quoted = false
  while (i < text.length) {
    const ch = text[i]!
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"'
        i += 2
        continue
      }
      if (ch === '"') quoted = false
      else field += ch
      i++
      continue
    }
    if (ch === '"' && field === '') quoted = true
    else if (ch === ',') {
      fields.push(field)
      field = ''
    } else if (ch === '\r' || ch === '\n') {
      fields.push(field)
      const length = ch === '\r' && text[i + 1] === '\n' ? i + 2 : i + 1
      return { fields, length }
    } else field += ch
    i++
  }
  if (quoted) return null
  fields.push(field)
  return { fields, length: text.length }
}

export function csvField(value: string): string {
  if (value === '') return ''
  return `"${value.replaceAll('"', '""')}"`
}

export function csvLine(values: string[]): string {
  return `${values.map(csvField).join(',')}\n`
}
