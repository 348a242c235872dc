import { FileRejectedError } from '../../files/rejected'
import type { DatasetSpec } from './types'

/** Header matching ignores surrounding spaces, case, and full-width/half-width forms (NFKC). */
export function normalizeHeader(h: string): string {
  return h
    .normalize('NFKC')
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
}

export interface HeaderMapping {
  /** Contract column name → index of the file column holding it. */
  columns: Map<string, number>
  /** Original header text per contract column, for messages a clerk recognises. */
  labels: Map<string, string>
  ignored: string[]
}

export function mapHeaders(spec: DatasetSpec, headers: string[]): HeaderMapping {
  const lookup = new Map<string, string>()
  for (const c of spec.columns) {
    for (const alias of [c.name, ...c.aliases]) lookup.set(normalizeHeader(alias), c.name)
  }
  const columns = new Map<string, number>()
  const labels = new Map<string, string>()
  const ignored: string[] = []
  headers.forEach((raw, i) => {
    const name = lookup.get(normalizeHeader(raw))
    if (!name) {
      if (raw.trim() !== '') ignored.push(raw.trim())
      return
    }
    if (columns.has(name)) {
      throw new FileRejectedError(
        `表头重复: '${labels.get(name)}' 与 '${raw.trim()}' 都对应 ${name} (two columns map to ${name})`,
      )
    }
    columns.set(name, i)
    labels.set(name, raw.trim())
  })
  const missing = spec.columns.filter((c) => c.required && !columns.has(c.name))
  if (missing.length) {
    const list = missing.map((c) => `${c.aliases[0] ?? c.name} (${c.name})`).join(', ')
    throw new FileRejectedError(`缺少必填列: ${list} (missing required columns for ${spec.name})`)
  }
  for (const c of spec.columns) if (!labels.has(c.name)) labels.set(c.name, c.aliases[0] ?? c.name)
  return { columns, labels, ignored }
}
