import type { Lang } from '../i18n/i18n'

/**
 * Server messages carry both languages, Chinese first, in one of two shapes (errors/app-error.ts):
 *   "中文 (English)" — English in ASCII brackets starting with a Latin letter, possibly several
 *     times ("数据仓库无法连接 (unreachable at …)，自动重试中 (retrying)") and followed by a
 *     detail ("输入无效 (invalid input): year: …");
 *   "中文 / English" (or "English / 中文") — the two halves either side of " / ".
 * The page shows one language at a time: this splits such a message into its two halves.
 * Brackets that are part of the Chinese — full-width （500字以内）, or ASCII ones holding
 * digits or Chinese such as "(1.2 s)" — stay in both. A message in one language only is
 * both halves.
 */
export interface Bilingual {
  zh: string
  en: string
}

const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/
const hasCjk = (s: string) => CJK.test(s)

/** ASCII bracket with English inside: starts with a Latin letter; one nested level allowed. */
const ENGLISH_BRACKET = /\s*\((?=\s*[A-Za-z])((?:[^()]|\([^()]*\))*)\)/g

/** Chinese punctuation an English half reads better with. */
const EN_PUNCT: Record<string, string> = { '，': ', ', '：': ': ', '；': '; ', '。': '. ', '、': ', ' }

function tidyZh(s: string): string {
  return s
    .replace(/\s+([:：;；,，。、）)])/g, '$1')
    .replace(/\s{2,}/g, ' ')
    .trim()
}

function splitSlash(text: string): Bilingual | null {
  for (let i = text.indexOf(' / '); i >= 0; i = text.indexOf(' / ', i + 1)) {
    const left = text.slice(0, i).trim()
    const right = text.slice(i + 3).trim()
    if (!left || !right) continue
    if (hasCjk(left) && !hasCjk(right)) return { zh: left, en: right }
    if (!hasCjk(left) && hasCjk(right)) return { zh: right, en: left }
  }
  return null
}

function splitBrackets(text: string): Bilingual | null {
  const parts: string[] = []
  let between = ''
  let last = 0
  for (const m of text.matchAll(ENGLISH_BRACKET)) {
    // Chinese between two English brackets is left out of the English half, but its
    // punctuation ("，自动重试中 (retrying)" → ", retrying") joins the two.
    between = text.slice(last, m.index)
    if (parts.length > 0) {
      const p = /^[\s，：；。、,:;.]*/.exec(between)![0].trim()
      parts.push(p ? (EN_PUNCT[p[0]!] ?? `${p[0]} `) : '; ')
    } else if (!hasCjk(between) && between.trim()) {
      parts.push(`${between.trim()} `)
    }
    parts.push(m[1]!.trim())
    last = m.index + m[0].length
  }
  if (parts.length === 0) return null
  // What follows the last bracket stays when it is not Chinese: a detail (": ECONNREFUSED").
  const tail = text.slice(last)
  const enTail = hasCjk(tail) ? '' : tail.trimEnd()
  return { zh: tidyZh(text.replace(ENGLISH_BRACKET, '')), en: `${parts.join('')}${enTail}`.trim() }
}

export function splitMessage(text: string): Bilingual {
  const t = text.trim()
  if (!hasCjk(t)) return { zh: t, en: t }
  return splitSlash(t) ?? splitBrackets(t) ?? { zh: t, en: t }
}

/** The half of a server message for the page's language ('' for none). */
export function localMessage(text: string | null | undefined, lang: Lang): string {
  if (!text) return ''
  return splitMessage(text)[lang]
}
