import { z } from 'zod'
import type { DataStatus } from '../data-status'
import { router, signedIn } from '../trpc'

/** Load freshness is not any department's data; departments do not see it. */
const STATUS_ROLES = ['leader', 'evaluator', 'analyst', 'admin'] as const
const Dataset = z.string().max(100)

/** The dataset filter must name a contract dataset (a ZodError: answered as invalid input). */
function checkDataset(data: DataStatus, dataset: string | undefined): void {
  if (dataset === undefined) return
  z.object({ dataset: z.enum(data.datasetNames as [string, ...string[]]) }).parse({ dataset })
}

export const dataRouter = router({
  status: signedIn(STATUS_ROLES).query(({ ctx }) => ctx.deps.data.status()),

  runs: signedIn(STATUS_ROLES)
    .input(z.object({ dataset: Dataset.optional(), limit: z.number().int().min(1).max(500).default(50) }))
    .query(({ ctx, input }) => {
      checkDataset(ctx.deps.data, input.dataset)
      return ctx.deps.data.runs({ ...(input.dataset ? { dataset: input.dataset } : {}), limit: input.limit })
    }),

  quarantine: signedIn(STATUS_ROLES)
    .input(
      z.object({
        runId: z.string().uuid().optional(),
        dataset: Dataset.optional(),
        limit: z.number().int().min(1).max(1000).default(100),
        offset: z.number().int().min(0).default(0),
      }),
    )
    .query(({ ctx, input }) => {
      checkDataset(ctx.deps.data, input.dataset)
      return ctx.deps.data.quarantine({
        ...(input.runId ? { runId: input.runId } : {}),
        ...(input.dataset ? { dataset: input.dataset } : {}),
        limit: input.limit,
        offset: input.offset,
      })
    }),
})
