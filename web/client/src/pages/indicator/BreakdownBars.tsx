import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts'
import { useI18n } from '../../i18n/i18n'
import { axisTick, formatValue, type Unit } from '../../lib/format'
import { STATUS_COLORS } from '../../lib/status'
import type { BreakdownRow, Status } from '../../lib/types'

interface Props {
  rows: Array<BreakdownRow & { status: Status }>
  unit: Unit
  target: number | null
}

const MAX_BARS = 15

/** Presentational: horizontal bars by value, coloured by status, with the target line. */
export function BreakdownBars({ rows, unit, target }: Props) {
  const { t } = useI18n()
  const shown = rows.slice(0, MAX_BARS)
  const fmt = (v: unknown) => formatValue(typeof v === 'number' ? v : null, unit, t)
  return (
    <div className="chart" role="img" aria-label={shown.map((r) => `${r.name} ${fmt(r.value)}`).join('; ')}>
      <ResponsiveContainer width="100%" height={Math.max(120, shown.length * 24 + 40)}>
        <BarChart data={shown} layout="vertical" margin={{ top: 8, right: 24, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" tickFormatter={axisTick(unit)} domain={unit === '%' ? [0, 1] : [0, 'auto']} />
          <YAxis type="category" dataKey="name" width={120} tick={{ fontSize: 12 }} interval={0} />
          <Tooltip formatter={(v) => fmt(v)} />
          <Bar dataKey="value" name={t('ind.actual')} isAnimationActive={false}>
            {shown.map((r) => (
              <Cell key={r.code} fill={STATUS_COLORS[r.status]} />
            ))}
          </Bar>
          {target !== null && <ReferenceLine x={target} stroke="#c62828" strokeDasharray="6 3" />}
        </BarChart>
      </ResponsiveContainer>
    </div>
  )
}
