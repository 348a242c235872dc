import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { dateRangeIssue } from '../../../../shared/explore-format'
import { QueryState } from '../../components/QueryState'
import { useI18n } from '../../i18n/i18n'
import type { ExploreQuery } from '../../lib/types'
import { useTRPC } from '../../trpc'
import { type Draft, initialDraft, toQuery } from './draft'
import { ExportButtons } from './ExportButtons'
import { QueryBuilder } from './QueryBuilder'
import { ResultPanel } from './ResultPanel'
import { SqlPanel } from './SqlPanel'
import './explore.css'

/**
 * 自助分析: build a query on a governed view, run it, see its SQL, export it. A date range
 * that cannot be right (reversed, one-sided, not a date) is named under the dates and no
 * query is sent.
 */
export function ExplorePage() {
  const { t } = useI18n()
  const trpc = useTRPC()
  const meta = useQuery(trpc.explore.meta.queryOptions())
  const [draft, setDraft] = useState<Draft | null>(null)
  const [submitted, setSubmitted] = useState<ExploreQuery | null>(null)
  const [showSql, setShowSql] = useState(false)
  const [attempted, setAttempted] = useState(false)
  const views = meta.data ?? []
  const current =
    draft ??
    (views.length ? initialDraft(views.find((v) => v.name === 'application_kpis') ?? views[0]) : null)
  const canRun = Boolean(current && (current.measures.length || current.dimensions.length))
  const issue = current?.timeDimension ? dateRangeIssue(current.from, current.to) : null
  // A one-sided range is still being typed: named only once the query is asked for.
  const dateError =
    issue && (issue !== 'oneSided' || attempted)
      ? t(`ex.date.${issue}`, { from: current?.from ?? '', to: current?.to ?? '' })
      : null
  return (
    <div className="stack">
      <h1>{t('ex.title')}</h1>
      <QueryState
        isPending={meta.isPending}
        error={meta.error}
        isEmpty={views.length === 0}
        onRetry={() => meta.refetch()}
      >
        {current && (
          <QueryBuilder
            views={views}
            draft={current}
            onChange={(d) => {
              setDraft(d)
              setAttempted(false)
            }}
            canRun={canRun}
            dateError={dateError}
            onRun={() => {
              setAttempted(true)
              if (!issue) setSubmitted(toQuery(current))
            }}
          />
        )}
      </QueryState>
      {submitted ? (
        <>
          <div className="toolbar">
            <button
              type="button"
              className="btn"
              aria-expanded={showSql}
              onClick={() => setShowSql(!showSql)}
            >
              {showSql ? t('ex.hideSql') : t('ex.showSql')}
            </button>
            <ExportButtons query={submitted} />
          </div>
          {showSql && <SqlPanel query={submitted} />}
          <ResultPanel query={submitted} />
        </>
      ) : (
        <p className="state state-empty">{canRun ? t('ex.notRun') : t('ex.pickMeasure')}</p>
      )}
    </div>
  )
}
