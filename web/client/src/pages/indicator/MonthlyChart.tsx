import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts'
import { useI18n } from '../../i18n/i18n'
import { axisTick, formatValue, type Unit } from '../../lib/format'

interface Props {
  monthly: Array<{ month: string; value: number | null }>
  unit: Unit
  target: number | null
}

/** Presentational: the year's monthly values, with this year's target as a reference line. */
export function MonthlyChart({ monthly, unit, target }: Props) {
  const { t } = useI18n()
  const fmt = (v: unknown) => formatValue(typeof v === 'number' ? v : null, unit, t)
  const data = monthly.map((m) => ({ ...m, label: m.month.slice(5) }))
  return (
    <div
      className="chart"
      role="img"
      aria-label={monthly.map((m) => `${m.month} ${fmt(m.value)}`).join('; ')}
    >
      <ResponsiveContainer width="100%" height={260}>
        <LineChart data={data} margin={{ top: 16, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" />
          <YAxis tickFormatter={axisTick(unit)} width={48} domain={['auto', 'auto']} />
          <Tooltip formatter={(v) => fmt(v)} labelFormatter={(l) => String(l)} />
          <Line
            dataKey="value"
            name={t('ind.actual')}
            stroke="#4c78a8"
            strokeWidth={2}
            isAnimationActive={false}
            connectNulls
          />
          {target !== null && (
            <ReferenceLine
              y={target}
              stroke="#c62828"
              strokeDasharray="6 3"
              label={{ value: t('ind.targetLine'), position: 'insideTopRight', fontSize: 12 }}
            />
          )}
        </LineChart>
      </ResponsiveContainer>
    </div>
  )
}
