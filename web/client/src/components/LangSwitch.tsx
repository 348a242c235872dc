import { type Lang, useI18n } from '../i18n/i18n'

const OPTIONS: Array<{ lang: Lang; label: string; htmlLang: string }> = [
  { lang: 'zh', label: '中文', htmlLang: 'zh-CN' },
  { lang: 'en', label: 'EN', htmlLang: 'en' },
]

/** 中文 / EN: the choice is kept in localStorage. */
export function LangSwitch() {
  const { lang, setLang } = useI18n()
  return (
    // biome-ignore lint/a11y/useSemanticElements: a group of toggle buttons, not a form fieldset
    <div className="lang-switch" role="group" aria-label="语言 Language">
      {OPTIONS.map((o) => (
        <button
          key={o.lang}
          type="button"
          lang={o.htmlLang}
          className="btn btn-small"
          aria-pressed={lang === o.lang}
          onClick={() => setLang(o.lang)}
        >
          {o.label}
        </button>
      ))}
    </div>
  )
}
