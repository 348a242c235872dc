import { z } from 'zod'
import { Year } from '../../../indicators/plan.schema'

export const PeriodInput = z.object({
  type: z.enum(['year', 'quarter', 'month']).default('year'),
  year: Year,
  index: z.number().int().min(1).max(12).optional(),
})
export type PeriodInput = z.infer<typeof PeriodInput>

export interface Period {
  type: 'year' | 'quarter' | 'month'
  year: number
  index: number
  key: string
  label: string
  from: string
  to: string
}

const pad = (n: number) => String(n).padStart(2, '0')
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate()

export function resolvePeriod(p: PeriodInput): Period {
  if (p.type === 'year') {
    return {
      type: 'year',
      year: p.year,
      index: 1,
      key: `${p.year}`,
      label: `${p.year}年度`,
      from: `${p.year}-01-01`,
      to: `${p.year}-12-31`,
    }
  }
  if (p.type === 'quarter') {
    const q = Math.min(4, Math.max(1, p.index ?? 1))
    const m0 = (q - 1) * 3 + 1
    return {
      type: 'quarter',
      year: p.year,
      index: q,
      key: `${p.year}-Q${q}`,
      label: `${p.year}年第${q}季度`,
      from: `${p.year}-${pad(m0)}-01`,
      to: `${p.year}-${pad(m0 + 2)}-${lastDay(p.year, m0 + 2)}`,
    }
  }
  const m = Math.min(12, Math.max(1, p.index ?? 1))
  return {
    type: 'month',
    year: p.year,
    index: m,
    key: `${p.year}-${pad(m)}`,
    label: `${p.year}年${m}月`,
    from: `${p.year}-${pad(m)}-01`,
    to: `${p.year}-${pad(m)}-${lastDay(p.year, m)}`,
  }
}

/** The period before, for rank and total changes. */
export function previousPeriod(p: Period): Period {
  if (p.type === 'year') return resolvePeriod({ type: 'year', year: p.year - 1 })
  if (p.type === 'quarter')
    return resolvePeriod(
      p.index === 1
        ? { type: 'quarter', year: p.year - 1, index: 4 }
        : { type: 'quarter', year: p.year, index: p.index - 1 },
    )
  return resolvePeriod(
    p.index === 1
      ? { type: 'month', year: p.year - 1, index: 12 }
      : { type: 'month', year: p.year, index: p.index - 1 },
  )
}

/** The period a stored key names ('2025', '2025-Q2', '2025-03'); undefined for anything else. */
export function periodFromKey(key: string): Period | undefined {
  const m = /^(\d{4})(?:-Q([1-4])|-(\d{2}))?$/.exec(key)
  if (!m) return undefined
  const year = Number(m[1])
  if (m[2]) return resolvePeriod({ type: 'quarter', year, index: Number(m[2]) })
  if (m[3]) {
    const month = Number(m[3])
    return month >= 1 && month <= 12 ? resolvePeriod({ type: 'month', year, index: month }) : undefined
  }
  return resolvePeriod({ type: 'year', year })
}
