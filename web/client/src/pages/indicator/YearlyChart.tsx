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
import { axisTick, formatValue, type Unit } from '../../lib/format'

interface Props {
  yearly: Array<{ year: number; value: number | null; target: number | null }>
  unit: Unit
  year: number
  expected: number | null
}

/** Presentational: actuals as bars, targets as a line, 序时进度 as a marker on the scope's year. */
export function YearlyChart({ yearly, unit, year, expected }: Props) {
  const { t } = useI18n()
  const data = yearly.map((y) => ({ ...y, label: String(y.year) }))
  const fmt = (v: unknown) => formatValue(typeof v === 'number' ? v : null, unit, t)
  return (
    <div
      className="chart"
      role="img"
      aria-label={`${t('ind.yearly')}: ${yearly.map((y) => `${y.year} ${fmt(y.value)} / ${fmt(y.target)}`).join('; ')}`}
    >
      <ResponsiveContainer width="100%" height={260}>
        <ComposedChart data={data} margin={{ top: 16, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" />
          <YAxis tickFormatter={axisTick(unit)} width={48} />
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
              label={{ value: t('ind.expected'), position: 'top', fontSize: 12 }}
            />
          )}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  )
}
