import { useI18n } from '../../i18n/i18n'
import { formatGap, formatValue } from '../../lib/format'
import { href } from '../../lib/router'
import type { FinalEvaluation, FinalIndicator } from './final'

/**
 * Presentational: one row per indicator, by area — the plan-end target, the final value, the
 * verdict with the gap and how recent the data is; each name opens the indicator's page at
 * the plan's last year.
 */
export function FinalTable({ evaluation }: { evaluation: FinalEvaluation }) {
  const { t, pick } = useI18n()
  const year = evaluation.final_year
  const areas = evaluation.summary.by_area
  const asOf = (i: FinalIndicator) =>
    i.coverage.current_state ? t('fe.currentState') : (i.coverage.data_as_of ?? t('sc.none'))
  return (
    <div className="table-wrap">
      <table className="table" data-testid="final-table">
        <thead>
          <tr>
            <th scope="col">{t('fe.col.name')}</th>
            <th scope="col" className="num">
              {t('fe.col.target')}
            </th>
            <th scope="col" className="num">
              {t('fe.col.final', { year })}
            </th>
            <th scope="col">{t('fe.col.verdict')}</th>
            <th scope="col">{t('fe.col.asOf')}</th>
          </tr>
        </thead>
        {areas.map((a) => (
          <tbody key={a.area}>
            <tr className="fe-area">
              <th scope="rowgroup" colSpan={5}>
                {pick(a.area_zh, a.area_en)}
              </th>
            </tr>
            {evaluation.indicators
              .filter((i) => i.area === a.area)
              .map((i) => (
                <tr key={i.id} data-indicator={i.id} data-verdict={i.verdict}>
                  <th scope="row">
                    <a
                      href={href(`/indicator/${i.id}`, { year })}
                      aria-label={t('fe.open', { name: pick(i.name_zh, i.name_en), year })}
                    >
                      {pick(i.name_zh, i.name_en)}
                    </a>
                  </th>
                  <td className="num">{formatValue(i.target.value, i.unit, t)}</td>
                  <td className="num">{formatValue(i.final_value, i.unit, t)}</td>
                  <td className="fe-verdict">
                    <span className={`badge status-${i.verdict}`}>{t(`fe.verdict.${i.verdict}`)}</span>
                    {(i.verdict === 'met' || i.verdict === 'missed') && (
                      <span className="muted fe-gap">{formatGap(i.gap, i.unit, i.direction, t)}</span>
                    )}
                  </td>
                  <td className="fe-asof">{asOf(i)}</td>
                </tr>
              ))}
          </tbody>
        ))}
      </table>
    </div>
  )
}
