import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceDot,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts'
import { useI18n } from '../../i18n/i18n'
import { formatValue, type Unit, valueAxis } from '../../lib/format'

interface Props {
  yearly: Array<{ year: number; value: number | null; target: number | null }>
  unit: Unit
  year: number
  /** 序时进度 at the as-of date; null in a closed year. */
  expected: number | null
}

/** Presentational: actuals as bars, targets as a line, 序时进度 as a marker on the scope's year. */
export function YearlyChart({ yearly, unit, year, expected }: Props) {
  const { t } = useI18n()
  const data = yearly.map((y) => ({ ...y, label: String(y.year) }))
  const fmt = (v: unknown) => formatValue(typeof v === 'number' ? v : null, unit, t)
  // Bars start at zero; the top holds every value, target and 序时进度.
  const values = [0, ...yearly.flatMap((y) => [y.value, y.target]), expected]
  const axis = valueAxis(values, unit, 0)
  return (
    <div
      className="chart"
      role="img"
      aria-label={`${t('ind.yearly')}: ${yearly.map((y) => `${y.year} ${fmt(y.value)} / ${fmt(y.target)}`).join('; ')}${
        expected !== null ? `; ${t('ind.expected')} ${fmt(expected)}` : ''
      }`}
    >
      <ResponsiveContainer width="100%" height={260}>
        <ComposedChart data={data} margin={{ top: 20, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" />
          <YAxis tickFormatter={axis.format} ticks={axis.ticks} domain={axis.domain} width={52} />
          <Tooltip formatter={(v) => fmt(v)} />
          <Legend />
          <Bar dataKey="value" name={t('ind.actual')} fill="#4c78a8" isAnimationActive={false} />
          <Line
            dataKey="target"
            name={t('ind.targetLine')}
            stroke="#c62828"
            strokeDasharray="6 3"
            strokeWidth={2}
            isAnimationActive={false}
            connectNulls
          />
          {expected !== null && (
            <ReferenceDot
              x={String(year)}
              y={expected}
              r={6}
              fill="#b7791f"
              stroke="#fff"
              ifOverflow="extendDomain"
              // Left of the marker, inside the plot (above it would be cut off near 100%).
              label={{ value: t('ind.expected'), position: 'left', fontSize: 12, fill: '#8a5a00' }}
            />
          )}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  )
}
