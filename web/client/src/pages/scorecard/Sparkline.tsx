import { useI18n } from '../../i18n/i18n'
import { formatValue, type Unit, valueAxis } from '../../lib/format'
import { STATUS_COLORS } from '../../lib/status'
import type { Status } from '../../lib/types'

const W = 120
const H = 40
const PAD = 3

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
 * 0.1 point stays a small step, not a cliff. The figures are in the accessible label. Plain
 * SVG: a card's sparkline is too small to need a chart library, and the first screen loads
 * faster without one.
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
  const x = (i: number) => (series.length > 1 ? PAD + (i * (W - 2 * PAD)) / (series.length - 1) : W / 2)
  const y = (v: number) => PAD + ((hi - Math.min(hi, Math.max(lo, v))) * (H - 2 * PAD)) / (hi - lo || 1)
  const drawn = series.flatMap((p, i) => (p.value === null ? [] : [{ x: x(i), y: y(p.value) }]))
  const band = target === null ? null : direction === 'higher' ? [y(hi), y(target)] : [y(target), y(lo)]
  return (
    <div className="sparkline" role="img" aria-label={description}>
      <svg width={W} height={H} viewBox={`0 0 ${W} ${H}`} aria-hidden="true" focusable="false">
        {band && (
          <rect
            x={PAD}
            y={band[0]}
            width={W - 2 * PAD}
            height={Math.max(0, band[1]! - band[0]!)}
            fill="#1a7f37"
            fillOpacity={0.1}
          />
        )}
        <line x1={PAD} x2={W - PAD} y1={y(lo)} y2={y(lo)} stroke="#b8bec7" />
        {target !== null && (
          <line x1={PAD} x2={W - PAD} y1={y(target)} y2={y(target)} stroke="#1a7f37" strokeDasharray="3 2" />
        )}
        <polyline
          points={drawn.map((p) => `${p.x},${p.y}`).join(' ')}
          fill="none"
          stroke={STATUS_COLORS[status]}
          strokeWidth={2}
          strokeLinejoin="round"
        />
        {drawn.map((p) => (
          <circle key={p.x} cx={p.x} cy={p.y} r={1.5} fill="#fff" stroke={STATUS_COLORS[status]} />
        ))}
      </svg>
    </div>
  )
}
