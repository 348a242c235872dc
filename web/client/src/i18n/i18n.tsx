import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react'
import { en } from './en'
import { type DictKey, zh } from './zh'

export type Lang = 'zh' | 'en'
export type T = (key: DictKey, vars?: Record<string, string | number>) => string

const STORAGE_KEY = 'ps.lang'
const DICTS: Record<Lang, Record<DictKey, string>> = { zh, en }

interface I18n {
  lang: Lang
  t: T
  setLang: (lang: Lang) => void
  /** Picks the Chinese or English variant of a catalog text. */
  pick: (zhText: string, enText: string) => string
}

const I18nContext = createContext<I18n | null>(null)

function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh'
  } catch {
    return 'zh'
  }
}

let activeLang: Lang = 'zh'

/**
 * The language the page shows, for code outside components: error texts (lib/errors.ts)
 * show one half of a bilingual server message. Set as the provider renders, so the
 * components re-rendered by a switch already read the new one.
 */
export function currentLang(): Lang {
  return activeLang
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang)
  activeLang = lang
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en'
    document.title = DICTS[lang].appTitle
  }, [lang])
  const setLang = useCallback((next: Lang) => {
    setLangState(next)
    try {
      localStorage.setItem(STORAGE_KEY, next)
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  }, [])
  const value = useMemo<I18n>(() => {
    const dict = DICTS[lang]
    const t: T = (key, vars) =>
      dict[key].replace(/\{(\w+)\}/g, (m, name: string) => (vars && name in vars ? String(vars[name]) : m))
    return { lang, t, setLang, pick: (z, e) => (lang === 'zh' ? z : e) }
  }, [lang, setLang])
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext)
  if (!ctx) throw new Error('useI18n outside I18nProvider')
  return ctx
}
