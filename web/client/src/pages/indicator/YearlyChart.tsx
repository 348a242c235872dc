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
  /** By year; `plan`: the id of the plan the year (and its target) belongs to. */
  yearly: Array<{ year: number; value: number | null; target: number | null; plan?: string | null }>
  /**
   * The plans the years run through, earliest first. With several (a carried-over indicator),
   * each plan's targets are a line of their own, named after the plan.
   */
  plans?: ReadonlyArray<{ id: string; name_zh: string; name_en: string }>
  unit: Unit
  year: number
  /** 序时进度 at the as-of date; null in a closed year. */
  expected: number | null
}

/** Target lines, earliest plan first; the last (the plan in view) keeps the usual red dashes. */
const PLAN_LINES = [
  { stroke: '#6a51a3', dash: '2 3' },
  { stroke: '#c62828', dash: '6 3' },
] as const
const lineStyle = (i: number, n: number) => PLAN_LINES[i === n - 1 ? 1 : 0]

/**
 * Presentational: actuals as bars (one series across plans), targets as a line per plan,
 * 序时进度 as a marker on the scope's year.
 */
export function YearlyChart({ yearly, plans = [], unit, year, expected }: Props) {
  const { t, pick } = useI18n()
  // One target line per plan when the years run through several, else the one line.
  const lines =
    plans.length > 1
      ? plans.map((p, i) => ({
          key: `target_${i}`,
          plan: p.id,
          name: t('ind.targetOfPlan', { plan: pick(p.name_zh, p.name_en) }),
          ...lineStyle(i, plans.length),
        }))
      : [{ key: 'target', plan: null, name: t('ind.targetLine'), ...lineStyle(0, 1) }]
  const data = yearly.map((y) => ({
    ...y,
    label: String(y.year),
    ...Object.fromEntries(
      lines.filter((l) => l.plan !== null).map((l) => [l.key, y.plan === l.plan ? y.target : null]),
    ),
  }))
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
          {/* Actuals first, then each plan's targets in the plans' order (not by name). */}
          <Legend itemSorter={(item) => (item.dataKey === 'value' ? '' : String(item.dataKey))} />
          <Bar dataKey="value" name={t('ind.actual')} fill="#4c78a8" isAnimationActive={false} />
          {lines.map((l) => (
            <Line
              key={l.key}
              dataKey={l.key}
              name={l.name}
              className="target-line"
              stroke={l.stroke}
              strokeDasharray={l.dash}
              strokeWidth={2}
              isAnimationActive={false}
              connectNulls
            />
          ))}
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
