import { useQuery } from '@tanstack/react-query'
import { Panel } from '../../components/Panel'
import { useI18n } from '../../i18n/i18n'
import { fileUrl } from '../../lib/download'
import { useTRPC } from '../../trpc'
import { Downloads } from '../ranking/Downloads'
import { ScoreSummary } from '../ranking/ScoreSummary'
import type { RankingScope } from '../ranking/types'
import { AppealList } from './PublicityResult'

/** Container: a department's own published report card and rank (the server gives it nothing else). */
export function DepartmentResult({ scope }: { scope: RankingScope }) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const card = useQuery(trpc.results.unit.queryOptions(scope))
  const appeals = useQuery({
    ...trpc.appeals.mine.queryOptions({ period: scope.period }),
    enabled: scope.unitType === 'department',
  })
  const data = card.data
  const name = data?.unit.unit_name ?? data?.unit.unit_code ?? ''
  return (
    <Panel
      title={data ? t('res.myCard', { name }) : t('res.title')}
      testId="department-card"
      isPending={card.isPending}
      error={card.error}
      onRetry={() => card.refetch()}
    >
      {data && (
        <div data-testid="score-card">
          <p className="muted">{data.period_label}</p>
          <ScoreSummary
            unit={data.unit}
            indicatorNames={data.indicator_names}
            people={data.people}
            totalChange={data.change?.total_change}
            rankText={
              data.unit.rank === null ? undefined : t('res.rankOf', { rank: data.unit.rank, n: data.ranked })
            }
          />
          {appeals.data && appeals.data.appeals.length > 0 && (
            <section data-testid="published-appeals">
              <h3>{t('ap.decided')}</h3>
              <AppealList
                appeals={appeals.data.appeals}
                period={scope.period}
                accepting={false}
                view={{ ...appeals.data, unit: data.unit }}
              />
            </section>
          )}
          <Downloads
            label={t('rk.downloads')}
            items={(['xlsx', 'pdf'] as const).map((format) => ({
              id: format,
              label: t(format === 'xlsx' ? 'rk.dl.unitXlsx' : 'rk.dl.unitPdf'),
              url: fileUrl('results', 'exportUnit', { ...scope, format }),
            }))}
          />
        </div>
      )}
    </Panel>
  )
}
