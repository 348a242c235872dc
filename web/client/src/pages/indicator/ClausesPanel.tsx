import { useI18n } from '../../i18n/i18n'
import { formatValue } from '../../lib/format'
import type { CatalogIndicator } from '../../lib/types'

interface Props {
  indicator: CatalogIndicator
  /** Document titles by seed file: a clause is cited as 《title》, never by file name. */
  documents: Record<string, string>
}

/** Each year's target with the plan clause it comes from (《document》 and quotation). */
export function ClausesPanel({ indicator: ind, documents }: Props) {
  const { t } = useI18n()
  return (
    <section className="card panel" aria-labelledby="clauses-title" data-testid="clauses">
      <h2 id="clauses-title">{t('ind.clauses')}</h2>
      <ol className="clauses">
        {ind.targets.map((target) => (
          <li key={target.year}>
            <div className="clause-head">
              <strong>{t('ind.clauseYear', { year: target.year })}</strong>
              <span>{formatValue(target.value, ind.unit, t)}</span>
              {target.derived && <span className="tag tag-derived">{t('ind.derived')}</span>}
              {target.locally_set && <span className="tag tag-local">{t('ind.locallySet')}</span>}
            </div>
            {target.source ? (
              <blockquote className="clause" lang="zh">
                <p>{target.source.clause}</p>
                {documents[target.source.seed] && (
                  <footer className="muted">
                    {t('ind.seed')}：《{documents[target.source.seed]}》
                  </footer>
                )}
              </blockquote>
            ) : target.locally_set ? (
              <p className="muted">{t('ind.locallySetNote')}</p>
            ) : (
              target.value !== null && <p className="muted">{t('ind.noClause')}</p>
            )}
          </li>
        ))}
      </ol>
    </section>
  )
}
