import { AppError } from '../../../errors/app-error'
import type { UnitType } from '../../../meta/schema'
import { audit } from '../auth/users.store'
import type { AppDeps } from '../trpc'
import { latestClosedYear } from './latest-year'
import { type Period, periodFromKey, resolvePeriod } from './period'
import { DEMO_PUBLISHER, getRanking, type RankingView, setStatus } from './ranking.service'
import {
  currentPublication,
  displayNames,
  getFrozen,
  listPublications,
  lockRanking,
  markWithdrawn,
  type Publication,
  requestWithdrawal,
} from './ranking.store'

/**
 * Who sees a published ranking, and how a publication is withdrawn: asked for with a reason
 * by one evaluator (or admin), approved by another; every publication stays in the history.
 * Each change is one transaction with its audit entry, under the period's advisory lock.
 */

export interface PublicationEntry extends Publication {
  period_label: string
  /** display names of the accounts named in the entry (the demo publisher is not an account) */
  people: Record<string, string>
}

const REASON_MAX = 500

/** Evaluator A asks to withdraw the period's publication, giving a reason. */
export async function requestWithdraw(
  deps: AppDeps,
  actor: string,
  unitType: UnitType,
  period: Period,
  reason: string,
): Promise<void> {
  const why = reason.trim()
  if (why === '' || why.length > REASON_MAX) {
    throw new AppError('BAD_REQUEST', '申请撤回发布必须填写原因（500字以内） (a withdrawal needs a reason)')
  }
  await deps.meta.transaction().execute(async (trx) => {
    await lockRanking(trx, period.key, unitType)
    const pub = await currentPublication(trx, period.key, unitType)
    if (!pub) throw new AppError('CONFLICT', `${period.label}排名未发布 (not published)`)
    if (pub.withdraw_requested_by) {
      throw new AppError('CONFLICT', '已有待批准的撤回申请 (a withdrawal request is already pending)')
    }
    await requestWithdrawal(trx, pub.id, actor, why)
    await audit(trx, actor, 'ranking_withdraw_requested', `${unitType}:${period.key}`, why)
  })
}

/** Another evaluator or an admin approves: the publication is withdrawn and the period unfrozen. */
export async function approveWithdraw(
  deps: AppDeps,
  actor: string,
  unitType: UnitType,
  period: Period,
): Promise<void> {
  await deps.meta.transaction().execute(async (trx) => {
    await lockRanking(trx, period.key, unitType)
    const pub = await currentPublication(trx, period.key, unitType)
    if (!pub?.withdraw_requested_by) {
      throw new AppError('CONFLICT', '没有待批准的撤回申请 (no withdrawal request is pending)')
    }
    if (pub.withdraw_requested_by === actor) {
      throw new AppError(
        'FORBIDDEN',
        '不能批准自己提出的撤回申请，须由另一位考核人员或管理员批准 (a second person must approve)',
      )
    }
    const frozen = await getFrozen(trx, period.key, unitType)
    await markWithdrawn(trx, pub.id, actor)
    if (frozen) {
      await trx
        .updateTable('frozen_rankings')
        .set({ status: 'unfrozen', changed_by: actor, changed_at: new Date() })
        .where('period_key', '=', period.key)
        .where('unit_type', '=', unitType)
        .execute()
    }
    await audit(trx, actor, 'ranking_withdrawn', `${unitType}:${period.key}`, pub.withdraw_reason ?? '', {
      before: { status: 'published' },
      after: { status: 'withdrawn' },
    })
  })
}

/** Publications, newest first, with display names and period labels. */
export async function publicationHistory(
  deps: AppDeps,
  filter: { unitType?: UnitType; periodKey?: string; current?: boolean },
): Promise<PublicationEntry[]> {
  const rows = await listPublications(deps.meta, { ...filter, limit: 200 })
  const names = await displayNames(
    deps.meta,
    rows.flatMap((r) => [r.published_by, r.withdraw_requested_by ?? '', r.withdrawn_by ?? '']),
  )
  return rows.map((r) => {
    const people: Record<string, string> = {}
    for (const u of [r.published_by, r.withdraw_requested_by, r.withdrawn_by]) {
      const n = u && names.get(u)
      if (u && n) people[u] = n
    }
    return { ...r, period_label: periodFromKey(r.period_key)?.label ?? r.period_key, people }
  })
}

/** A published ranking for its audience; anything else (live, frozen draft, withdrawn) is a 404. */
export async function getPublished(deps: AppDeps, unitType: UnitType, period: Period): Promise<RankingView> {
  const frozen = await getFrozen(deps.meta, period.key, unitType)
  if (frozen?.status !== 'published') {
    throw new AppError('NOT_FOUND', `${period.label}排名尚未发布 (this ranking is not published)`)
  }
  return getRanking(deps, unitType, period)
}

/**
 * The demo district ships with a published ranking, so a new user sees the whole flow:
 * frozen and published as the system (the history says so). Idempotent: a period that was
 * ever frozen or published is left alone, so a restart or a withdrawal is never undone.
 */
export async function publishDemoRanking(
  deps: AppDeps,
  unitType: UnitType,
  period: Period,
): Promise<boolean> {
  if (await getFrozen(deps.meta, period.key, unitType)) return false
  if ((await listPublications(deps.meta, { periodKey: period.key, unitType, limit: 1 })).length) return false
  try {
    await setStatus(deps, DEMO_PUBLISHER, unitType, period, 'frozen')
  } catch (err) {
    // Another instance froze it meanwhile: theirs to publish.
    if (err instanceof AppError && err.code === 'CONFLICT') return false
    throw err
  }
  await setStatus(deps, DEMO_PUBLISHER, unitType, period, 'published')
  return true
}

/**
 * The demo start-up step: the demo district's latest closed year, departments, published by
 * the system. Only where the demo accounts exist (a demo district); idempotent.
 */
export async function publishDemoResults(deps: AppDeps, log: (m: string) => void = () => {}): Promise<void> {
  const demo = await deps.meta
    .selectFrom('users')
    .select('username')
    .where('username', '=', 'leader')
    .executeTakeFirst()
  if (!demo) return
  const period = resolvePeriod({ type: 'year', year: await latestClosedYear(deps) })
  if (await publishDemoRanking(deps, 'department', period)) {
    log(`演示数据：已发布${period.label}部门考核排名 (demo: published the ${period.key} department ranking)`)
  }
}
