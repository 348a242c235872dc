import { useQuery } from '@tanstack/react-query'
import { useId } from 'react'
import { Panel } from '../../components/Panel'
import { useI18n } from '../../i18n/i18n'
import { formatTime } from '../../lib/format'
import { navigate, useRoute } from '../../lib/router'
import type { Me, Outputs } from '../../lib/types'
import { useTRPC } from '../../trpc'
import { personName } from '../ranking/format'
import { DepartmentResult } from './DepartmentResult'
import { LeaderResult } from './LeaderResult'
import { PublicityResults } from './PublicityResult'
import { pickPublished, resultsParams } from './selection'
import '../ranking/ranking.css'

type PublishedItem = Outputs['results']['list'][number]

/**
 * 考核结果: the published rankings for their audience, read-only. Leaders (and evaluators,
 * admins) see whole rankings with the briefing; a department account its own report card.
 */
export function ResultsPage({ me }: { me: Me }) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const route = useRoute()
  const list = useQuery(trpc.results.list.queryOptions())
  const picked = list.data ? pickPublished(route.params, list.data) : null
  return (
    <div className="stack ranking" data-testid="results">
      <h1>{t('res.title')}</h1>
      {me.role === 'department' && <PublicityResults />}
      <Panel
        title={t('res.pick')}
        isPending={list.isPending}
        error={list.error}
        isEmpty={list.data?.length === 0}
        onRetry={() => list.refetch()}
      >
        {list.data && picked && <Picker list={list.data} selected={picked.item} />}
      </Panel>
      {picked &&
        (me.role === 'department' ? (
          <DepartmentResult key={picked.item.period_key} scope={picked.scope} />
        ) : (
          <LeaderResult
            scope={picked.scope}
            code={picked.code}
            onOpen={(code) => navigate('/results', resultsParams(picked.item, code))}
          />
        ))}
    </div>
  )
}

/** Presentational: which published ranking to show, with who published it and when. */
function Picker({ list, selected }: { list: PublishedItem[]; selected: PublishedItem }) {
  const { t } = useI18n()
  const id = useId()
  const label = (p: PublishedItem) => `${p.period_label}${t(`rk.unit.${p.unit_type}`)}`
  const value = (p: PublishedItem) => `${p.unit_type}:${p.period_key}`
  return (
    <div className="filters">
      <div className="field">
        <label htmlFor={id}>{t('res.pickLabel')}</label>
        <select
          id={id}
          value={value(selected)}
          onChange={(e) => {
            const next = list.find((p) => value(p) === e.target.value)
            if (next) navigate('/results', resultsParams(next))
          }}
        >
          {list.map((p) => (
            <option key={value(p)} value={value(p)}>
              {label(p)}
            </option>
          ))}
        </select>
      </div>
      <p className="muted" data-testid="results-published">
        {t('res.published', {
          who: personName(selected.published_by, selected.people, t),
          when: formatTime(selected.published_at),
        })}
      </p>
    </div>
  )
}
