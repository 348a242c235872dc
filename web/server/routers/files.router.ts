import { router } from '../trpc'
import { appealsFiles } from './appeals.router'
import { auditFiles } from './audit.router'
import { dataFiles } from './data.router'
import { exploreFiles } from './explore.router'
import { rankingFiles } from './ranking.router'
import { reportsFiles } from './reports.router'
import { resultsFiles } from './results.router'
import { targetsFiles } from './targets.router'
import { tasksFiles } from './tasks.router'

/**
 * Procedures whose answer or input is a file. They carry the same access rules, guard and
 * error mapping as every other procedure, but are served as plain HTTP by
 * web/server/file-routes.ts (`GET /files/<path>?input=<JSON>` for queries, `POST /files/<path>`
 * with the file as the body for mutations) and are not part of the /trpc router, so no
 * file ever travels as base64 inside tRPC JSON.
 */
export const filesRouter = router({
  explore: exploreFiles,
  ranking: rankingFiles,
  appeals: appealsFiles,
  data: dataFiles,
  targets: targetsFiles,
  tasks: tasksFiles,
  results: resultsFiles,
  reports: reportsFiles,
  audit: auditFiles,
})

export type FilesRouter = typeof filesRouter
