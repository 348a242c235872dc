import type { CellLabels, ExploreColumn } from '../../../../shared/explore-format'
import { numberText } from '../../../../shared/explore-format'
import type { T } from '../../i18n/i18n'

/** The words a cell may need (（空）, 是/否) in the page's language. */
export const cellLabels = (t: T): CellLabels => ({ empty: t('ex.empty'), yes: t('ex.yes'), no: t('ex.no') })

/** Axis ticks for a measure: whole percents for rates, grouped numbers (1.2万 / 12k short) otherwise. */
export function axisTick(measure: ExploreColumn, lang: 'zh' | 'en'): (v: number) => string {
  if (measure.kind === 'percent') return (v) => `${Math.round(v * 100)}%`
  return (v) => {
    const a = Math.abs(v)
    if (lang === 'zh' && a >= 100_000_000) return `${numberText(Number((v / 100_000_000).toFixed(1)))}亿`
    if (lang === 'zh' && a >= 100_000) return `${numberText(Number((v / 10_000).toFixed(1)))}万`
    if (lang === 'en' && a >= 1_000_000) return `${numberText(Number((v / 1_000_000).toFixed(1)))}M`
    return numberText(v)
  }
}

/**
 * The model's descriptions are written Chinese first, then English (`中文。English…` or
 * `中文 · English`): the part in the page's language, without parenthesised field names.
 */
export function modelText(text: string | undefined, lang: 'zh' | 'en'): string | undefined {
  if (!text) return undefined
  const dot = text.indexOf(' · ')
  const cut = dot >= 0 ? dot : text.search(/(?<=[。；])\s*[A-Z]/)
  const zh = (cut >= 0 ? text.slice(0, cut) : text).replace(/（[a-z_.]+）/g, '').trim()
  const en =
    cut >= 0
      ? text
          .slice(cut)
          .replace(/^\s*·\s*/, '')
          .trim()
      : ''
  return lang === 'en' && en ? en : zh
}
