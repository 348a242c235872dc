import { type ChangeWords, formatChangeValue } from '../../../shared/audit'
import type { T } from '../i18n/i18n'
import { type DictKey, zh } from '../i18n/zh'
import type { Outputs } from './types'

/**
 * The audit log on the client: an entry as the server sends it, and how its codes read. The
 * words are in the dictionaries (audit.zh.ts, audit.en.ts) under `au.*`; this file is the one
 * place that maps a code to its words. A code the dictionaries do not know reads as a neutral
 * word, never as the code.
 */

export type AuditEntry = Outputs['audit']['list']['rows'][number]
export type AuditFacets = Outputs['audit']['facets']
export type ChangeLine = NonNullable<AuditEntry['change']>['lines'][number]

const hasKey = (key: string): key is DictKey => key in zh

export const actionLabel = (t: T, code: string) => {
  const key = `au.action.${code}`
  return hasKey(key) ? t(key) : t('au.otherAction')
}

export const fieldLabel = (t: T, code: string) => {
  const key = `au.field.${code}`
  return hasKey(key) ? t(key) : t('au.otherField')
}

/** The words formatChangeValue needs, in the page's language; departments by name where known. */
export function changeWords(t: T, departments: ReadonlyMap<string, string> = new Map()): ChangeWords {
  return {
    empty: t('au.value.empty'),
    yes: t('au.value.yes'),
    no: t('au.value.no'),
    listSep: t('au.value.listSep'),
    code: (field, value) => {
      if (field === 'dept_code') return departments.get(value)
      const key = field === 'role' ? `role.${value}` : `au.value.${field}.${value}`
      return hasKey(key) ? t(key) : undefined
    },
  }
}

/** One side of a change line as text; a side the entry did not record reads "(none)". */
export function sideText(t: T, words: ChangeWords, line: ChangeLine, side: 'before' | 'after'): string {
  const present = side === 'before' ? line.inBefore : line.inAfter
  return present ? formatChangeValue(line.field, line[side], words) : t('au.change.absent')
}

/** A day (YYYY-MM-DD, Asia/Shanghai) as the instant it starts; `next`: the day after's start. */
export function shanghaiDayStart(day: string, next = false): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined
  const ms = Date.parse(`${day}T00:00:00+08:00`)
  if (Number.isNaN(ms)) return undefined
  return new Date(ms + (next ? 86_400_000 : 0)).toISOString()
}

/** An entry's time as 'YYYY-MM-DD HH:mm:ss' in Asia/Shanghai (UTC+8, no DST). */
export function auditTime(iso: string): string {
  const ms = Date.parse(iso)
  if (Number.isNaN(ms)) return iso
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ')
}
