import { AppError } from '../../../errors/app-error'
import { checkEvidence } from '../../../files/evidence'
import type { PublicUser } from '../auth/users.store'
import { audit } from '../auth/users.store'
import type { BoardDeps } from './tasks.service'
import { dropStaleEvidence, evidenceFile, insertEvidence, unattachedEvidence } from './tasks.store'

/**
 * Evidence files for check-ins: uploaded by a department account (checked by files/evidence.ts:
 * type sniffed from the bytes, size and zip limits), kept in the metadata store with their
 * SHA-256 until the check-in citing them is filed, and served only as attachments.
 */

/** Unfiled uploads a person may hold at once (an abandoned form's files expire after a day). */
export const UNATTACHED_MAX = 10
const STALE_MS = 24 * 3600 * 1000

export async function uploadEvidence(
  deps: BoardDeps,
  user: PublicUser,
  body: Buffer,
  givenName: string,
  now = new Date(),
) {
  if (user.role !== 'department' || !user.dept_code) {
    throw new AppError('FORBIDDEN', '只有部门账号可以上传证明材料 (only department accounts upload evidence)')
  }
  const checked = checkEvidence(body, givenName)
  await dropStaleEvidence(deps.meta, user.username, new Date(now.getTime() - STALE_MS))
  const held = await unattachedEvidence(deps.meta, user.username)
  if (held.length >= UNATTACHED_MAX) {
    throw new AppError(
      'TOO_MANY_REQUESTS',
      `未提交的证明材料已达${UNATTACHED_MAX}个，请先提交填报 (at most ${UNATTACHED_MAX} unfiled uploads)`,
    )
  }
  const meta = {
    dept_code: user.dept_code,
    uploaded_by: user.username,
    file_name: checked.fileName,
    content_type: checked.contentType,
    bytes: checked.bytes,
    sha256: checked.sha256,
  }
  const id = await deps.meta.transaction().execute(async (trx) => {
    const id = await insertEvidence(trx, { ...meta, body })
    await audit(trx, user.username, 'task_evidence_uploaded', String(id), JSON.stringify({ ...meta, id }), {
      after: { file_name: meta.file_name },
    })
    return id
  })
  return {
    id,
    file_name: meta.file_name,
    content_type: meta.content_type,
    bytes: meta.bytes,
    sha256: meta.sha256,
  }
}

/**
 * An evidence file for download. A department gets only its own department's files; other
 * roles any file filed with a check-in; an unfiled upload only its uploader.
 */
export async function evidenceForDownload(deps: BoardDeps, user: PublicUser, id: number) {
  const file = await evidenceFile(deps.meta, id)
  const visible =
    file !== undefined &&
    (file.checkin_id === null
      ? file.uploaded_by === user.username
      : user.role !== 'department' || file.dept_code === user.dept_code)
  if (!visible) throw new AppError('NOT_FOUND', '没有这个证明材料 (no such evidence file)')
  return file
}
