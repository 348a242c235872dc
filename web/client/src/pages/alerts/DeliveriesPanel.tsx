import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { Panel } from '../../components/Panel'
import { useI18n } from '../../i18n/i18n'
import type { Channel, DeliveryStatus, Origin } from '../../lib/alerts'
import { errorMessage } from '../../lib/errors'
import { useTRPC } from '../../trpc'
import { Pager } from '../data/Pager'
import { DeliveriesTable } from './DeliveriesTable'
import { DeliveryFilters, type LogFilter } from './DeliveryFilters'
import { useRefreshAlerts } from './refresh'

const PAGE = 20

/** 发送记录 (admins): the delivery log, newest first, filtered and paged on the server. */
export function DeliveriesPanel() {
  const { t } = useI18n()
  const trpc = useTRPC()
  const refresh = useRefreshAlerts()
  const [filter, setFilter] = useState<LogFilter>({})
  // A new filter starts at its first page.
  const [at, setAt] = useState({ filter, offset: 0 })
  const offset = at.filter === filter ? at.offset : 0
  const log = useQuery(
    trpc.alerts.deliveries.queryOptions(
      {
        ...(filter.status ? { status: filter.status as DeliveryStatus } : {}),
        ...(filter.channel ? { channel: filter.channel as Channel } : {}),
        ...(filter.origin ? { origin: filter.origin as Origin } : {}),
        ...(filter.recipient ? { recipient: filter.recipient } : {}),
        limit: PAGE,
        offset,
      },
      { placeholderData: keepPreviousData },
    ),
  )
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null)
  const resend = useMutation(
    trpc.alerts.resend.mutationOptions({
      onMutate: () => setNotice(null),
      onSuccess: () => setNotice({ ok: true, text: t('al.log.resent') }),
      onError: (err) => setNotice({ ok: false, text: errorMessage(err) }),
      onSettled: () => refresh(),
    }),
  )
  const rows = log.data?.rows ?? []
  return (
    <Panel
      title={t('al.log.title')}
      isPending={log.isPending}
      error={log.error}
      onRetry={() => log.refetch()}
      testId="deliveries"
    >
      <div className="stack al-log" aria-busy={log.isFetching}>
        <DeliveryFilters
          filter={filter}
          onChange={(f) => {
            setNotice(null)
            setFilter(f)
          }}
        />
        {notice ? (
          <p className={notice.ok ? 'banner banner-info' : 'form-error'} role="status">
            {notice.text}
          </p>
        ) : null}
        {rows.length === 0 ? (
          <p className="state state-empty" role="status">
            {t('empty')}
          </p>
        ) : (
          <DeliveriesTable
            rows={rows}
            busyId={resend.isPending ? (resend.variables?.id ?? null) : null}
            onResend={(id) => resend.mutate({ id })}
          />
        )}
        <Pager
          offset={offset}
          limit={PAGE}
          total={log.data?.total ?? 0}
          onChange={(o) => setAt({ filter, offset: o })}
          testId="deliveries-pager"
        />
      </div>
    </Panel>
  )
}
