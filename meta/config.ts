import { z } from 'zod'
import { defineSettings, envVar } from '../warehouse/env'

/**
 * The metadata store's settings: a PostgreSQL server when DATABASE_URL is set, otherwise
 * the embedded database in DATA_DIR/meta (the warehouse's setting, passed in by the app).
 */
export const MetaEnv = z.object({
  DATABASE_URL: envVar.preprocess(
    z
      .url({
        protocol: /^postgres(ql)?$/,
        error:
          'DATABASE_URL must be a postgres:// URL, e.g. postgres://scorecard:secret@localhost:5432/scorecard',
      })
      .optional(),
  ),
  DATABASE_POOL_SIZE: envVar.positiveNumber('DATABASE_POOL_SIZE', 10, true),
})

export interface MetaConfig {
  /** Unset: the embedded database (PGlite) in DATA_DIR/meta. */
  databaseUrl?: string
  maxConnections: number
}

export const META_SETTINGS = defineSettings(
  MetaEnv,
  (env): MetaConfig => ({
    ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
    maxConnections: env.DATABASE_POOL_SIZE,
  }),
)
