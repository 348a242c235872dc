import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useI18n } from '../../i18n/i18n'
import { useTRPC } from '../../trpc'
import { DatasetSelect } from './DatasetSelect'
import { FreshnessTable } from './FreshnessTable'
import { QuarantineTable } from './QuarantineTable'
import { RunsTable } from './RunsTable'
import './data.css'

/** 数据状态: freshness per dataset, load runs, and quarantined rows (both paged). */
export function DataStatusPage() {
  const { t } = useI18n()
  const trpc = useTRPC()
  const status = useQuery(trpc.data.status.queryOptions())
  const [dataset, setDataset] = useState('')
  const [runId, setRunId] = useState<string | undefined>()
  return (
    <div className="stack ds-page">
      <h1>{t('ds.title')}</h1>
      <FreshnessTable
        rows={status.data ?? []}
        isPending={status.isPending}
        error={status.error}
        onRetry={() => status.refetch()}
      />
      <DatasetSelect
        value={dataset}
        onChange={(d) => {
          setDataset(d)
          setRunId(undefined)
        }}
      />
      <RunsTable dataset={dataset} onShowQuarantine={setRunId} />
      <QuarantineTable dataset={dataset} runId={runId} onClearRun={() => setRunId(undefined)} />
    </div>
  )
}
