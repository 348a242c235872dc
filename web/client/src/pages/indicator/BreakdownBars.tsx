import { useState } from 'react'
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

/**
 * Horizontal bars by value, coloured by status, with the target line: the first 15 (the
 * largest gaps), saying so, with a way to see them all.
 */
export function BreakdownBars({ rows, unit, target }: Props) {
  const { t } = useI18n()
  const [all, setAll] = useState(false)
  const shown = all ? rows : rows.slice(0, MAX_BARS)
  const fmt = (v: unknown) => formatValue(typeof v === 'number' ? v : null, unit, t)
  return (
    <>
      {rows.length > MAX_BARS && (
        <p className="chip-row" data-testid="bars-count">
          <span>{t('ind.showing', { shown: shown.length, total: rows.length })}</span>
          <span aria-hidden="true">—</span>
          <button type="button" className="link-button" aria-expanded={all} onClick={() => setAll(!all)}>
            {all ? t('ind.showFewer') : t('ind.showAll')}
          </button>
        </p>
      )}
      <div className="chart" role="img" aria-label={shown.map((r) => `${r.name} ${fmt(r.value)}`).join('; ')}>
        <ResponsiveContainer width="100%" height={Math.max(120, shown.length * 24 + 40)}>
          <BarChart data={shown} layout="vertical" margin={{ top: 8, right: 24, bottom: 0, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} />
            <XAxis
              type="number"
              tickFormatter={axisTick(unit)}
              domain={unit === '%' ? [0, 1] : [0, 'auto']}
            />
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
    </>
  )
}
