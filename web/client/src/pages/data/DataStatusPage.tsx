import { useQuery } from '@tanstack/react-query'
import { useId, useState } from 'react'
import { useI18n } from '../../i18n/i18n'
import { useTRPC } from '../../trpc'
import { FreshnessTable } from './FreshnessTable'
import { QuarantineTable } from './QuarantineTable'
import { RunsTable } from './RunsTable'

/** 数据状态: freshness per dataset, load runs, and quarantined rows. */
export function DataStatusPage() {
  const { t } = useI18n()
  const trpc = useTRPC()
  const id = useId()
  const status = useQuery(trpc.data.status.queryOptions())
  const [dataset, setDataset] = useState('')
  return (
    <div className="stack">
      <h1>{t('ds.title')}</h1>
      <FreshnessTable
        rows={status.data ?? []}
        isPending={status.isPending}
        error={status.error}
        onRetry={() => status.refetch()}
      />
      <form className="filters" aria-label={t('filter.label')} onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor={`${id}-ds`}>{t('ds.dataset')}</label>
          <select id={`${id}-ds`} value={dataset} onChange={(e) => setDataset(e.target.value)}>
            <option value="">{t('ds.allDatasets')}</option>
            {(status.data ?? []).map((d) => (
              <option key={d.dataset} value={d.dataset}>
                {d.label}（{d.dataset}）
              </option>
            ))}
          </select>
        </div>
      </form>
      <RunsTable dataset={dataset} />
      <QuarantineTable dataset={dataset} />
    </div>
  )
}
