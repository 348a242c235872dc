import { AppError } from '../../../errors/app-error'
import { checkEvidence } from '../../../files/evidence'
import { applyAdjustments, validateAdjustment } from '../../../indicators/scoring/adjustments'
import type { UnitScore } from '../../../indicators/scoring/score.types'
import type { UnitType } from '../../../meta/schema'
import type { MetaDatabase } from '../../../meta/store'
import { APPEAL_REASON_MAX, DECISION_REASON_MAX } from '../../shared/appeals'
import type { PublicUser } from '../auth/users.store'
import { audit } from '../auth/users.store'
import type { AppDeps } from '../trpc'
import {
  type Appeal,
  type AppealEvidence,
  appealCount,
  appealEvidenceFile,
  attachAppealEvidence,
  deleteDraft,
  dropStaleAppealEvidence,
  endWindow,
  evidenceCount,
  evidenceOfAppeals,
  getAppeal,
  insertAppeal,
  insertAppealEvidence,
  latestWindow,
  listAppeals,
  markDecided,
  markFiled,
  openWindow,
  type PublicityWindow,
  requestPublication,
  unattachedAppealEvidence,
  undecidedCount,
  updateDraft,
  windowById,
} from './appeals.store'
import type { Period } from './period'
import { indicatorNames, readPayload } from './ranking.service'
import { addAdjustment, addPublication, getFrozen, lockRanking, setFrozen } from './ranking.store'

/**
 * The evaluation loop (issue 19), one state machine over the metadata store:
 *   ranking frozen with a publicity window (公示) → departments see their own report card and
 *   may appeal one of its lines until the window closes (申诉: draft → filed) → evaluators
 *   decide each filed appeal (复核: accepted with an adjustment that cites it, or rejected,
 *   both with a reason) → after the window, with every appeal decided, one person asks to
 *   publish and another approves (发布).
 * Every transition is one transaction under the ranking's advisory lock, with its audit entry.
 */

/** Unattached uploads a person may hold at once (an abandoned form's files expire after a day). */
export const APPEAL_UPLOADS_MAX = 10
/** Appeals one department may hold in one publicity window (drafts included). */
export const APPEALS_PER_WINDOW_MAX = 50
/** Evidence files one appeal may cite. */
export const EVIDENCE_PER_APPEAL_MAX = 10
const STALE_MS = 24 * 3600 * 1000

export interface AppealView extends Appeal {
  evidence: AppealEvidence[]
}

/** What a department sees during (and after) the publicity period. */
export interface PublicityView {
  window: PublicityWindow | null
  /** the window is open and not yet closed: appeals may be drafted and filed */
  accepting: boolean
  /** the unit's line of the frozen ranking (null: not in it) */
  unit: UnitScore | null
  unit_count: number
  /** indicator id → Chinese name */
  indicator_names: Record<string, string>
  appeals: AppealView[]
}

const target = (unitType: UnitType, period: Period, unitCode?: string) =>
  `${unitType}:${period.key}${unitCode ? `:${unitCode}` : ''}`

function ownDept(user: PublicUser): string {
  if (user.role !== 'department' || !user.dept_code) {
    throw new AppError(
      'FORBIDDEN',
      '只有部门账号可以申诉本部门的考核结果 (only a department appeals its own result)',
    )
  }
  return user.dept_code
}

function assertAccepting(window: PublicityWindow | undefined, now: Date): PublicityWindow {
  if (!window) throw new AppError('CONFLICT', '该期排名不在公示期内 (the ranking is not in publicity)')
  if (now.getTime() >= Date.parse(window.closes_at)) {
    throw new AppError('CONFLICT', '公示期已结束，不能再提交或修改申诉 (the publicity period has ended)')
  }
  return window
}

async function frozenUnit(db: MetaDatabase, period: Period, unitType: UnitType, unitCode: string) {
  const frozen = await getFrozen(db, period.key, unitType)
  if (!frozen || frozen.status === 'unfrozen')
    return { frozen: undefined, result: undefined, unit: undefined }
  const result = readPayload(frozen.payload)
  return { frozen, result, unit: result.units.find((u) => u.unit_code === unitCode) }
}

async function withEvidence(db: MetaDatabase, appeals: Appeal[]): Promise<AppealView[]> {
  const files = await evidenceOfAppeals(
    db,
    appeals.map((a) => a.id),
  )
  return appeals.map((a) => ({ ...a, evidence: files.filter((f) => f.appeal_id === a.id) }))
}

