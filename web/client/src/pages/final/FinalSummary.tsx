import { useI18n } from '../../i18n/i18n'
import { type FinalEvaluation, VERDICTS, type Verdict } from './final'

type Summary = FinalEvaluation['summary']
type Counts = Pick<Summary, 'total' | 'met' | 'missed' | 'no_data' | 'no_target'>

/** Presentational: how many plan-end targets were met, missed or had no data; by area and by kind. */
export function FinalSummary({ summary }: { summary: Summary }) {
  const { t, pick } = useI18n()
  // 无目标 only when some indicator has no plan-end target.
  const shown = VERDICTS.filter((v) => v !== 'no_target' || summary.no_target > 0)
  const cells = (c: Counts) =>
    shown.map((v) => (
      <td key={v} className="num" data-verdict={v}>
        {c[v]}
      </td>
    ))
  return (
    <div className="stack-sm">
      <p data-testid="final-summary-line">
        {t('fe.summaryLine', { total: summary.total, withTarget: summary.with_target })}
      </p>
      <div className="summary fe-summary" data-testid="final-summary">
        {shown.map((v: Verdict) => (
          <div key={v} className={`summary-item status-${v}`} data-verdict={v}>
            <span className="summary-count">{summary[v]}</span>
            <span className="summary-label">{t(`fe.verdict.${v}`)}</span>
          </div>
        ))}
      </div>
      <div className="fe-tables">
        <div className="table-wrap">
          <table className="table" data-testid="final-areas">
            <caption className="fe-caption">{t('fe.byArea')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('fe.area')}</th>
                <th scope="col" className="num">
                  {t('fe.count')}
                </th>
                {shown.map((v) => (
                  <th key={v} scope="col" className="num">
                    {t(`fe.verdict.${v}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {summary.by_area.map((a) => (
                <tr key={a.area} data-area={a.area}>
                  <th scope="row">{pick(a.area_zh, a.area_en)}</th>
                  <td className="num">{a.total}</td>
                  {cells(a)}
                </tr>
              ))}
              <tr className="fe-total">
                <th scope="row">{t('fe.total')}</th>
                <td className="num">{summary.total}</td>
                {cells(summary)}
              </tr>
            </tbody>
          </table>
        </div>
        <div className="table-wrap">
          <table className="table" data-testid="final-binding">
            <caption className="fe-caption">{t('fe.byBinding')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('fe.kind')}</th>
                <th scope="col" className="num">
                  {t('fe.count')}
                </th>
                {shown.map((v) => (
                  <th key={v} scope="col" className="num">
                    {t(`fe.verdict.${v}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {summary.by_binding.map((b) => (
                <tr key={b.binding}>
                  <th scope="row">{t(`fe.binding.${b.binding}`)}</th>
                  <td className="num">{b.total}</td>
                  {cells(b)}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </div>
  )
}
