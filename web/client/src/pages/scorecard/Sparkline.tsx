import { Line, LineChart, YAxis } from 'recharts'
import { useI18n } from '../../i18n/i18n'
import { formatValue, type Unit } from '../../lib/format'
import { STATUS_COLORS } from '../../lib/status'
import type { Status } from '../../lib/types'

interface Props {
  series: Array<{ year: number; value: number | null }>
  unit: Unit
  status: Status
  label: string
}

/** Presentational: the yearly series as a small line; the figures are in the accessible label. */
export function Sparkline({ series, unit, status, label }: Props) {
  const { t } = useI18n()
  const points = series.filter((p) => p.value !== null)
  const description = `${label}: ${series.map((p) => `${p.year} ${formatValue(p.value, unit, t)}`).join(', ')}`
  if (points.length === 0) {
    return <div className="sparkline sparkline-empty" role="img" aria-label={description} />
  }
  return (
    <div className="sparkline" role="img" aria-label={description}>
      <LineChart width={120} height={40} data={series} margin={{ top: 4, right: 4, bottom: 4, left: 4 }}>
        <YAxis hide domain={['dataMin', 'dataMax']} />
        <Line
          type="monotone"
          dataKey="value"
          stroke={STATUS_COLORS[status]}
          strokeWidth={2}
          dot={false}
          isAnimationActive={false}
          connectNulls
        />
      </LineChart>
    </div>
  )
}
