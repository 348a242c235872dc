import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useCallback } from 'react'
import { useTRPC } from '../trpc'
import { clampToPlan, currentPlan, type PlanChoice, planOfYear, thisYear, yearFromUrl } from './plans'

const STALE_MS = 5 * 60_000

/** The plans side by side, the current one marked (reference.plans). */
export function usePlans() {
  const trpc = useTRPC()
  return useQuery(trpc.reference.plans.queryOptions(undefined, { staleTime: STALE_MS }))
}

/** Where a page stands: the plans, the selected plan and the year, or why not yet. */
export type PlanYear =
  | { ready: false; isPending: boolean; error: unknown; retry: () => void }
  | { ready: true; plans: readonly PlanChoice[]; plan: PlanChoice; year: number }

/**
 * The plan and year the URL selects: the URL's year when it falls in a plan (and that plan);
 * otherwise — no year, or one outside every plan — the current plan and its default year
 * (the latest with data, scorecard.period).
 */
export function usePlanYear(params: URLSearchParams): PlanYear {
  const trpc = useTRPC()
  const plans = usePlans()
  const urlYear = plans.data ? yearFromUrl(params, plans.data) : null
  const plan = plans.data
    ? urlYear !== null
      ? planOfYear(plans.data, urlYear)
      : currentPlan(plans.data)
    : undefined
  const needDefault = plan !== undefined && urlYear === null
  const period = useQuery(
    trpc.scorecard.period.queryOptions({ plan: plan?.id }, { staleTime: STALE_MS, enabled: needDefault }),
  )
  const year = urlYear ?? period.data?.latest_year
  if (plans.data && plan && year !== undefined) return { ready: true, plans: plans.data, plan, year }
  const error = plans.error ?? (needDefault ? period.error : null)
  return {
    ready: false,
    isPending: !error,
    error,
    retry: () => {
      void plans.refetch()
      if (needDefault) void period.refetch()
    },
  }
}

/**
 * The year a page moves to when the plan is switched: the plan's default year
 * (scorecard.period); should that fail, the plan year today falls in.
 */
export function usePlanDefaultYear(): (plan: PlanChoice) => Promise<number> {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  return useCallback(
    async (plan) => {
      try {
        const period = await queryClient.fetchQuery(
          trpc.scorecard.period.queryOptions({ plan: plan.id }, { staleTime: STALE_MS }),
        )
        return period.latest_year
      } catch {
        return clampToPlan(plan, thisYear())
      }
    },
    [queryClient, trpc],
  )
}
