import { cellText } from '../../../../shared/explore-format'
import { useI18n } from '../../i18n/i18n'
import type { ChartModel } from './chart-model'
import { cellLabels } from './labels'

/** The chart as a table: one row per x value, one column per series (the pivot view). */
export function PivotTable({ model }: { model: ChartModel }) {
  const { t } = useI18n()
  const labels = cellLabels(t)
  return (
    <div className="table-wrap table-scroll" data-testid="explore-pivot">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{model.x.title}</th>
            {model.series.map((s) => (
              <th key={s.key} scope="col" className="num">
                {s.title}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {model.data.map((p) => (
            <tr key={String(p.__x)}>
              <th scope="row">{p.__x}</th>
              {model.series.map((s) => (
                <td key={s.key} className="num">
                  {cellText(s.measure, p[s.key], labels)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
