import { StatusBadge } from '../../components/StatusBadge'
import { useI18n } from '../../i18n/i18n'
import { formatDelta, formatGap, formatValue, type Unit } from '../../lib/format'
import type { Status } from '../../lib/types'

interface Props {
  name: string
  unit: Unit
  year: number
  asOf: string
  value: number | null
  target: number | null
  gap: number | null
  expected: number | null
  status: Status
  yoy: number | null
  mom: number | null
}

export function IndicatorHeader(p: Props) {
  const { t } = useI18n()
  const fmt = (v: number | null) => formatValue(v, p.unit, t)
  return (
    <section className="card ind-header" aria-labelledby="ind-title">
      <div className="ind-header-title">
        <h1 id="ind-title">{p.name}</h1>
        <StatusBadge status={p.status} />
      </div>
      <dl className="kpis">
        <div>
          <dt>{t('sc.current')}</dt>
          <dd className="ind-value">{fmt(p.value)}</dd>
        </div>
        <div>
          <dt>{t('sc.target', { year: p.year })}</dt>
          <dd>{fmt(p.target)}</dd>
        </div>
        <div>
          <dt>{t('sc.gap')}</dt>
          <dd>{formatGap(p.gap, p.unit, t)}</dd>
        </div>
        <div>
          <dt>{t('ind.expected')}</dt>
          <dd>{t('ind.expectedValue', { date: p.asOf, v: fmt(p.expected) })}</dd>
        </div>
        <div>
          <dt>{t('ind.yoy')}</dt>
          <dd>{formatDelta(p.yoy, p.unit, t)}</dd>
        </div>
        <div>
          <dt>{t('ind.mom')}</dt>
          <dd>{formatDelta(p.mom, p.unit, t)}</dd>
        </div>
      </dl>
    </section>
  )
}
