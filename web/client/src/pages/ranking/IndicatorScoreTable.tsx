import { useI18n } from '../../i18n/i18n'
import { formatValue, type Unit } from '../../lib/format'
import { formatPoints } from './format'
import type { IndicatorScore } from './types'

export interface IndicatorLine {
  name: string
  unit: Unit
  score: IndicatorScore
}

interface Props {
  lines: IndicatorLine[]
}

/** Presentational: one row per indicator that applies to the unit, with the no-data and no-target marks. */
export function IndicatorScoreTable({ lines }: Props) {
  const { t } = useI18n()
  return (
    <div className="table-wrap">
      <table className="table rk-ind-table" data-testid="score-card-table">
        <thead>
          <tr>
            <th scope="col">{t('rk.ind')}</th>
            <th scope="col" className="num">
              {t('rk.value')}
            </th>
            <th scope="col" className="num">
              {t('rk.target')}
            </th>
            <th scope="col">{t('rk.method')}</th>
            <th scope="col" className="num">
              {t('rk.scoreMax')}
            </th>
            <th scope="col" className="num">
              {t('rk.contribution')}
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.map(({ name, unit, score: s }) => (
            <tr key={s.indicator_id} className={s.applied ? undefined : 'row-muted'}>
              <th scope="row">
                {name}
                {s.status !== 'scored' && <span className="badge rk-mark">{t(`rk.mark.${s.status}`)}</span>}
              </th>
              <td className="num">{s.no_data ? t('rk.noData') : formatValue(s.value, unit, t)}</td>
              <td className="num">{formatValue(s.target, unit, t)}</td>
              <td>{t(`rk.method.${s.method}`)}</td>
              <td className="num">
                {s.applied ? `${formatPoints(s.score, t)} / ${formatPoints(s.max, t)}` : t('sc.none')}
                {s.bonus > 0 && (
                  <span className="rk-bonus">{t('rk.bonusPts', { v: formatPoints(s.bonus, t, true) })}</span>
                )}
              </td>
              <td className="num">{s.applied ? formatPoints(s.contribution, t) : t('rk.excluded')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
