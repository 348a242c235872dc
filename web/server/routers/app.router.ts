import { router } from '../trpc'
import { adminRouter } from './admin.router'
import { alertsRouter } from './alerts.router'
import { appealsRouter } from './appeals.router'
import { auditRouter } from './audit.router'
import { authRouter } from './auth.router'
import { dataRouter } from './data.router'
import { exploreRouter } from './explore.router'
import { notesRouter } from './notes.router'
import { rankingRouter } from './ranking.router'
import { referenceRouter } from './reference.router'
import { reportsRouter } from './reports.router'
import { resultsRouter } from './results.router'
import { scorecardRouter } from './scorecard.router'
import { targetsRouter } from './targets.router'
import { tasksRouter } from './tasks.router'

export const appRouter = router({
  auth: authRouter,
  scorecard: scorecardRouter,
  explore: exploreRouter,
  data: dataRouter,
  reference: referenceRouter,
  admin: adminRouter,
  ranking: rankingRouter,
  appeals: appealsRouter,
  results: resultsRouter,
  reports: reportsRouter,
  targets: targetsRouter,
  tasks: tasksRouter,
  alerts: alertsRouter,
  audit: auditRouter,
  notes: notesRouter,
})

export type AppRouter = typeof appRouter
