import type { ReactNode } from 'react'
import { shanghaiDate } from '../../../../../indicators/shanghai-time'
import { useI18n } from '../../i18n/i18n'
import { formatDate, formatValue } from '../../lib/format'
import type { CatalogIndicator } from '../../lib/types'

interface Props {
  indicator: CatalogIndicator
  /** Document titles by seed file: a clause is cited as 《title》, never by file name. */
  documents: Record<string, string>
}

/**
 * Each year's target with the plan clause it comes from (《document》 and quotation), after
 * the baseline the derived targets start from. A baseline the plan does not state says where
 * it comes from instead (recorded by an evaluator, with the source note; or the earlier
 * plan's final actual), and so do the targets derived from it.
 */
export function ClausesPanel({ indicator: ind, documents }: Props) {
  const { t, lang } = useI18n()
  const b = ind.baseline
  const quote = (source: { seed: string; clause: string }) => (
    <blockquote className="clause" lang="zh">
      <p>{source.clause}</p>
      {documents[source.seed] && (
        <footer className="muted">
          {t('ind.seed')}：《{documents[source.seed]}》
        </footer>
      )}
    </blockquote>
  )
  const derivedNote =
    b.origin === 'evaluator'
      ? t('ind.derivedFromRecorded')
      : b.origin === 'carried_over'
        ? t('ind.derivedFromCarried')
        : null
  let baselineOrigin: ReactNode = null
  if (b.source) baselineOrigin = quote(b.source)
  else if (b.origin === 'evaluator')
    baselineOrigin = (
      <>
        <p className="muted">
          {t('ind.baselineRecorded', {
            date: b.recorded_at ? formatDate(shanghaiDate(new Date(b.recorded_at)), lang) : '',
          })}
        </p>
        {b.note && (
          <p className="wrap">
            {t('ind.baselineSource')}：{b.note}
          </p>
        )}
      </>
    )
  else if (b.origin === 'carried_over')
    baselineOrigin = (
      <p className="muted">
        {t('ind.baselineCarried')}
        {b.note ? `（${b.note}）` : ''}
      </p>
    )
  return (
    <section className="card panel" aria-labelledby="clauses-title" data-testid="clauses">
      <h2 id="clauses-title">{t('ind.clauses')}</h2>
      <ol className="clauses">
        {b.value !== null && (
          <li data-testid="clause-baseline">
            <div className="clause-head">
              <strong>{t('ind.baseline', { year: b.year })}</strong>
              <span>{formatValue(b.value, ind.unit, t)}</span>
            </div>
            {baselineOrigin}
          </li>
        )}
        {ind.targets.map((target) => (
          <li key={target.year}>
            <div className="clause-head">
              <strong>{t('ind.clauseYear', { year: target.year })}</strong>
              <span>{formatValue(target.value, ind.unit, t)}</span>
              {target.derived && <span className="tag tag-derived">{t('ind.derived')}</span>}
              {target.locally_set && <span className="tag tag-local">{t('ind.locallySet')}</span>}
            </div>
            {target.derived && derivedNote && <p className="muted">{derivedNote}</p>}
            {target.source ? (
              quote(target.source)
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