/** A department's report card in publicity, with its own appeals (never another unit's). */
export async function publicityView(
  deps: AppDeps,
  user: PublicUser,
  period: Period,
  now = new Date(),
): Promise<PublicityView> {
  const dept = ownDept(user)
  const window = (await openWindow(deps.meta, period.key, 'department')) ?? null
  const last = window ?? (await latestWindow(deps.meta, period.key, 'department')) ?? null
  const { result, unit } = await frozenUnit(deps.meta, period, 'department', dept)
  return {
    window: last,
    accepting: window !== null && now.getTime() < Date.parse(window.closes_at),
    unit: window && unit ? unit : null,
    unit_count: window && result ? result.units.filter((u) => u.rank !== null).length : 0,
    indicator_names: await indicatorNames(deps, period.year),
    appeals: last ? await withEvidence(deps.meta, await listAppeals(deps.meta, last.id, dept)) : [],
  }
}

/**
 * The subject must be a line of the unit's frozen report card. Returns it in words for the
 * audit log (an indicator's name, an adjustment's reason), never its code.
 */
function checkSubject(
  unit: UnitScore | undefined,
  kind: 'indicator' | 'adjustment',
  ref: string,
  names: Record<string, string>,
): string {
  if (!unit) throw new AppError('NOT_FOUND', '该期排名中没有本部门 (your department is not in this ranking)')
  const label =
    kind === 'indicator'
      ? unit.indicators.some((i) => i.indicator_id === ref)
        ? (names[ref] ?? ref)
        : undefined
      : unit.adjustments.find((a) => a.at === ref)?.reason
  if (label === undefined)
    throw new AppError('BAD_REQUEST', '申诉对象不在本部门的考核成绩单中 (not a line of your report card)')
  return label
}

function cleanReason(reason: string, max: number, what: string): string {
  const r = reason.trim()
  if (r === '' || r.length > max)
    throw new AppError('BAD_REQUEST', `${what}（${max}字以内） (a reason is required)`)
  return r
}

/** Creates or updates a draft appeal, attaching the given uploads. Returns the appeal's id. */
export async function saveDraft(
  deps: AppDeps,
  user: PublicUser,
  input: {
    period: Period
    appealId?: number
    subjectKind: 'indicator' | 'adjustment'
    subjectRef: string
    reason: string
    evidenceIds: number[]
  },
  now = new Date(),
): Promise<number> {
  const dept = ownDept(user)
  const reason = cleanReason(input.reason, APPEAL_REASON_MAX, '申诉必须填写理由')
  const names = await indicatorNames(deps, input.period.year)
  return deps.meta.transaction().execute(async (trx) => {
    await lockRanking(trx, input.period.key, 'department')
    const window = assertAccepting(await openWindow(trx, input.period.key, 'department'), now)
    const { unit } = await frozenUnit(trx, input.period, 'department', dept)
    const subject = checkSubject(unit, input.subjectKind, input.subjectRef, names)
    const patch = { subject_kind: input.subjectKind, subject_ref: input.subjectRef, reason }
    let id: number
    if (input.appealId === undefined) {
      if ((await appealCount(trx, window.id, dept)) >= APPEALS_PER_WINDOW_MAX) {
        throw new AppError(
          'TOO_MANY_REQUESTS',
          `本期公示中本部门最多提出${APPEALS_PER_WINDOW_MAX}条申诉 (at most ${APPEALS_PER_WINDOW_MAX} appeals per window)`,
        )
      }
      id = await insertAppeal(trx, {
        window_id: window.id,
        unit_code: dept,
        created_by: user.username,
        ...patch,
      })
    } else {
      const a = await getAppeal(trx, input.appealId, true)
      if (!a || a.unit_code !== dept || a.window_id !== window.id) {
        throw new AppError('NOT_FOUND', '没有这条申诉 (no such appeal)')
      }
      if (a.status !== 'draft') throw new AppError('CONFLICT', '申诉已提交，不能再修改 (already filed)')
      id = a.id
      await updateDraft(trx, id, patch)
    }
    if ((await evidenceCount(trx, id)) + input.evidenceIds.length > EVIDENCE_PER_APPEAL_MAX) {
      throw new AppError(
        'BAD_REQUEST',
        `一条申诉最多附${EVIDENCE_PER_APPEAL_MAX}个证明材料 (at most ${EVIDENCE_PER_APPEAL_MAX} files per appeal)`,
      )
    }
    const attached = await attachAppealEvidence(trx, input.evidenceIds, id, user.username)
    if (attached !== input.evidenceIds.length) {
      throw new AppError(
        'BAD_REQUEST',
        '证明材料不存在或已被使用，请重新上传 (evidence not found; upload it again)',
      )
    }
    await audit(
      trx,
      user.username,
      input.appealId === undefined ? 'appeal_drafted' : 'appeal_edited',
      `appeal:${id}`,
      reason,
      {
        after: { ...patch, subject_ref: subject, evidence: input.evidenceIds.length },
      },
    )
    return id
  })
}

