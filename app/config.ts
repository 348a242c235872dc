import { ETL_SETTINGS, type EtlConfig } from '../etl/config'
import { META_SETTINGS, type MetaConfig } from '../meta/config'
import { PLANS_SETTINGS, QUERY_LIMITS_SETTINGS } from '../semantic-layer/engine/config'
import type { EngineLimits } from '../semantic-layer/engine/engine'
import { WAREHOUSE_SETTINGS, type WarehouseSettings } from '../warehouse/config'
import { type EnvSource, readSettings } from '../warehouse/env'
import { ALERTS_SETTINGS, type AlertsConfig } from '../web/server/alerts/config'
import { type BodyLimits, WEB_SETTINGS, type WebConfig } from '../web/server/config'

export { ConfigError } from '../warehouse/env'

/**
 * The application's configuration: each layer's settings (declared in that layer), read
 * and validated together once at start, so one error lists every problem.
 */
export type AppConfig = WarehouseSettings &
  Omit<WebConfig, 'limits'> & {
    etl: EtlConfig
    /** The application-state store (PostgreSQL: embedded, or DATABASE_URL). */
    meta: MetaConfig
    /** The engine's query limits and the web server's body limits. */
    limits: EngineLimits & BodyLimits
    /** The folders the plans are read from. */
    plans: { roots: string[] }
    /** Alert channels: SMTP, the sender, the public address for links, the schedule. */
    alerts: AlertsConfig
  }

export function loadConfig(source?: EnvSource): AppConfig {
  const { warehouse, meta, etl, queries, web, plans, alerts } = readSettings(
    {
      warehouse: WAREHOUSE_SETTINGS,
      meta: META_SETTINGS,
      etl: ETL_SETTINGS,
      queries: QUERY_LIMITS_SETTINGS,
      web: WEB_SETTINGS,
      plans: PLANS_SETTINGS,
      alerts: ALERTS_SETTINGS,
    },
    source,
  )
  return { ...warehouse, ...web, meta, etl, plans, limits: { ...queries, ...web.limits }, alerts }
}
