import { useI18n } from '../../i18n/i18n'
import { formatValue } from '../../lib/format'
import type { CatalogIndicator } from '../../lib/types'

/** The unit in words. */
const UNIT_WORDS = {
  '%': 'ind.unitRate',
  users: 'ind.unitUsers',
  times: 'ind.unitTimes',
  workdays: 'ind.unitWorkdays',
} as const

interface Props {
  indicator: CatalogIndicator
  /** Analysts and admins may see the technical member name, folded away. */
  showTechnical: boolean
}

/** Definition, formula (the definition text), unit, direction, owner and notes from the catalog. */
export function DefinitionPanel({ indicator: ind, showTechnical }: Props) {
  const { t, pick } = useI18n()
  return (
    <section className="card panel" aria-labelledby="def-title" data-testid="definition">
      <h2 id="def-title">{t('ind.definition')}</h2>
      <dl className="def-list">
        <dt>{t('ind.formula')}</dt>
        <dd>{pick(ind.definition_zh, ind.definition_en)}</dd>
        <dt>{t('ind.unit')}</dt>
        <dd>{t(UNIT_WORDS[ind.unit])}</dd>
        <dt>{t('ind.direction')}</dt>
        <dd>{t(`ind.dir.${ind.direction}`)}</dd>
        <dt>{t('ind.binding')}</dt>
        <dd>{t(`ind.binding.${ind.binding}`)}</dd>
        <dt>{t('ind.owner')}</dt>
        <dd>{ind.owner_department.name_zh}</dd>
        <dt>{t('ind.baseline', { year: ind.baseline.year })}</dt>
        <dd>
          {formatValue(ind.baseline.value, ind.unit, t)}
          {ind.baseline.note && <span className="muted"> — {ind.baseline.note}</span>}
        </dd>
        {ind.note && (
          <>
            <dt>{t('ind.note')}</dt>
            <dd>{ind.note}</dd>
          </>
        )}
      </dl>
      {showTechnical && (
        <details className="tech-name" data-testid="tech-name">
          <summary>{t('ind.techName')}</summary>
          <code>{ind.cube.measure}</code>
        </details>
      )}
    </section>
  )
}
