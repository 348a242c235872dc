import cron from 'node-cron'
import type { Leases } from '../meta/leases'
import { log } from '../warehouse/log'
import { runAlerts } from '../web/server/alerts/run'
import type { AppDeps } from '../web/server/trpc'

const LEASE = 'alerts-run'
const LEASE_TTL_MS = 5 * 60_000

/**
 * The alert run on its schedule (Asia/Shanghai), on one app instance at a time (a lease in
 * the shared store; the delivery keys keep overlapping runs from sending twice anyway).
 */
export function scheduleAlerts(deps: AppDeps, leases: Leases): { stop: () => void } {
  const task = cron.schedule(
    deps.config.alerts.schedule,
    async () => {
      try {
        const result = await leases.runExclusive(LEASE, LEASE_TTL_MS, () => runAlerts(deps))
        if (!result.ran) return
        const s = result.value
        if (s.sent.length || s.failed.length || s.errors.length)
          log.info('alerts run', {
            sent: s.sent.length,
            skipped: s.skipped,
            failed: s.failed.length,
            errors: s.errors.length,
          })
      } catch (err) {
        log.error('alerts run failed', { error: String((err as Error).message).slice(0, 1000) })
      }
    },
    { noOverlap: true, timezone: 'Asia/Shanghai', name: 'alerts' },
  )
  return { stop: () => void task.stop() }
}
