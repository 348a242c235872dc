import { useI18n } from '../i18n/i18n'

export function NotFound() {
  const { t } = useI18n()
  return (
    <section className="card">
      <h1>{t('notFound.title')}</h1>
      <a href="#/">{t('notFound.back')}</a>
    </section>
  )
}
