import type { inferRouterOutputs } from '@trpc/server'
import type { FilesRouter } from '../../../../server/routers/files.router'
import { fileUrl } from '../../lib/download'
import { postFile } from '../../lib/upload'

export type UploadedEvidence = inferRouterOutputs<FilesRouter>['tasks']['uploadEvidence']

/** Evidence files one check-in may cite (the server's limit too). */
export const EVIDENCE_MAX = 5

/** The types the server accepts (it checks the content, not the name). */
export const EVIDENCE_ACCEPT =
  '.pdf,.png,.jpg,.jpeg,.webp,.xlsx,application/pdf,image/png,image/jpeg,image/webp'

/** `POST /files/tasks.uploadEvidence`: checked and kept by the server until the check-in cites it. */
export function uploadEvidence(file: File): Promise<UploadedEvidence> {
  return postFile<UploadedEvidence>('tasks.uploadEvidence', file)
}

/** The address an evidence file downloads from (always an attachment). */
export function evidenceUrl(id: number): string {
  return fileUrl('tasks', 'evidence', { id })
}
