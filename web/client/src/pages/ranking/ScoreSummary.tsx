import { useQuery } from '@tanstack/react-query'
import { isTaskLine, TASK_LINES } from '../../../../../indicators/scoring/task-rule'
import { QueryState } from '../../components/QueryState'
import { useI18n } from '../../i18n/i18n'
import type { Unit } from '../../lib/format'
import { useTRPC } from '../../trpc'
import { AdjustmentList } from './AdjustmentList'
import { contributionBars } from './bars'
import { ContributionBars } from './ContributionBars'
import { formatPoints } from './format'
import { type IndicatorLine, IndicatorScoreTable } from './IndicatorScoreTable'
import type { UnitScore } from './types'

interface Props {
  unit: UnitScore
  /** indicator id → Chinese name, as the ranking carries them */
  indicatorNames: Record<string, string>
  /** username → display name, for the adjustments' authors */
  people: Record<string, string>
  totalChange: number | null | undefined
  /** e.g. "第 3 名 / 共 25 个部门"; by default the rank alone */
  rankText?: string
}

/**
 * Container (reads the catalog for units and English names): one unit's scores as the
 * server computed them — rank and total, how the total is made up (base + bonus +
 * adjustments, so a total above 100 is explained), per-indicator 满分/得分, the chart and
 * the adjustments. Shared by 考核排名 and 考核结果; read-only.
 */
export function ScoreSummary({ unit, indicatorNames, people, totalChange, rankText }: Props) {
  const { t, pick } = useI18n()
  const trpc = useTRPC()
  const catalog = useQuery(
    trpc.reference.catalog.queryOptions(undefined, { staleTime: Number.POSITIVE_INFINITY }),
  )
  const byId = new Map((catalog.data?.indicators ?? []).map((i) => [i.id, i]))
  const lines: IndicatorLine[] = unit.indicators.map((s) => {
    if (isTaskLine(s.indicator_id)) {
      const line = TASK_LINES[s.indicator_id]
      return { name: pick(line.name_zh, line.name_en), unit: line.unit, score: s }
    }
    const ind = byId.get(s.indicator_id)
    const zhName = indicatorNames[s.indicator_id] ?? ind?.name_zh ?? s.indicator_id
    return { name: ind ? pick(ind.name_zh, ind.name_en) : zhName, unit: (ind?.unit ?? '%') as Unit, score: s }
  })
  const bars = contributionBars(lines)
  return (
    <>
      <dl className="kpis rk-kpis">
        <Kpi
          label={t('rk.col.rank')}
          value={unit.rank === null ? t('rk.unranked') : (rankText ?? String(unit.rank))}
          testId="card-rank"
        />
        <Kpi label={t('rk.col.total')} value={formatPoints(unit.total, t)} testId="card-total" />
        <Kpi label={t('rk.col.base')} value={formatPoints(unit.base, t)} testId="card-base" />
        <Kpi label={t('rk.col.bonus')} value={formatPoints(unit.bonus, t, true)} testId="card-bonus" />
        <Kpi label={t('rk.col.adjustment')} value={formatPoints(unit.adjustment, t, true)} />
        <Kpi label={t('rk.col.total_change')} value={formatPoints(totalChange, t, true)} />
      </dl>
      {unit.total !== null && (
        <p className="rk-formula" data-testid="card-formula">
          {t('rk.formula', {
            total: formatPoints(unit.total, t),
            base: formatPoints(unit.base, t),
            bonus: formatPoints(unit.bonus, t),
            adjustment: formatPoints(unit.adjustment, t, true),
          })}
        </p>
      )}
      {unit.max === 0 && <p className="muted">{t('rk.notScored')}</p>}
      <QueryState isPending={catalog.isPending} error={catalog.error} onRetry={() => catalog.refetch()}>
        <IndicatorScoreTable lines={lines} />
      </QueryState>
      <p className="muted rk-note">{t('rk.scoreNote')}</p>
      {bars.length > 0 && (
        <>
          <h3>{t('rk.chart')}</h3>
          <ContributionBars data={bars} />
        </>
      )}
      <AdjustmentList items={unit.adjustments} people={people} />
    </>
  )
}

function Kpi({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  )
}
