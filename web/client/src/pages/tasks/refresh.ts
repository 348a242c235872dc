import { useQueryClient } from '@tanstack/react-query'
import { useCallback } from 'react'
import { useTRPC } from '../../trpc'

/**
 * After a change to tasks: every tasks query fetches again — those on screen and those kept
 * for later (总览's panel, the list) — and one still under way from before the change is
 * dropped, so its older answer cannot land after the change and stay for a minute.
 */
export function useRefreshTasks(): () => Promise<void> {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  return useCallback(
    () => queryClient.invalidateQueries({ ...trpc.tasks.pathFilter(), refetchType: 'all' }),
    [queryClient, trpc],
  )
}
