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
  /** Notes per month ('MM'), marked on the chart (动态与说明). */
  noteMonths?: ReadonlyMap<string, number>
}

/** The last day of a 'YYYY-MM' month. */
const monthEnd = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10)
}

/** The months with notes but no value join the axis (as gaps), so their markers have a place. */
function withNoteMonths(
  monthly: Props['monthly'],
  noteMonths: ReadonlyMap<string, number>,
): Props['monthly'] {
  const year = monthly[0]?.month.slice(0, 4)
  if (!year) return monthly
  const have = new Set(monthly.map((m) => m.month.slice(5)))
  const extra = [...noteMonths.keys()]
    .filter((m) => !have.has(m))
    .map((m) => ({ month: `${year}-${m}`, value: null }))
  return extra.length ? [...monthly, ...extra].sort((a, b) => a.month.localeCompare(b.month)) : monthly
}

/** Presentational: the year's monthly values, the year's target, the 序时进度 line and the months with notes. */
export function MonthlyChart({ monthly, unit, indicator, target, noteMonths = new Map() }: Props) {
  const { t } = useI18n()
  const fmt = (v: unknown) => formatValue(typeof v === 'number' ? v : null, unit, t)
  const data = withNoteMonths(monthly, noteMonths).map((m) => ({
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
      }${[...noteMonths].map(([m, n]) => `; ${t('inote.markerLabel', { month: Number(m), n })}`).join('')}`}
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
          {[...noteMonths].map(([m, n]) => (
            <ReferenceLine
              key={m}
              x={m}
              stroke="#6a4c93"
              strokeDasharray="2 3"
              label={{
                value: t('inote.marker', { n }),
                position: 'insideTop',
                fontSize: 11,
                fill: '#6a4c93',
              }}
            />
          ))}
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
