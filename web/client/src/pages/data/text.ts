import type { Lang } from '../../i18n/i18n'

/**
 * Server messages come as "中文 (English)": in Chinese mode the English parts in brackets
 * go (one language at a time); Chinese brackets such as （空） stay.
 */
export function localText(text: string | null | undefined, lang: Lang): string {
  if (!text) return ''
  if (lang === 'en') return text
  return text
    .replace(/\s*\((?=[A-Za-z])(?:[^()]|\([^()]*\))*\)/g, '')
    .replace(/\s+([:：;；,，])/g, '$1')
    .trim()
}
