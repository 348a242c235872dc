import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef } from 'react'
import { useI18n } from '../i18n/i18n'
import type { DictKey } from '../i18n/zh'

/** What the banner reads from /healthz (web/server/http.ts, warehouse/health.ts). */
export interface Health {
  data?: { state: string; message: string }
  warehouse?: { state?: 'ok' | 'busy' | 'unreachable' | 'failed' | 'unmigrated' }
}

/** Poll fast while something is not right, slowly otherwise (to notice a later outage). */
const POLL_TROUBLE_MS = 3000
const POLL_FINE_MS = 60_000

/**
 * The one line the page shows about the data's state, from /healthz, or null when all is
 * well. The server's own messages are not shown: they name addresses and files.
 */
export function bannerFor(health: Health | undefined): { key: DictKey; warn: boolean } | null {
  if (!health) return null
  const data = health.data?.state
  const warehouse = health.warehouse?.state
  if (data === 'waiting_warehouse' || warehouse === 'unreachable')
    return { key: 'banner.unreachable', warn: true }
  if (data === 'failed') return { key: 'banner.loadFailed', warn: true }
  if (data && data !== 'ready') return { key: 'banner.loading', warn: false }
  if (warehouse === 'busy') return { key: 'banner.busy', warn: false }
  if (warehouse === 'failed' || warehouse === 'unmigrated') return { key: 'banner.unavailable', warn: true }
  return null
}

/**
 * While the server loads demo data in the background, waits for an unreachable ClickHouse,
 * or the warehouse is busy, say so (polls /healthz); once all is well again, refetch
 * whatever was shown empty in the meantime.
 */
export function DataStateBanner() {
  const { t } = useI18n()
  const queryClient = useQueryClient()
  const health = useQuery({
    queryKey: ['healthz'],
    queryFn: async (): Promise<Health> => (await fetch('/healthz')).json(),
    refetchInterval: (q) => (bannerFor(q.state.data) ? POLL_TROUBLE_MS : POLL_FINE_MS),
    staleTime: Number.POSITIVE_INFINITY,
  })
  const banner = bannerFor(health.data)
  const bannerKey = banner?.key
  const troubled = useRef(false)
  useEffect(() => {
    if (!health.data) return
    if (bannerKey) troubled.current = true
    else if (troubled.current) {
      troubled.current = false
      void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'healthz' })
    }
  }, [health.data, bannerKey, queryClient])
  if (!banner) return null
  return (
    <div className={`banner ${banner.warn ? 'banner-warn' : 'banner-info'}`} role="status">
      {t(banner.key)}
    </div>
  )
}
