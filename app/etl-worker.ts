import { recoverInterruptedRuns } from '../etl/load/recover'
import type { Leases } from '../meta/leases'
import type { Warehouse } from '../warehouse/client'
import { log } from '../warehouse/log'

/** The lease every load of the app runs under (see etlWorker). */
export const ETL_LEASE = 'etl'
/** Renewed every third of this while a load runs; a crashed holder's lease lapses after it. */
const ETL_LEASE_MS = 60_000

/** Runs `work` as this app's ETL worker, or resolves false when another instance is it right now. */
export type EtlExclusive = (work: () => Promise<void>) => Promise<boolean>

/**
 * One ETL worker at a time across every app instance sharing the warehouse and metadata
 * store: start-up recovery, the demo load and every scheduled source run under one lease.
 * Holding it means no load of any instance is in progress, so loads a crashed instance
 * left half-done are recovered first, each time it is taken. Within this process the
 * work queues (two sources due at one tick run one after the other, not "elsewhere").
 */
export function etlWorker(leases: Leases, wh: Warehouse): EtlExclusive {
  let queue: Promise<unknown> = Promise.resolve()
  return (work) => {
    const turn = queue.then(() =>
      leases.runExclusive(ETL_LEASE, ETL_LEASE_MS, async () => {
        const recovered = await recoverInterruptedRuns(wh)
        if (recovered) log.warn(`recovered ${recovered} interrupted load run(s)`)
        await work()
      }),
    )
    queue = turn.catch(() => {})
    return turn.then((r) => r.ran)
  }
}
