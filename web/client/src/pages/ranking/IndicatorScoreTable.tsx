import { type T, useI18n } from '../../i18n/i18n'
import { formatValue, type Unit } from '../../lib/format'
import { formatPoints } from './format'
import type { IndicatorScore } from './types'

export interface IndicatorLine {
  name: string
  /** `tasks`: a count of plan tasks (the plan-task rule's overdue line) */
  unit: Unit | 'tasks'
  score: IndicatorScore
}

/** A value or target in the line's unit. */
function valueText(v: number | null, unit: IndicatorLine['unit'], t: T): string {
  if (unit !== 'tasks') return formatValue(v, unit, t)
  return v === null ? t('sc.none') : t('rk.tasks.count', { n: v })
}

interface Props {
  lines: IndicatorLine[]
}

/**
 * Presentational: one row per indicator that applies to the unit. 满分 and 得分 are on the
 * unit's 0–100 scale exactly as the server computed them (the XLSX and PDF print the same);
 * the weight is the scheme's, before re-weighting; bonus comes on top. A deduction line
 * (逾期任务扣分) has no weight or 满分 of its own: its 得分 is what it takes off.
 */
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
              {t('rk.weight')}
            </th>
            <th scope="col" className="num">
              {t('rk.full')}
            </th>
            <th scope="col" className="num">
              {t('rk.score')}
            </th>
            <th scope="col" className="num">
              {t('rk.bonusCol')}
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.map(({ name, unit, score: s }) => {
            const deduction = s.method === 'overdue_deduction'
            return (
              <tr
                key={s.indicator_id}
                className={s.applied ? undefined : 'row-muted'}
                data-indicator={s.indicator_id}
              >
                <th scope="row">
                  {name}
                  {s.status !== 'scored' && <span className="badge rk-mark">{t(`rk.mark.${s.status}`)}</span>}
                  {s.tasks && !deduction && (
                    <span className="rk-task-note">{t('rk.tasks.note', { ...s.tasks })}</span>
                  )}
                </th>
                <td className="num">{s.no_data ? t('rk.noData') : valueText(s.value, unit, t)}</td>
                <td className="num">{valueText(s.target, unit, t)}</td>
                <td>{t(`rk.method.${s.method}`)}</td>
                <td className="num">{deduction ? t('sc.none') : formatPoints(s.max, t)}</td>
                <td className="num" data-col="full">
                  {!s.applied ? t('rk.excluded') : deduction ? t('sc.none') : formatPoints(s.full_points, t)}
                </td>
                <td className="num" data-col="score">
                  {s.applied ? formatPoints(s.contribution, t) : t('rk.excluded')}
                </td>
                <td className="num">{s.bonus > 0 ? formatPoints(s.bonus, t, true) : t('sc.none')}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
