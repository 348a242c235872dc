import { modelRules } from '../indicators/plan-files'
import { loadPlans } from '../indicators/plans'
import { createSemanticLayer } from '../semantic-layer/engine/engine'
import { openWarehouse } from '../warehouse/client'
import { migrate } from '../warehouse/migrate'
import { SessionStore } from '../web/server/auth/sessions.store'
import { LoginThrottle } from '../web/server/auth/throttle'
import type { AppDeps } from '../web/server/trpc'
import type { AppConfig } from './config'
import { etlDataStatus } from './data-status'
import { openMeta } from './stores'

/** The app's dependencies for one run outside the server: the same stores the configuration names. */
export async function withAppDeps<T>(config: AppConfig, fn: (deps: AppDeps) => Promise<T>): Promise<T> {
  const meta = await openMeta(config)
  const wh = openWarehouse(config.warehouse)
  const plans = loadPlans(config.plans.roots)
  const semantic = createSemanticLayer({
    warehouse: config.warehouse,
    limits: config.limits,
    planRules: modelRules(plans.plans),
  })
  try {
    await migrate(wh)
    return await fn({
      wh,
      meta: meta.db,
      semantic,
      sessions: new SessionStore(meta.db, config.sessionTtlHours * 3600_000),
      throttle: new LoginThrottle(meta.db),
      plans,
      config,
      data: etlDataStatus(wh),
      afterLoad: async () => {},
    })
  } finally {
    await semantic.close()
    await wh.close()
    await meta.close()
  }
}