/**
 * A department's own draft in the open window, for the one transaction `fn` runs in (under the
 * ranking's lock and the appeal's row lock). Anything else is a 404 or a 409.
 */
async function withOwnDraft(
  deps: AppDeps,
  user: PublicUser,
  period: Period,
  id: number,
  now: Date,
  fn: (trx: MetaDatabase, appeal: Appeal) => Promise<void>,
): Promise<void> {
  const dept = ownDept(user)
  await deps.meta.transaction().execute(async (trx) => {
    await lockRanking(trx, period.key, 'department')
    const window = assertAccepting(await openWindow(trx, period.key, 'department'), now)
    const a = await getAppeal(trx, id, true)
    if (!a || a.unit_code !== dept || a.window_id !== window.id) {
      throw new AppError('NOT_FOUND', '没有这条申诉 (no such appeal)')
    }
    if (a.status !== 'draft') throw new AppError('CONFLICT', '申诉已提交，不能再更改 (already filed)')
    await fn(trx, a)
  })
}

/** Files a draft: from now on the evaluators see it and must decide it before publication. */
export async function fileAppeal(
  deps: AppDeps,
  user: PublicUser,
  period: Period,
  id: number,
  now = new Date(),
) {
  await withOwnDraft(deps, user, period, id, now, async (trx, a) => {
    await markFiled(trx, a.id, user.username)
    await audit(trx, user.username, 'appeal_filed', `appeal:${a.id}`, a.reason, {
      before: { status: 'draft' },
      after: { status: 'filed' },
    })
  })
}

/** Deletes a draft (and its evidence) before the window closes. */
export async function discardDraft(
  deps: AppDeps,
  user: PublicUser,
  period: Period,
  id: number,
  now = new Date(),
) {
  await withOwnDraft(deps, user, period, id, now, async (trx, a) => {
    await deleteDraft(trx, a.id)
    await audit(trx, user.username, 'appeal_discarded', `appeal:${a.id}`, a.reason, {
      before: { status: 'draft' },
    })
  })
}

/** The evaluators' review list: the latest window of the period and its filed/decided appeals. */
export async function reviewList(deps: AppDeps, unitType: UnitType, period: Period) {
  const window = (await latestWindow(deps.meta, period.key, unitType)) ?? null
  const appeals = window ? (await listAppeals(deps.meta, window.id)).filter((a) => a.status !== 'draft') : []
  return { window, appeals: await withEvidence(deps.meta, appeals) }
}

/**
 * An evaluator's decision on a filed appeal. Accepting adds an adjustment that cites the
 * appeal to the frozen ranking (re-ranked); rejecting records the reason. Two evaluators
 * deciding at once: the second finds it decided (the ranking's lock and the row lock).
 */
export async function decideAppeal(
  deps: AppDeps,
  actor: string,
  input: { period: Period; unitType: UnitType; id: number; accept: boolean; reason: string; points?: number },
): Promise<void> {
  const reason = cleanReason(input.reason, DECISION_REASON_MAX, '复核意见必须填写理由')
  await deps.meta.transaction().execute(async (trx) => {
    await lockRanking(trx, input.period.key, input.unitType)
    const a = await getAppeal(trx, input.id, true)
    const window = a && (await windowById(trx, a.window_id))
    if (!a || !window || window.period_key !== input.period.key || window.unit_type !== input.unitType) {
      throw new AppError('NOT_FOUND', '没有这条申诉 (no such appeal)')
    }
    if (window.ended_at) throw new AppError('CONFLICT', '该期公示已结束 (this publicity has ended)')
    if (a.status !== 'filed')
      throw new AppError('CONFLICT', '该申诉已复核或尚未提交 (already decided or not filed)')
    let adjustmentId: number | null = null
    if (input.accept) {
      const points = input.points ?? 0
      const adj = {
        unit_code: a.unit_code,
        points,
        reason: `申诉 #${a.id} 复核采纳：${reason}`,
        author: actor,
        at: new Date().toISOString(),
      }
      validateAdjustment(adj)
      if (Math.abs(points) > 100)
        throw new AppError('BAD_REQUEST', '调整分值须在 ±100 之内 (points within ±100)')
      const frozen = await getFrozen(trx, input.period.key, input.unitType)
      if (frozen?.status !== 'frozen') throw new AppError('CONFLICT', '排名未处于冻结状态 (not frozen)')
      adjustmentId = await addAdjustment(trx, {
        period_key: input.period.key,
        unit_type: input.unitType,
        unit_code: a.unit_code,
        points,
        reason: adj.reason,
        author: actor,
      })
      const updated = applyAdjustments(readPayload(frozen.payload), [adj])
      await setFrozen(trx, { ...frozen, payload: JSON.stringify(updated), changed_by: actor })
    }
    const status = input.accept ? 'accepted' : 'rejected'
    await markDecided(trx, a.id, { status, by: actor, reason, adjustmentId })
    await audit(trx, actor, `appeal_${status}`, `appeal:${a.id}`, reason, {
      before: { status: 'filed' },
      after: { status, ...(input.accept ? { points: input.points, adjustment_id: adjustmentId } : {}) },
    })
  })
}

