import { useI18n } from '../../i18n/i18n'
import { formatValue } from '../../lib/format'
import type { CatalogIndicator } from '../../lib/types'

/** Each year's target with the plan clause it comes from (seed file), and derived/local badges. */
export function ClausesPanel({ indicator: ind }: { indicator: CatalogIndicator }) {
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
                <footer className="muted">
                  {t('ind.seed')}: <code>{target.source.seed}</code>
                </footer>
              </blockquote>
            ) : (
              target.value !== null && <p className="muted">{t('ind.noClause')}</p>
            )}
          </li>
        ))}
      </ol>
    </section>
  )
}
