import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts'
import { expectedToDate } from '../../../../../indicators/progress'
import type { TargetSpec } from '../../../../../indicators/targets'
import { useI18n } from '../../i18n/i18n'
import { formatValue, type Unit, valueAxis } from '../../lib/format'

interface Props {
  monthly: Array<{ month: string; value: number | null }>
  unit: Unit
  /** The indicator, for 序时进度 at each month's end. */
  indicator: TargetSpec
  target: number | null
}

/** The last day of a 'YYYY-MM' month. */
const monthEnd = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10)
}

/** Presentational: the year's monthly values, the year's target and the 序时进度 line. */
export function MonthlyChart({ monthly, unit, indicator, target }: Props) {
  const { t } = useI18n()
  const fmt = (v: unknown) => formatValue(typeof v === 'number' ? v : null, unit, t)
  const data = monthly.map((m) => ({
    ...m,
    label: m.month.slice(5),
    expected: expectedToDate(indicator, monthEnd(m.month)),
  }))
  const axis = valueAxis([...data.flatMap((d) => [d.value, d.expected]), target], unit)
  return (
    <div
      className="chart"
      role="img"
      aria-label={`${monthly.map((m) => `${m.month} ${fmt(m.value)}`).join('; ')}${
        target !== null ? `; ${t('ind.targetLine')} ${fmt(target)}` : ''
      }`}
    >
      <ResponsiveContainer width="100%" height={260}>
        <LineChart data={data} margin={{ top: 16, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" />
          <YAxis tickFormatter={axis.format} ticks={axis.ticks} domain={axis.domain} width={56} />
          <Tooltip formatter={(v) => fmt(v)} labelFormatter={(l) => String(l)} />
          <Legend />
          <Line
            dataKey="value"
            name={t('ind.actual')}
            stroke="#4c78a8"
            strokeWidth={2}
            isAnimationActive={false}
            connectNulls
          />
          <Line
            dataKey="expected"
            name={t('ind.expected')}
            stroke="#b7791f"
            strokeDasharray="4 3"
            strokeWidth={1.5}
            dot={false}
            isAnimationActive={false}
            connectNulls
          />
          {target !== null && (
            <ReferenceLine
              y={target}
              stroke="#c62828"
              strokeDasharray="6 3"
              label={{ value: t('ind.targetLine'), position: 'insideBottomRight', fontSize: 12 }}
            />
          )}
        </LineChart>
      </ResponsiveContainer>
    </div>
  )
}
