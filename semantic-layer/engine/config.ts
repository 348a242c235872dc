import { z } from 'zod'
import { defineSettings, envVar } from '../../warehouse/env'
import type { EngineLimits } from './engine'

const MB = 1024 * 1024

/** The engine's settings: what one query and one user may take (no user starves the others). */
export const QueryLimitsEnv = z.object({
  QUERIES_PER_USER: envVar.positiveNumber('QUERIES_PER_USER', 2, true),
  EXPLORE_TIMEOUT_SECONDS: envVar.positiveNumber('EXPLORE_TIMEOUT_SECONDS', 30),
  QUERY_TIMEOUT_SECONDS: envVar.positiveNumber('QUERY_TIMEOUT_SECONDS', 60),
  RESULT_MAX_MB: envVar.positiveNumber('RESULT_MAX_MB', 64),
  RESULT_CACHE_MB: envVar.positiveNumber('RESULT_CACHE_MB', 64),
})

export const QUERY_LIMITS_SETTINGS = defineSettings(
  QueryLimitsEnv,
  (env): EngineLimits => ({
    queriesPerUser: env.QUERIES_PER_USER,
    exploreTimeoutMs: Math.round(env.EXPLORE_TIMEOUT_SECONDS * 1000),
    queryTimeoutMs: Math.round(env.QUERY_TIMEOUT_SECONDS * 1000),
    resultMaxBytes: Math.round(env.RESULT_MAX_MB * MB),
    resultCacheBytes: Math.round(env.RESULT_CACHE_MB * MB),
  }),
)

export { PLANS_SETTINGS } from './plans-settings'
