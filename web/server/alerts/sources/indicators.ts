import type { Status } from '../../../../indicators/progress'
import { type IndicatorValue, indicatorValues } from '../../../../semantic-layer/queries/scorecard'
import { catalogForYear } from '../../plans'
import { formatGap, formatValue, STATUS_LABEL } from '../../reports/format'
import { type AlertEvent, type AlertRun, once } from '../event'
import { alertStanding } from './standing'

type Catalog = Awaited<ReturnType<typeof catalogForYear>>
type Indicator = Catalog['indicators'][number]

/** Every indicator's standing for the district or one department (asked once per run). */
async function scopeValues(run: AlertRun, dept: string | undefined) {
  const standing = await alertStanding(run)
  return once(run, `values:${dept ?? ''}`, async () => {
    const catalog = await catalogForYear(run.deps, standing.year)
    const scope = { year: standing.year, asOf: standing.asOf, ...(dept ? { deptCode: dept } : {}) }
    const context = dept ? { role: 'department', deptCode: dept } : { role: 'admin' }
    const values = await indicatorValues(run.deps.semantic, scope, context, catalog)
    return { standing, rows: catalog.indicators.map((ind, i) => ({ ind, v: values[i]! })) }
  })
}

const scopeKey = (dept: string | undefined) => dept ?? 'district'

function link(ind: Indicator, year: number, dept: string | undefined): string {
  const q = new URLSearchParams({ year: String(year), ...(dept ? { dept } : {}) })
  return `#/indicator/${encodeURIComponent(ind.id)}?${q}`
}

function figures(ind: Indicator, v: IndicatorValue): string[] {
  const lines = [`当前值 ${formatValue(v.value, ind.unit)}，年度目标 ${formatValue(v.target, ind.unit)}`]
  if (v.expected_to_date !== null) lines.push(`序时进度 ${formatValue(v.expected_to_date, ind.unit)}`)
  if (v.gap !== null) lines.push(`与目标${formatGap(v.gap, ind.unit, ind.direction)}`)
  if (v.data_as_of) lines.push(`数据截至 ${v.data_as_of}`)
  return lines
}

/** Indicators whose status is one of `statuses`, for the district or a department. */
export async function statusEvents(
  run: AlertRun,
  statuses: readonly Status[],
  dept: string | undefined,
  deptName?: string,
): Promise<AlertEvent[]> {
  const { standing, rows } = await scopeValues(run, dept)
  const where = dept ? `（${deptName ?? dept}）` : ''
  return rows
    .filter(({ v }) => v.applicable && statuses.includes(v.status))
    .map(({ ind, v }) => ({
      key: `${standing.plan.id}:${standing.year}:${scopeKey(dept)}:${ind.id}:${v.status}`,
      ...(dept ? { dept } : {}),
      title: `指标「${ind.name_zh}」${where}${STATUS_LABEL[v.status]}`,
      lines: [`${standing.year}年`, ...figures(ind, v)],
      link: link(ind, standing.year, dept),
      facts: { indicator: ind.id, status: v.status, year: standing.year, value: v.value, target: v.target },
    }))
}

/**
 * How far a value trails 序时进度: percentage points for rates, else percent of the expected
 * value; ≤ 0 when on or ahead of it; null without a value or a 序时进度 (a closed year).
 */
export function pointsBehind(ind: Pick<Indicator, 'unit' | 'direction'>, v: IndicatorValue): number | null {
  if (v.value === null || v.expected_to_date === null) return null
  const short = ind.direction === 'higher' ? v.expected_to_date - v.value : v.value - v.expected_to_date
  if (ind.unit === '%') return short * 100
  return v.expected_to_date === 0 ? null : (short / Math.abs(v.expected_to_date)) * 100
}

/** Indicators more than `points` behind 序时进度, for the district or a department. */
export async function behindEvents(
  run: AlertRun,
  points: number,
  dept: string | undefined,
  deptName?: string,
): Promise<AlertEvent[]> {
  const { standing, rows } = await scopeValues(run, dept)
  const where = dept ? `（${deptName ?? dept}）` : ''
  return rows.flatMap(({ ind, v }) => {
    const behind = v.applicable ? pointsBehind(ind, v) : null
    if (behind === null || behind <= points) return []
    const unit = ind.unit === '%' ? '个百分点' : '%'
    return [
      {
        key: `${standing.plan.id}:${standing.year}:${scopeKey(dept)}:${ind.id}:behind`,
        ...(dept ? { dept } : {}),
        title: `指标「${ind.name_zh}」${where}落后序时进度 ${behind.toFixed(1)}${unit}`,
        lines: [`${standing.year}年`, ...figures(ind, v)],
        link: link(ind, standing.year, dept),
        facts: { indicator: ind.id, points_behind: Number(behind.toFixed(2)), year: standing.year },
      },
    ]
  })
}
