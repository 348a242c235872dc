import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { Panel } from '../../components/Panel'
import { useI18n } from '../../i18n/i18n'
import type { ExploreQuery } from '../../lib/types'
import { useTRPC } from '../../trpc'
import { resultColumns } from './draft'
import { ResultChart } from './ResultChart'
import { ResultTable } from './ResultTable'

/** Container: runs the submitted query; shows a chart (bar/line) and the table. */
export function ResultPanel({ query }: { query: ExploreQuery }) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const run = useQuery(trpc.explore.run.queryOptions(query))
  const [kind, setKind] = useState<'bar' | 'line'>('bar')
  const rows = run.data?.data ?? []
  const annotation = run.data?.annotation
  const titles: Record<string, string> = {}
  for (const group of [annotation?.dimensions, annotation?.timeDimensions, annotation?.measures]) {
    for (const [k, v] of Object.entries(group ?? {})) titles[k] = v.shortTitle ?? v.title
  }
  const columns = resultColumns(query).map((key) => ({ key, title: titles[key] ?? key }))
  const category = columns.find((c) => !(query.measures ?? []).includes(c.key))
  const measures = columns.filter((c) => (query.measures ?? []).includes(c.key))
  const state = {
    isPending: run.isPending,
    error: run.error,
    isEmpty: rows.length === 0,
    onRetry: () => run.refetch(),
  }
  return (
    <>
      <Panel
        title={t('ex.chart')}
        {...state}
        testId="explore-chart"
        actions={
          // biome-ignore lint/a11y/useSemanticElements: toggle buttons, not a form fieldset
          <div className="lang-switch" role="group" aria-label={t('ex.chart')}>
            {(['bar', 'line'] as const).map((k) => (
              <button
                key={k}
                type="button"
                className="btn btn-small"
                aria-pressed={kind === k}
                onClick={() => setKind(k)}
              >
                {t(`ex.${k}`)}
              </button>
            ))}
          </div>
        }
      >
        {category && measures.length ? (
          <ResultChart kind={kind} rows={rows} category={category} measures={measures} />
        ) : (
          <p className="state state-empty">{t('ex.pickMeasure')}</p>
        )}
      </Panel>
      <Panel title={t('ex.table', { rows: rows.length })} {...state} testId="explore-table">
        <ResultTable rows={rows} columns={columns} numeric={query.measures ?? []} />
      </Panel>
    </>
  )
}
