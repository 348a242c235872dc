import { useQuery } from '@tanstack/react-query'
import { useTRPC } from '../../trpc'

/** The years with data and the latest of them (the default year), from the server. */
export function usePeriod() {
  const trpc = useTRPC()
  return useQuery(trpc.scorecard.period.queryOptions(undefined, { staleTime: 5 * 60_000 }))
}

/** The year choices: the years with data, plus the year in the URL if it has none. */
export function yearChoices(years: readonly number[], selected: number): number[] {
  return [...new Set([...years, selected])].sort((a, b) => a - b)
}
