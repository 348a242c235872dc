import type { Direction } from '../../../../../indicators/catalog.schema'
import { ForecastItems } from '../../components/ForecastItems'
import { StatusBadge } from '../../components/StatusBadge'
import { useI18n } from '../../i18n/i18n'
import type { Forecast } from '../../lib/forecast'
import { formatDate, formatDelta, formatGap, formatValue, type Unit } from '../../lib/format'
import type { Status } from '../../lib/types'

interface Props {
  name: string
  unit: Unit
  direction: Direction
  year: number
  asOf: string
  value: number | null
  target: number | null
  gap: number | null
  expected: number | null
  /** The year is over at the as-of date: no 序时进度, the year target decides. */
  closed: boolean
  /** The plan's last year and its target, shown when it is not the scope's year. */
  goalYear: number
  goal: number | null
  /** The plan-end forecast while the plan runs (null: not applicable to the scope). */
  forecast: Forecast | null
  dataAsOf: string | null
  currentState: boolean
  status: Status
  yoy: number | null
  mom: number | null
}

export function IndicatorHeader(p: Props) {
  const { t, lang } = useI18n()
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
        {p.goalYear !== p.year && (
          <div>
            <dt>{t('sc.goalEnd', { year: p.goalYear })}</dt>
            <dd>{fmt(p.goal)}</dd>
          </div>
        )}
        {p.forecast && (
          <ForecastItems
            unit={p.unit}
            projected={p.forecast.projected_final}
            miss={p.forecast.projected_miss}
            pace={p.forecast.monthly_pace_needed}
          />
        )}
        <div>
          <dt>{t('sc.gap')}</dt>
          <dd>{formatGap(p.gap, p.unit, p.direction, t)}</dd>
        </div>
        <div>
          <dt>{t('ind.expected')}</dt>
          <dd>
            {p.closed
              ? t('ind.closedYear', { year: p.year })
              : t('ind.expectedValue', { date: formatDate(p.asOf, lang), v: fmt(p.expected) })}
          </dd>
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
      <p className="ind-asof" data-testid="data-as-of" data-date={p.dataAsOf ?? ''}>
        {p.currentState
          ? t('sc.currentState')
          : p.dataAsOf
            ? t('sc.dataAsOf', { date: formatDate(p.dataAsOf, lang) })
            : t('sc.noDataAsOf')}
      </p>
    </section>
  )
}
