import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { QueryState } from '../../components/QueryState'
import { useI18n } from '../../i18n/i18n'
import { useRoute } from '../../lib/router'
import { scopeFromParams, scopeToParams } from '../../lib/scope'
import type { Me } from '../../lib/types'
import { useTRPC } from '../../trpc'
import { AreaGroup } from './AreaGroup'
import { DeptBanner } from './DeptBanner'
import { ScorecardFilters } from './ScorecardFilters'
import { SummaryStrip } from './SummaryStrip'

/** 总览: every plan indicator for the chosen scope, grouped by area, off-track first. */
export function ScorecardPage({ me }: { me: Me }) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const route = useRoute()
  const scope = scopeFromParams(route.params, me)
  // The previous cards stay (dimmed, aria-busy) while a new scope loads.
  const card = useQuery(trpc.scorecard.get.queryOptions(scope, { placeholderData: keepPreviousData }))
  const indicators = card.data?.indicators ?? []
  // Why an indicator can be "not applicable": it has no breakdown for the scope asked for.
  const byDept = me.role === 'department' || Boolean(scope.deptCode)
  const notApplicable = t(
    byDept && scope.regionCode
      ? 'sc.notApplicableScope'
      : byDept
        ? 'sc.notApplicable'
        : 'sc.notApplicableRegion',
  )
  return (
    <div className="stack" aria-busy={card.isFetching}>
      <h1>{t('sc.title')}</h1>
      {me.role === 'department' ? <DeptBanner me={me} /> : null}
      <ScorecardFilters
        scope={scope}
        showRegionFilters={me.role !== 'department'}
        onChange={(next) => route.setParams(scopeToParams(next))}
      />
      <QueryState
        isPending={card.isPending}
        error={card.error}
        isEmpty={indicators.length === 0}
        onRetry={() => card.refetch()}
      >
        {card.data && (
          <>
            <SummaryStrip indicators={indicators} />
            {card.data.areas.map((area) => (
              <AreaGroup
                key={area.code}
                area={area}
                indicators={indicators.filter((i) => i.area === area.code)}
                scope={scope}
                notApplicable={notApplicable}
              />
            ))}
          </>
        )}
      </QueryState>
    </div>
  )
}
