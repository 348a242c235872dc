import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { QueryState } from '../../components/QueryState'
import { useI18n } from '../../i18n/i18n'
import type { ExploreQuery } from '../../lib/types'
import { useTRPC } from '../../trpc'
import { type Draft, initialDraft, toQuery } from './draft'
import { ExportButtons } from './ExportButtons'
import { QueryBuilder } from './QueryBuilder'
import { ResultPanel } from './ResultPanel'
import { SqlPanel } from './SqlPanel'

/** 自助分析: build a query on a governed view, run it, see its SQL, export it. */
export function ExplorePage() {
  const { t } = useI18n()
  const trpc = useTRPC()
  const meta = useQuery(trpc.explore.meta.queryOptions())
  const [draft, setDraft] = useState<Draft | null>(null)
  const [submitted, setSubmitted] = useState<ExploreQuery | null>(null)
  const [showSql, setShowSql] = useState(false)
  const views = meta.data ?? []
  const current =
    draft ??
    (views.length ? initialDraft(views.find((v) => v.name === 'application_kpis') ?? views[0]) : null)
  const canRun = Boolean(current && (current.measures.length || current.dimensions.length))
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
            onChange={setDraft}
            canRun={canRun}
            onRun={() => setSubmitted(toQuery(current))}
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
