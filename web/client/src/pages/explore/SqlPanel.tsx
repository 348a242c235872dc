import { useQuery } from '@tanstack/react-query'
import { Panel } from '../../components/Panel'
import { useI18n } from '../../i18n/i18n'
import type { ExploreQuery } from '../../lib/types'
import { useTRPC } from '../../trpc'

/** The SQL the semantic layer generates for the query (with its parameters). */
export function SqlPanel({ query }: { query: ExploreQuery }) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const sql = useQuery(trpc.explore.sql.queryOptions(query))
  return (
    <Panel title="SQL" isPending={sql.isPending} error={sql.error} onRetry={() => sql.refetch()} testId="sql">
      {sql.data && (
        <>
          <pre className="sql" data-testid="sql-text">
            {sql.data.sql}
          </pre>
          {sql.data.params.length > 0 && (
            <p className="muted">
              {t('ex.params')}: <code>{JSON.stringify(sql.data.params)}</code>
            </p>
          )}
          {sql.data.preAggregations.length > 0 && (
            <p className="muted">
              {t('ex.preAggs')}: <code>{sql.data.preAggregations.join(', ')}</code>
            </p>
          )}
        </>
      )}
    </Panel>
  )
}
