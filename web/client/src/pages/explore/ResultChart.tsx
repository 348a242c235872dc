import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts'
import { cellText } from '../../../../shared/explore-format'
import { useI18n } from '../../i18n/i18n'
import type { ChartModel } from './chart-model'
import { axisTick, cellLabels } from './labels'

interface Props {
  kind: 'bar' | 'line'
  model: ChartModel
}

// Twelve distinguishable colours (Tableau 10 and two more), one per series.
const COLORS = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
  '#1f3a93',
  '#2ca02c',
]

/**
 * Presentational: the model's x values on the x axis, its series as bars or lines, axes and
 * tooltips in the measures' formats (rates as %, counts grouped). Rates go on a right-hand
 * axis when counts share the chart.
 */
export function ResultChart({ kind, model }: Props) {
  const { t, lang } = useI18n()
  const labels = cellLabels(t)
  const { series } = model
  const percent = series.filter((s) => s.measure.kind === 'percent')
  const split = percent.length > 0 && percent.length < series.length
  const axisOf = (k: string) => (split && percent.some((s) => s.key === k) ? 'right' : 'left')
  const leftMeasure = series.find((s) => axisOf(s.key) === 'left')?.measure
  if (!leftMeasure) return null
  const byKey = new Map(series.map((s) => [s.key, s]))
  // A sparse series (a few values among many x) is drawn with dots, or it would not show.
  const points = (key: string) =>
    model.data.reduce((n, p) => (p[key] === null || p[key] === undefined ? n : n + 1), 0)
  const common = { data: model.data, margin: { top: 8, right: 16, bottom: 0, left: 8 } }
  const axes = [
    <CartesianGrid key="g" strokeDasharray="3 3" vertical={false} />,
    <XAxis key="x" dataKey="__x" tick={{ fontSize: 12 }} minTickGap={8} />,
    <YAxis
      key="y"
      yAxisId="left"
      width={64}
      tickFormatter={axisTick(leftMeasure, lang)}
      allowDecimals={leftMeasure.kind === 'percent'}
      {...(leftMeasure.kind === 'percent' ? { domain: [0, 'auto'] } : {})}
    />,
    split && (
      <YAxis
        key="y2"
        yAxisId="right"
        orientation="right"
        width={48}
        domain={[0, 'auto']}
        tickFormatter={axisTick(percent[0]!.measure, lang)}
      />
    ),
    <Tooltip
      key="t"
      formatter={(value, _name, item) => {
        const s = byKey.get(String(item.dataKey))
        return s ? cellText(s.measure, value, labels) : String(value)
      }}
    />,
    <Legend key="l" />,
  ]
  return (
    <div
      className="chart"
      role="img"
      aria-label={`${model.x.title} × ${series.map((s) => s.title).join('、')}`}
    >
      <ResponsiveContainer width="100%" height={340}>
        {kind === 'bar' ? (
          <BarChart {...common}>
            {axes}
            {series.map((s, i) => (
              <Bar
                key={s.key}
                dataKey={s.key}
                yAxisId={axisOf(s.key)}
                name={s.title}
                fill={COLORS[i % COLORS.length]}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        ) : (
          <LineChart {...common}>
            {axes}
            {series.map((s, i) => (
              <Line
                key={s.key}
                dataKey={s.key}
                yAxisId={axisOf(s.key)}
                name={s.title}
                stroke={COLORS[i % COLORS.length]}
                strokeWidth={2}
                dot={model.data.length <= 60 || points(s.key) <= 60}
                connectNulls
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        )}
      </ResponsiveContainer>
    </div>
  )
}
