import { useI18n } from '../../i18n/i18n'
import { type FinalEvaluation, VERDICTS, type Verdict } from './final'

type Summary = FinalEvaluation['summary']
type Counts = Pick<Summary, 'total' | 'met' | 'missed' | 'no_data' | 'no_target'>

/** Presentational: how many plan-end targets were met, missed or had no data; by area and by kind. */
export function FinalSummary({ summary }: { summary: Summary }) {
  const { t, pick } = useI18n()
  // 无目标 only when some indicator has no plan-end target.
  const shown = VERDICTS.filter((v) => v !== 'no_target' || summary.no_target > 0)
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
        <CountsTable
          testId="final-areas"
          caption={t('fe.byArea')}
          head={t('fe.area')}
          shown={shown}
          rows={summary.by_area.map((a) => ({ key: a.area, label: pick(a.area_zh, a.area_en), counts: a }))}
          total={{ label: t('fe.total'), counts: summary }}
        />
        <CountsTable
          testId="final-binding"
          caption={t('fe.byBinding')}
          head={t('fe.kind')}
          shown={shown}
          rows={summary.by_binding.map((b) => ({
            key: b.binding,
            label: t(`fe.binding.${b.binding}`),
            counts: b,
          }))}
        />
      </div>
    </div>
  )
}

interface CountsRow {
  key: string
  label: string
  counts: Counts
}

/** One breakdown of the verdict counts (by area, by kind), with an optional total row. */
function CountsTable(p: {
  testId: string
  caption: string
  head: string
  shown: readonly Verdict[]
  rows: CountsRow[]
  total?: { label: string; counts: Counts }
}) {
  const { t } = useI18n()
  const cells = (c: Counts) =>
    p.shown.map((v) => (
      <td key={v} className="num" data-verdict={v}>
        {c[v]}
      </td>
    ))
  return (
    <div className="table-wrap">
      <table className="table" data-testid={p.testId}>
        <caption className="fe-caption">{p.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{p.head}</th>
            <th scope="col" className="num">
              {t('fe.count')}
            </th>
            {p.shown.map((v) => (
              <th key={v} scope="col" className="num">
                {t(`fe.verdict.${v}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {p.rows.map((r) => (
            <tr key={r.key} data-row={r.key}>
              <th scope="row">{r.label}</th>
              <td className="num">{r.counts.total}</td>
              {cells(r.counts)}
            </tr>
          ))}
          {p.total && (
            <tr className="fe-total">
              <th scope="row">{p.total.label}</th>
              <td className="num">{p.total.counts.total}</td>
              {cells(p.total.counts)}
            </tr>
          )}
        </tbody>
      </table>
    </div>
  )
}