/**
 * Publication of a ranking that went through publicity: only after the window closed and every
 * filed appeal is decided; the first call asks, another person's call publishes.
 */
export async function publishAfterPublicity(
  deps: AppDeps,
  actor: string,
  unitType: UnitType,
  period: Period,
  now = new Date(),
): Promise<'requested' | 'published'> {
  return deps.meta.transaction().execute(async (trx) => {
    await lockRanking(trx, period.key, unitType)
    const window = await openWindow(trx, period.key, unitType)
    if (!window) throw new AppError('CONFLICT', '该期排名没有进行中的公示 (no publicity in progress)')
    if (now.getTime() < Date.parse(window.closes_at)) {
      throw new AppError('CONFLICT', '公示期尚未结束，结束后方可发布 (the publicity period has not ended)')
    }
    const open = await undecidedCount(trx, window.id)
    if (open > 0) {
      throw new AppError(
        'CONFLICT',
        `还有 ${open} 条申诉未复核，复核完毕后方可发布 (${open} appeals undecided)`,
      )
    }
    if (!window.publish_requested_by) {
      await requestPublication(trx, window.id, actor)
      await audit(trx, actor, 'ranking_publish_requested', target(unitType, period), '', {
        after: { publish_requested_by: actor },
      })
      return 'requested'
    }
    if (window.publish_requested_by === actor) {
      throw new AppError(
        'FORBIDDEN',
        '不能批准自己提出的发布申请，须由另一位考核人员或管理员批准 (a second person must approve)',
      )
    }
    const frozen = await getFrozen(trx, period.key, unitType)
    if (frozen?.status !== 'frozen') throw new AppError('CONFLICT', '排名未处于冻结状态 (not frozen)')
    await setFrozen(trx, { ...frozen, status: 'published', changed_by: actor })
    await addPublication(trx, { period_key: period.key, unit_type: unitType, published_by: actor })
    await endWindow(trx, window.id, actor, 'published')
    await audit(trx, actor, 'ranking_published', target(unitType, period), '', {
      before: { status: 'frozen' },
      after: { status: 'published', requested_by: window.publish_requested_by, approved_by: actor },
    })
    return 'published'
  })
}

/** `POST` an evidence file for an appeal: checked like task evidence, held until attached. */
export async function uploadAppealEvidence(
  deps: AppDeps,
  user: PublicUser,
  body: Buffer,
  givenName: string,
  now = new Date(),
) {
  const dept = ownDept(user)
  const checked = checkEvidence(body, givenName)
  await dropStaleAppealEvidence(deps.meta, user.username, new Date(now.getTime() - STALE_MS))
  if ((await unattachedAppealEvidence(deps.meta, user.username)).length >= APPEAL_UPLOADS_MAX) {
    throw new AppError(
      'TOO_MANY_REQUESTS',
      `未提交的证明材料已达${APPEAL_UPLOADS_MAX}个，请先保存申诉 (at most ${APPEAL_UPLOADS_MAX} unattached uploads)`,
    )
  }
  const meta = {
    dept_code: dept,
    uploaded_by: user.username,
    file_name: checked.fileName,
    content_type: checked.contentType,
    bytes: checked.bytes,
    sha256: checked.sha256,
  }
  const id = await deps.meta.transaction().execute(async (trx) => {
    const id = await insertAppealEvidence(trx, { ...meta, body })
    await audit(trx, user.username, 'appeal_evidence_uploaded', String(id), JSON.stringify({ ...meta, id }))
    return id
  })
  return { id, ...meta }
}

/**
 * An appeal's evidence file: a department only its own department's; evaluators and admins
 * any attached file; an unattached upload only its uploader. Anything else is a 404.
 */
export async function appealEvidenceForDownload(deps: AppDeps, user: PublicUser, id: number) {
  const file = await appealEvidenceFile(deps.meta, id)
  const visible =
    file !== undefined &&
    (file.appeal_id === null
      ? file.uploaded_by === user.username
      : user.role === 'department'
        ? file.dept_code === user.dept_code
        : user.role === 'evaluator' || user.role === 'admin')
  if (!visible) throw new AppError('NOT_FOUND', '没有这个证明材料 (no such evidence file)')
  return file
}
