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
import { formatCell } from './cells'

interface Column {
  key: string
  title: string
}

interface Props {
  kind: 'bar' | 'line'
  rows: Array<Record<string, unknown>>
  category: Column
  measures: Column[]
}

const COLORS = ['#4c78a8', '#f58518', '#54a24b', '#e45756', '#72b7b2', '#b279a2']
const MAX_POINTS = 60

/**
 * Presentational: the first dimension (or time) on the x axis, one series per measure.
 * Rates (every value within 0–1) go on a right-hand axis when counts share the chart.
 */
export function ResultChart({ kind, rows, category, measures }: Props) {
  const data = rows
    .slice(0, MAX_POINTS)
    .map((r) => ({ ...r, __x: formatCell(category.key, r[category.key]) }))
  const series = measures.slice(0, COLORS.length)
  const isRate = (key: string) =>
    data.every((r) => {
      const v = (r as Record<string, unknown>)[key]
      return v === null || (typeof v === 'number' && v >= 0 && v <= 1)
    })
  const rates = new Set(series.filter((m) => isRate(m.key)).map((m) => m.key))
  const split = rates.size > 0 && rates.size < series.length
  const axisOf = (key: string) => (split && rates.has(key) ? 'right' : 'left')
  const common = { data, margin: { top: 8, right: 16, bottom: 0, left: 0 } }
  const axes = [
    <CartesianGrid key="g" strokeDasharray="3 3" vertical={false} />,
    <XAxis key="x" dataKey="__x" tick={{ fontSize: 12 }} />,
    <YAxis key="y" yAxisId="left" width={60} />,
    split && (
      <YAxis
        key="y2"
        yAxisId="right"
        orientation="right"
        width={48}
        domain={[0, 1]}
        tickFormatter={(v: number) => `${Math.round(v * 100)}%`}
      />
    ),
    <Tooltip key="t" />,
    <Legend key="l" />,
  ]
  return (
    <div
      className="chart"
      role="img"
      aria-label={`${category.title} × ${series.map((s) => s.title).join(', ')}`}
    >
      <ResponsiveContainer width="100%" height={300}>
        {kind === 'bar' ? (
          <BarChart {...common}>
            {axes}
            {series.map((m, i) => (
              <Bar
                key={m.key}
                dataKey={m.key}
                yAxisId={axisOf(m.key)}
                name={m.title}
                fill={COLORS[i]}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        ) : (
          <LineChart {...common}>
            {axes}
            {series.map((m, i) => (
              <Line
                key={m.key}
                dataKey={m.key}
                yAxisId={axisOf(m.key)}
                name={m.title}
                stroke={COLORS[i]}
                strokeWidth={2}
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        )}
      </ResponsiveContainer>
    </div>
  )
}
