import { useQuery } from '@tanstack/react-query'
import { useDeferredValue, useId, useMemo, useState } from 'react'
import { exploreColumns, numberText } from '../../../../shared/explore-format'
import { Panel } from '../../components/Panel'
import { useI18n } from '../../i18n/i18n'
import type { ExploreQuery } from '../../lib/types'
import { useTRPC } from '../../trpc'
import { chartModel } from './chart-model'
import { cellLabels } from './labels'
import { PivotTable } from './PivotTable'
import { ResultChart } from './ResultChart'
import { ResultTable } from './ResultTable'

type Kind = 'line' | 'bar' | 'pivot'
const KINDS: Kind[] = ['line', 'bar', 'pivot']

/**
 * Container: runs the submitted query; shows it as a chart (折线/柱状) or a pivot table
 * (表格), with a note when the chart leaves series or points out, and the whole result as a
 * paged table. Titles and formats come from the model (the result's annotation).
 */
export function ResultPanel({ query }: { query: ExploreQuery }) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const id = useId()
  const run = useQuery(trpc.explore.run.queryOptions(query))
  const [chosen, setChosen] = useState<Kind | null>(null)
  const [measureKey, setMeasureKey] = useState<string | undefined>(undefined)
  const rows = useMemo(() => run.data?.data ?? [], [run.data])
  const columns = useMemo(() => exploreColumns(query, run.data?.annotation), [query, run.data])
  const labels = useMemo(() => cellLabels(t), [t])
  // The chart follows the table: a large result shows its first page at once, and the chart
  // is drawn in the background (React renders deferred values when the page is idle).
  const chartData = useDeferredValue(run.data)
  const model = useMemo(
    () =>
      chartData
        ? chartModel(chartData.data, exploreColumns(query, chartData.annotation), labels, measureKey)
        : null,
    [chartData, query, labels, measureKey],
  )
  const kind: Kind = chosen ?? (model?.x.role === 'time' ? 'line' : 'bar')
  const measures = columns.filter((c) => c.role === 'measure')
  const limit = query.limit ?? 1000
  const state = {
    isPending: run.isPending,
    error: run.error,
    isEmpty: rows.length === 0,
    onRetry: () => run.refetch(),
  }
  const notes = model
    ? [
        model.seriesCut &&
          t('ex.cutSeries', {
            shown: model.seriesCut.shown,
            total: numberText(model.seriesCut.total),
            measure: model.series[0]?.measure.title ?? '',
          }),
        model.measureCut && t('ex.cutMeasures', { ...model.measureCut }),
        model.pointsCut &&
          t('ex.cutPoints', {
            shown: model.pointsCut.shown,
            total: numberText(model.pointsCut.total),
            x: model.x.title,
          }),
      ].filter((n): n is string => Boolean(n))
    : []
  return (
    <>
      <Panel title={t('ex.chart')} {...state} testId="explore-chart">
        <div className="ex-chart-tools">
          {/* biome-ignore lint/a11y/useSemanticElements: toggle buttons, not a form fieldset */}
          <div className="lang-switch" role="group" aria-label={t('ex.chartKind')}>
            {KINDS.map((k) => (
              <button
                key={k}
                type="button"
                className="btn btn-small"
                aria-pressed={kind === k}
                onClick={() => setChosen(k)}
              >
                {t(`ex.${k}`)}
              </button>
            ))}
          </div>
          {model?.pivoted && measures.length > 1 && (
            <div className="field ex-inline-field">
              <label htmlFor={`${id}-measure`}>{t('ex.chartMeasure')}</label>
              <select
                id={`${id}-measure`}
                value={model.series[0]?.measure.key ?? ''}
                onChange={(e) => setMeasureKey(e.target.value)}
              >
                {measures.map((m) => (
                  <option key={m.key} value={m.key}>
                    {m.title}
                  </option>
                ))}
              </select>
            </div>
          )}
        </div>
        {notes.map((n) => (
          <p key={n} className="ex-note" data-testid="explore-cut-note">
            {n}
          </p>
        ))}
        {!model ? (
          <p className="state state-empty">{t('ex.needDimension')}</p>
        ) : kind === 'pivot' ? (
          <PivotTable model={model} />
        ) : (
          <ResultChart kind={kind} model={model} />
        )}
      </Panel>
      <Panel title={t('ex.table', { rows: numberText(rows.length) })} {...state} testId="explore-table">
        {rows.length >= limit && (
          <p className="ex-note" data-testid="explore-limit-note">
            {t('ex.limitHit', { limit: numberText(limit) })}
          </p>
        )}
        <ResultTable key={run.dataUpdatedAt} rows={rows} columns={columns} />
      </Panel>
    </>
  )
}
