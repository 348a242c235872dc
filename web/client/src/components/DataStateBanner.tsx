import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef } from 'react'
import { useI18n } from '../i18n/i18n'

interface Health {
  data?: { state: string; message: string }
}

/**
 * While the server loads demo data in the background, or waits for an unreachable
 * ClickHouse, say so (polls /healthz until ready),
 * then refetch whatever was shown empty in the meantime.
 */
export function DataStateBanner() {
  const { t } = useI18n()
  const queryClient = useQueryClient()
  const health = useQuery({
    queryKey: ['healthz'],
    queryFn: async (): Promise<Health> => (await fetch('/healthz')).json(),
    refetchInterval: (q) => (q.state.data?.data && q.state.data.data.state !== 'ready' ? 3000 : false),
    staleTime: Number.POSITIVE_INFINITY,
  })
  const data = health.data?.data
  const wasLoading = useRef(false)
  useEffect(() => {
    if (!data) return
    if (data.state !== 'ready') wasLoading.current = true
    else if (wasLoading.current) {
      wasLoading.current = false
      void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'healthz' })
    }
  }, [data, queryClient])
  if (!data || data.state === 'ready') return null
  // Server mode: ClickHouse is out of reach and the server keeps retrying.
  const waiting = data.state === 'waiting_warehouse'
  return (
    <div className={`banner ${waiting ? 'banner-warn' : 'banner-info'}`} role="status">
      {t(waiting ? 'data.warehouseBanner' : 'data.loadingBanner', { message: data.message })}
    </div>
  )
}
