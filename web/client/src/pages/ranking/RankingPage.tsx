import { useI18n } from '../../i18n/i18n'

/** 考核排名: the frame only; the scoring arrives with the next release. */
export function RankingPage() {
  const { t } = useI18n()
  return (
    <div className="stack">
      <h1>{t('rank.title')}</h1>
      <section className="card" data-testid="ranking">
        <p>{t('rank.body')}</p>
        <p className="muted">{t('rank.weights')}</p>
      </section>
    </div>
  )
}
