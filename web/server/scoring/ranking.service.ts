import { AppError } from '../../../errors/app-error'
import { applyAdjustments, validateAdjustment } from '../../../indicators/scoring/adjustments'
import { selectScheme } from '../../../indicators/scoring/scheme'
import { isTaskRule } from '../../../indicators/scoring/scheme.schema'
import { rankChange, type ScoreResult, scoreUnits, summarize } from '../../../indicators/scoring/score'
import {
  applyTargetOverrides,
  planTargets,
  type TargetResolver,
} from '../../../indicators/scoring/target-overrides'
import { TASK_LINES } from '../../../indicators/scoring/task-rule'
import type { MetaDatabase } from '../../../meta/store'
import { type UnitType, unitValues } from '../../../semantic-layer/queries/unit-values'
import { REMIND_DAYS_DEFAULT } from '../../shared/appeals'
import { audit } from '../auth/users.store'
import { catalogForYear, planForYear } from '../plans'
import type { AppDeps } from '../trpc'
import { endWindow, insertWindow, openWindow } from './appeals.store'
import { type Period, previousPeriod } from './period'
import {
  addAdjustment,
  addPublication,
  currentPublication,
  displayNames,
  getFrozen,
  listAdjustments,
  listOverrides,
  lockRanking,
  type Publication,
  setFrozen,
} from './ranking.store'
import { targetVersionInForce } from './target-versions.service'
import { periodTaskFigures } from './task-figures'

export interface RankingView {
  period_key: string
  period_label: string
  status: 'live' | 'frozen' | 'published'
  changed_by: string | null
  changed_at: string | null
  result: ScoreResult
  changes: Array<{ unit_code: string; rank_change: number | null; total_change: number | null }>
  indicator_names: Record<string, string>
  /** the current publication (with any pending withdrawal request); null unless published */
  publication: Publication | null
  /** display names of the accounts named here (changed_by, adjustment authors, publication) */
  people: Record<string, string>
  /**
   * The target version a frozen or published ranking was scored with (version null: the
   * plan's targets only); null when live or when it was frozen before versions were recorded.
   */
  targets: { version: number | null } | null
}

/** The account name under which the demo start-up publishes (shown as the system, never a person). */
export const DEMO_PUBLISHER = 'system:demo'

const ADMIN_CONTEXT = { role: 'evaluator' }

/**
 * The targets units are scored against in `year`: the unit-level targets uploaded by the
 * evaluators win over the plan's district targets. The briefing uses the same.
 */
export async function effectiveTargets(
  deps: AppDeps,
  unitType: UnitType,
  year: number,
): Promise<TargetResolver> {
  const overrides = await listOverrides(deps.meta, year)
  return applyTargetOverrides(planTargets(await catalogForYear(deps, year), year), overrides, {
    unitType,
    year,
  })
}

/**
 * Scores a period live: values from the semantic layer, plan targets, the scheme, adjustments;
 * and, when the scheme scores plan tasks for the unit type, the plan's task board.
 */
async function scoreLive(
  deps: AppDeps,
  unitType: UnitType,
  period: Period,
  withAdjustments = true,
): Promise<ScoreResult> {
  const plan = planForYear(deps, period.year)
  const catalog = await catalogForYear(deps, period.year)
  const scheme = selectScheme({ year: period.year, periodType: period.type }, plan.schemes)
  const { values, names } = await unitValues(deps.semantic, unitType, period, ADMIN_CONTEXT, catalog)
  const targets = await effectiveTargets(deps, unitType, period.year)
  const scoresTasks = scheme.rules.some((r) => isTaskRule(r) && r.applies_to.includes(unitType))
  const tasks = scoresTasks ? await periodTaskFigures(deps, plan, period) : null
  const result = scoreUnits({
    scheme,
    catalog,
    unitType,
    values,
    targets,
    names: tasks ? new Map([...tasks.names, ...names]) : names,
    ...(tasks ? { tasks: tasks.figures } : {}),
  })
  if (!withAdjustments) return result
  const adjustments = await listAdjustments(deps.meta, period.key, unitType)
  return applyAdjustments(result, adjustments)
}

/**
 * A stored ranking as the current scorer would write it: a payload frozen before 满分 was
 * put on the 0–100 scale (full_points) is summed up again from its own parts, so every
 * screen and document reads the same fields. Totals and ranks do not change.
 */
