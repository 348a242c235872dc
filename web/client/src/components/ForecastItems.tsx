import { useI18n } from '../i18n/i18n'
import { formatPace, formatValue, type Unit } from '../lib/format'

interface Props {
  unit: Unit
  /** Where the trend of yearly actuals ends at the plan's last year (null: too little data, or the plan is over). */
  projected: number | null
  /** The projection falls short of the plan-end goal. */
  miss: boolean
  /** The change per month still needed to reach the goal (null: reached, or the plan is over). */
  pace: number | null
}

/**
 * The plan-end forecast as items of a description list (a card's targets, the detail's
 * headline figures): 预计期末 with a 预计难以达标 flag in words, and 每月还需. Nothing for a
 * plan that is over at the as-of date (the API leaves both null then).
 */
export function ForecastItems({ unit, projected, miss, pace }: Props) {
  const { t, lang } = useI18n()
  return (
    <>
      {projected !== null && (
        <div data-testid="forecast-final" data-value={projected} data-miss={miss}>
          <dt>{t('fc.final')}</dt>
          <dd>
            {formatValue(projected, unit, t)}
            {miss && (
              <>
                {' '}
                <span className="forecast-miss" data-testid="forecast-miss">
                  {t('fc.miss')}
                </span>
              </>
            )}
          </dd>
        </div>
      )}
      {pace !== null && (
        <div data-testid="forecast-pace" data-value={pace}>
          <dt>{t('fc.pace')}</dt>
          <dd>{formatPace(pace, unit, t, lang)}</dd>
        </div>
      )}
    </>
  )
}
