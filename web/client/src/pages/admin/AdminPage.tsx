import { useState } from 'react'
import { NotFound } from '../../components/NotFound'
import { useI18n } from '../../i18n/i18n'
import { href, navigate, useRoute } from '../../lib/router'
import type { Me } from '../../lib/types'
import { ChannelsPanel } from '../alerts/ChannelsPanel'
import { DeliveriesPanel } from '../alerts/DeliveriesPanel'
import { DatasetSelect } from '../data/DatasetSelect'
import { QuarantineTable } from '../data/QuarantineTable'
import { RunsTable } from '../data/RunsTable'
import { CalendarWarning } from './CalendarWarning'
import { SourcesPanel } from './SourcesPanel'
import { UsersPanel } from './UsersPanel'
import '../data/data.css'

const TABS = ['users', 'sources', 'runs', 'quarantine', 'alerts'] as const
type Tab = (typeof TABS)[number]
const RUN_ID = /^[0-9a-f-]{36}$/

/** 系统管理 (admins): users, sources, load runs, quarantine and the alert channels with the delivery log, one tab each (`#/admin/<tab>`). */
export function AdminPage({ me, tab }: { me: Me; tab: string | undefined }) {
  const { t } = useI18n()
  const route = useRoute()
  const [dataset, setDataset] = useState('')
  const current = (tab ?? 'users') as Tab
  if (!TABS.includes(current)) return <NotFound />
  const run = route.params.get('run') ?? ''
  const runId = RUN_ID.test(run) ? run : undefined
  return (
    <div className="stack ds-page">
      <h1>{t('adm.title')}</h1>
      <CalendarWarning />
      <nav className="tabs" aria-label={t('adm.tabs')}>
        {TABS.map((k) => (
          <a key={k} href={href(`/admin/${k}`)} aria-current={k === current ? 'page' : undefined}>
            {t(`adm.tab.${k}`)}
          </a>
        ))}
      </nav>
      {current === 'users' ? <UsersPanel me={me} /> : null}
      {current === 'sources' ? <SourcesPanel /> : null}
      {current === 'runs' ? (
        <>
          <DatasetSelect value={dataset} onChange={setDataset} />
          <RunsTable
            dataset={dataset}
            onShowQuarantine={(id) => navigate('/admin/quarantine', { run: id })}
          />
        </>
      ) : null}
      {current === 'alerts' ? (
        <>
          <ChannelsPanel />
          <DeliveriesPanel />
        </>
      ) : null}
      {current === 'quarantine' ? (
        <>
          <DatasetSelect value={dataset} onChange={setDataset} />
          <QuarantineTable dataset={dataset} runId={runId} onClearRun={() => navigate('/admin/quarantine')} />
        </>
      ) : null}
    </div>
  )
}