export function readPayload(payload: string): ScoreResult {
  const result = JSON.parse(payload) as ScoreResult
  if (result.units.every((u) => u.indicators.every((i) => typeof i.full_points === 'number'))) return result
  return {
    ...result,
    units: result.units.map((u) => ({
      ...summarize(u.unit_code, u.unit_name, u.indicators, u.adjustments),
      rank: u.rank,
    })),
  }
}

/** Chinese names of every line a ranking of `year` can hold: the catalog's indicators and the task lines. */
export async function indicatorNames(deps: AppDeps, year: number): Promise<Record<string, string>> {
  const catalog = await catalogForYear(deps, year)
  return Object.fromEntries([
    ...catalog.indicators.map((i) => [i.id, i.name_zh]),
    ...Object.entries(TASK_LINES).map(([id, l]) => [id, l.name_zh]),
  ])
}

/** The official ranking once frozen (stored, unaffected by reloads); otherwise computed now. */
export async function getRanking(deps: AppDeps, unitType: UnitType, period: Period): Promise<RankingView> {
  const frozen = await getFrozen(deps.meta, period.key, unitType)
  const names = await indicatorNames(deps, period.year)
  const isFrozen = frozen && frozen.status !== 'unfrozen'
  const result: ScoreResult = isFrozen ? readPayload(frozen.payload) : await scoreLive(deps, unitType, period)
  let previous: ScoreResult | null = null
  try {
    const prev = previousPeriod(period)
    const pf = await getFrozen(deps.meta, prev.key, unitType)
    previous =
      pf && pf.status !== 'unfrozen' ? readPayload(pf.payload) : await scoreLive(deps, unitType, prev)
  } catch {
    previous = null // no scheme covers the previous period
  }
  const publication =
    frozen?.status === 'published'
      ? ((await currentPublication(deps.meta, period.key, unitType)) ?? null)
      : null
  const people = await displayNames(deps.meta, [
    ...(frozen ? [frozen.changed_by] : []),
    ...result.units.flatMap((u) => u.adjustments.map((a) => a.author)),
    ...(publication
      ? [publication.published_by, publication.withdraw_requested_by ?? '', publication.withdrawn_by ?? '']
      : []),
  ])
  return {
    period_key: period.key,
    period_label: period.label,
    status: isFrozen ? (frozen.status as 'frozen' | 'published') : 'live',
    changed_by: frozen?.changed_by ?? null,
    changed_at: frozen?.changed_at ?? null,
    result,
    changes: rankChange(result, previous).map((c) => ({
      unit_code: c.unit_code,
      rank_change: c.rank_change,
      total_change: c.total_change,
    })),
    indicator_names: names,
    publication,
    people: Object.fromEntries(people),
    targets: isFrozen && frozen.targets_recorded ? { version: frozen.target_version_id } : null,
  }
}

/** Refuses a change to a frozen or published period (call under lockRanking). */
async function assertOpen(db: MetaDatabase, unitType: UnitType, period: Period): Promise<void> {
  const f = await getFrozen(db, period.key, unitType)
  if (f && f.status !== 'unfrozen') {
    throw new AppError(
      'CONFLICT',
      `${period.label}已冻结，请先解冻 (the period is frozen; unfreeze it first)`,
    )
  }
}

/** An evaluator's adjustment and its audit entry: one transaction, refused once the period is frozen. */
export async function adjust(
  deps: AppDeps,
  actor: string,
  input: { unitType: UnitType; period: Period; unitCode: string; points: number; reason: string },
): Promise<void> {
  const adj = {
    unit_code: input.unitCode,
    points: input.points,
    reason: input.reason.trim(),
    author: actor,
    at: new Date().toISOString(),
  }
  validateAdjustment(adj) // an AdjustmentError is a 400 with its message
  await deps.meta.transaction().execute(async (trx) => {
    await lockRanking(trx, input.period.key, input.unitType)
    await assertOpen(trx, input.unitType, input.period)
    await addAdjustment(trx, {
      period_key: input.period.key,
      unit_type: input.unitType,
      unit_code: input.unitCode,
      points: input.points,
      reason: adj.reason,
      author: actor,
    })
    await audit(
      trx,
      actor,
      'score_adjusted',
      `${input.unitType}:${input.period.key}:${input.unitCode}`,
      `${input.points} ${adj.reason}`,
      { after: { points: input.points, reason: adj.reason } },
    )
  })
}

