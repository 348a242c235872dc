import { Line, LineChart, ReferenceArea, ReferenceLine, YAxis } from 'recharts'
import { useI18n } from '../../i18n/i18n'
import { formatValue, type Unit, valueAxis } from '../../lib/format'
import { STATUS_COLORS } from '../../lib/status'
import type { Status } from '../../lib/types'

interface Props {
  series: Array<{ year: number; value: number | null }>
  unit: Unit
  status: Status
  /** The year's target: drawn as a band (the side where the target is met) and a dashed line. */
  target: number | null
  direction: 'higher' | 'lower'
  label: string
  /** How the target is named in the accessible label (e.g. 2025年目标). */
  targetLabel: string
}

/**
 * Presentational: the yearly series as a small line over a baseline, with the target band.
 * The scale always holds the target and spans at least a few points for rates, so a change of
 * 0.1 point stays a small step, not a cliff. The figures are in the accessible label.
 */
export function Sparkline({ series, unit, status, target, direction, label, targetLabel }: Props) {
  const { t } = useI18n()
  const points = series.filter((p) => p.value !== null)
  const description = `${label}: ${series.map((p) => `${p.year} ${formatValue(p.value, unit, t)}`).join(', ')}${
    target !== null ? `; ${targetLabel} ${formatValue(target, unit, t)}` : ''
  }`
  if (points.length === 0) {
    return <div className="sparkline sparkline-empty" role="img" aria-label={description} />
  }
  const axis = valueAxis([...points.map((p) => p.value), target], unit)
  const [lo, hi] = axis.domain
  return (
    <div className="sparkline" role="img" aria-label={description}>
      <LineChart width={120} height={40} data={series} margin={{ top: 3, right: 3, bottom: 3, left: 3 }}>
        <YAxis hide domain={axis.domain} allowDataOverflow />
        {target !== null && (
          <ReferenceArea
            y1={direction === 'higher' ? target : lo}
            y2={direction === 'higher' ? hi : target}
            fill="#1a7f37"
            fillOpacity={0.1}
            stroke="none"
            ifOverflow="hidden"
          />
        )}
        <ReferenceLine y={lo} stroke="#b8bec7" />
        {target !== null && <ReferenceLine y={target} stroke="#1a7f37" strokeDasharray="3 2" />}
        <Line
          type="linear"
          dataKey="value"
          stroke={STATUS_COLORS[status]}
          strokeWidth={2}
          dot={{ r: 1.5 }}
          isAnimationActive={false}
          connectNulls
        />
      </LineChart>
    </div>
  )
}
