import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import { useI18n } from '../../i18n/i18n'

export interface ContributionDatum {
  name: string
  /** points earned on the unit's 0–100 scale */
  earned: number
  /** points the indicator could still have earned on that scale */
  lost: number
}

const fmt = (v: unknown) => (typeof v === 'number' ? v.toFixed(2) : String(v))

/** Presentational: each scored indicator's contribution to the total, with what it missed stacked after it. */
export function ContributionBars({ data }: { data: ContributionDatum[] }) {
  const { t } = useI18n()
  const label = data.map((d) => `${d.name} ${fmt(d.earned)}`).join('; ')
  return (
    <div
      className="chart"
      role="img"
      aria-label={`${t('rk.chart')}: ${label}`}
      data-testid="contribution-chart"
    >
      <ResponsiveContainer width="100%" height={Math.max(120, data.length * 22 + 50)}>
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 0, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" domain={[0, 'auto']} tick={{ fontSize: 12 }} />
          <YAxis type="category" dataKey="name" width={150} tick={{ fontSize: 11 }} interval={0} />
          <Tooltip formatter={(v) => fmt(v)} />
          <Bar dataKey="earned" name={t('rk.earned')} stackId="c" fill="#1456a0" isAnimationActive={false} />
          <Bar dataKey="lost" name={t('rk.lost')} stackId="c" fill="#d8dee6" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  )
}