/**
 * freeze: store the live ranking as official; unfreeze: back to live; publish: only a frozen
 * one. The scores are computed first (a slow query, outside any transaction); the status
 * check, the adjustments applied to them, the write and its audit entry are one transaction
 * under the period's lock, so an adjustment made meanwhile is either in the frozen ranking
 * or refused.
 */
export async function setStatus(
  deps: AppDeps,
  actor: string,
  unitType: UnitType,
  period: Period,
  status: 'frozen' | 'unfrozen' | 'published',
  /** freeze only: open a publicity window (公示) of this many days; departments may appeal in it. */
  publicity?: { days: number; dayMs: number; remindDays?: number; now?: Date },
): Promise<void> {
  // The target version in force before scoring must still be in force at the write, so the
  // ranking records the version it was scored with.
  const versionBefore =
    status === 'frozen'
      ? await deps.meta.transaction().execute((trx) => targetVersionInForce(trx, period.year))
      : null
  const live = status === 'frozen' ? await scoreLive(deps, unitType, period, false) : null
  await deps.meta.transaction().execute(async (trx) => {
    await lockRanking(trx, period.key, unitType)
    const current = await getFrozen(trx, period.key, unitType)
    if (status === 'frozen' && current && current.status !== 'unfrozen') {
      throw new AppError('CONFLICT', '该期排名已冻结 (already frozen)')
    }
    if (status === 'published' && current?.status !== 'frozen') {
      throw new AppError('CONFLICT', '只能发布已冻结的排名 (freeze the ranking before publishing)')
    }
    if (status === 'unfrozen' && (!current || current.status === 'unfrozen')) {
      throw new AppError('CONFLICT', '该期排名未冻结 (not frozen)')
    }
    if (status === 'unfrozen' && current?.status === 'published') {
      throw new AppError(
        'CONFLICT',
        '已发布的排名不能直接解冻：请填写原因申请撤回发布，由另一位考核人员或管理员批准 (a published ranking is withdrawn by request and a second person’s approval)',
      )
    }
    const window = await openWindow(trx, period.key, unitType)
    if (status === 'published' && window) {
      throw new AppError(
        'CONFLICT',
        '该期排名处于公示流程中：公示结束、申诉复核完毕后，由另一人批准发布 (in publicity: published on a second person’s approval)',
      )
    }
    if (status === 'unfrozen' && window) await endWindow(trx, window.id, actor, 'unfrozen')
    const frozen = live && applyAdjustments(live, await listAdjustments(trx, period.key, unitType))
    const version = frozen ? await targetVersionInForce(trx, period.year) : current!.target_version_id
    if (frozen && version !== versionBefore) {
      throw new AppError(
        'CONFLICT',
        '冻结过程中目标值已更新，请重新冻结 (the targets changed while the ranking was scored; freeze again)',
      )
    }
    await setFrozen(trx, {
      target_version_id: version,
      targets_recorded: frozen ? true : current!.targets_recorded,
      period_key: period.key,
      unit_type: unitType,
      scheme_id: frozen ? frozen.scheme_id : current!.scheme_id,
      status,
      payload: frozen ? JSON.stringify(frozen) : current!.payload,
      changed_by: actor,
    })
    if (status === 'published') {
      await addPublication(trx, { period_key: period.key, unit_type: unitType, published_by: actor })
    }
    let detail = ''
    if (status === 'frozen' && publicity) {
      const now = publicity.now ?? new Date()
      const closes = new Date(now.getTime() + publicity.days * publicity.dayMs)
      const remindDays = publicity.remindDays ?? REMIND_DAYS_DEFAULT
      await insertWindow(trx, {
        period_key: period.key,
        unit_type: unitType,
        opened_by: actor,
        closes_at: closes,
        remind_days: remindDays,
      })
      detail = `公示 ${publicity.days} 天，至 ${closes.toISOString()}；${remindDays > 0 ? `截止前 ${remindDays} 天提醒` : '不提醒'}`
    }
    await audit(trx, actor, `ranking_${status}`, `${unitType}:${period.key}`, detail, {
      before: { status: current?.status ?? 'live' },
      after: { status },
    })
  })
}
