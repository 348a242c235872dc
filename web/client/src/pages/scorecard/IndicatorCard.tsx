import { ForecastItems } from '../../components/ForecastItems'
import { StatusBadge } from '../../components/StatusBadge'
import { useI18n } from '../../i18n/i18n'
import { formatDate, formatGap, formatValue } from '../../lib/format'
import { href } from '../../lib/router'
import { type Scope, scopeToParams } from '../../lib/scope'
import type { ScorecardIndicator } from '../../lib/types'
import { Sparkline } from './Sparkline'

interface Props {
  indicator: ScorecardIndicator
  scope: Scope
  /** The text shown when the indicator has no breakdown for the scope. */
  notApplicable: string
}

export function IndicatorCard({ indicator: ind, scope, notApplicable }: Props) {
  const { t, pick, lang } = useI18n()
  const name = pick(ind.name_zh, ind.name_en)
  if (!ind.applicable) {
    return (
      <article className="ind-card not-applicable" data-testid="indicator-card" data-id={ind.id}>
        <h3>{name}</h3>
        <p className="muted">{notApplicable}</p>
      </article>
    )
  }
  const fmt = (v: number | null) => formatValue(v, ind.unit, t)
  return (
    <article
      className={`ind-card status-border-${ind.status}`}
      data-testid="indicator-card"
      data-id={ind.id}
      data-status={ind.status}
    >
      <header className="ind-card-head">
        <h3>
          <a
            href={href(`/indicator/${ind.id}`, scopeToParams(scope))}
            aria-label={t('sc.openDetail', { name })}
          >
            {name}
          </a>
        </h3>
        <StatusBadge status={ind.status} />
      </header>
      <div className="ind-card-body">
        <div>
          <div className="ind-value">{fmt(ind.value)}</div>
          <div className="ind-gap">{formatGap(ind.gap, ind.unit, ind.direction, t)}</div>
        </div>
        <Sparkline
          series={ind.series}
          unit={ind.unit}
          status={ind.status}
          target={ind.target}
          direction={ind.direction}
          label={t('sc.trend')}
          targetLabel={t('sc.target', { year: scope.year })}
        />
      </div>
      <dl className="ind-targets">
        <div>
          <dt>{t('sc.target', { year: scope.year })}</dt>
          <dd>{fmt(ind.target)}</dd>
        </div>
        {/* The plan-end goal only when it is another year's (not the year target again). */}
        {ind.goal_year !== scope.year && (
          <div>
            <dt>{t('sc.goalEnd', { year: ind.goal_year })}</dt>
            <dd>{fmt(ind.goal)}</dd>
          </div>
        )}
        <ForecastItems
          unit={ind.unit}
          projected={ind.projected_final}
          miss={ind.projected_miss}
          pace={ind.monthly_pace_needed}
        />
      </dl>
      <p className="ind-asof" data-testid="data-as-of" data-date={ind.data_as_of ?? ''}>
        {ind.current_state
          ? t('sc.currentState')
          : ind.data_as_of
            ? t('sc.dataAsOf', { date: formatDate(ind.data_as_of, lang) })
            : t('sc.noDataAsOf')}
      </p>
    </article>
  )
}
