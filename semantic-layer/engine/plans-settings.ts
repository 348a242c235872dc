import { z } from 'zod'
import { planRoots } from '../../indicators/plan-files'
import { defineSettings, envVar } from '../../warehouse/env'

/** Where the plans are: `PLANS_DIR`, folders separated by `:` (default: the repository's plans/). */
export const PLANS_SETTINGS = defineSettings(
  z.object({ PLANS_DIR: envVar.optionalString() }),
  (env): { roots: string[] } => ({ roots: planRoots(env.PLANS_DIR) }),
)
