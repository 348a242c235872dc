import { useQueryClient } from '@tanstack/react-query'
import { useCallback } from 'react'
import { useTRPC } from '../../trpc'

/** After a change: every alerts query (the bell's count too) asks the server again. */
export function useRefreshAlerts(): () => Promise<void> {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  return useCallback(
    () => queryClient.invalidateQueries({ ...trpc.alerts.pathFilter(), refetchType: 'all' }),
    [queryClient, trpc],
  )
}
