import { z } from 'zod'
import { DATASET_NAMES } from '../../../etl/contract/datasets'
import { listQuarantine, listRuns } from '../../../etl/load/runs'
import { datasetStatus } from '../../../etl/load/status'
import { procedure, router } from '../trpc'

/** Load freshness is not any department's data; departments do not see it. */
const STATUS_ROLES = ['leader', 'evaluator', 'analyst', 'admin'] as const
const Dataset = z.enum(DATASET_NAMES as [string, ...string[]])

export const dataRouter = router({
  status: procedure.meta({ access: STATUS_ROLES }).query(({ ctx }) => datasetStatus(ctx.deps.wh)),

  runs: procedure
    .meta({ access: STATUS_ROLES })
    .input(z.object({ dataset: Dataset.optional(), limit: z.number().int().min(1).max(500).default(50) }))
    .query(({ ctx, input }) =>
      listRuns(ctx.deps.wh, { ...(input.dataset ? { dataset: input.dataset } : {}), limit: input.limit }),
    ),

  quarantine: procedure
    .meta({ access: STATUS_ROLES })
    .input(
      z.object({
        runId: z.string().uuid().optional(),
        dataset: Dataset.optional(),
        limit: z.number().int().min(1).max(1000).default(100),
        offset: z.number().int().min(0).default(0),
      }),
    )
    .query(({ ctx, input }) =>
      listQuarantine(ctx.deps.wh, {
        ...(input.runId ? { runId: input.runId } : {}),
        ...(input.dataset ? { dataset: input.dataset } : {}),
        limit: input.limit,
        offset: input.offset,
      }),
    ),
})
