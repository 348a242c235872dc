import type { inferRouterOutputs } from '@trpc/server'
import type { FilesRouter } from '../../../../server/routers/files.router'
import { postFile } from '../../lib/upload'

export type UploadResult = inferRouterOutputs<FilesRouter>['ranking']['uploadTargets']

/**
 * `POST /files/ranking.uploadTargets` with the file itself as the body (never base64 in
 * JSON). A refusal (size, type, access) rejects with the server's message.
 */
export const uploadTargets = (file: File): Promise<UploadResult> =>
  postFile<UploadResult>('ranking.uploadTargets', file)
