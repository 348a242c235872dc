import { z } from 'zod'
import { defineSettings, type EnvSource, envVar, readSettings } from '../warehouse/env'

/** The ETL's settings: the demo district and the scheduled sources. */
export const EtlEnv = z.object({
  DEMO_DATA: envVar.preprocess(
    z.enum(['auto', 'off'], { error: "DEMO_DATA must be 'auto' or 'off'" }).default('auto'),
  ),
  DEMO_SCALE: envVar.preprocess(
    z.coerce.number({ error: 'DEMO_SCALE must be a number' }).positive('DEMO_SCALE must be > 0').default(1),
  ),
  SOURCES_FILE: envVar.optionalString(),
})

export interface EtlConfig {
  /** auto: generate and load the demo district when the warehouse is empty; off: never. */
  demoData: 'auto' | 'off'
  demoScale: number
  /** Scheduled sources (YAML), if any. */
  sourcesFile?: string
}

export const ETL_SETTINGS = defineSettings(
  EtlEnv,
  (env): EtlConfig => ({
    demoData: env.DEMO_DATA,
    demoScale: env.DEMO_SCALE,
    ...(env.SOURCES_FILE ? { sourcesFile: env.SOURCES_FILE } : {}),
  }),
)

/** The ETL's settings alone (its CLIs); the app reads them in app/config.ts. */
export function loadEtlConfig(source?: EnvSource): EtlConfig {
  return readSettings({ etl: ETL_SETTINGS }, source).etl
}
