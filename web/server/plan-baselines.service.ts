import { AppError } from '../../errors/app-error'
import { baselineYear } from '../../indicators/plan.schema'
import { type Plan, planInfo } from '../../indicators/plans'
import { statesBaseline } from '../../indicators/targets'
import { audit } from './auth/users.store'
import { forgetResolvedCatalogs, type ResolveDeps, resolvedCatalog } from './plan-baselines'
import { addBaseline, baselineHistory, latestBaselines } from './plan-baselines.store'
import { displayNames } from './scoring/ranking.store'

/** The largest count baseline accepted (users): a sanity bound against typing slips. */
export const MAX_COUNT_BASELINE = 1_000_000_000
export const NOTE_MAX = 500

/**
 * A plan's baselines as evaluators maintain them: per indicator, the stated one or the one
 * in force (recorded, or carried over), the yearly targets it gives, and every recorded
 * change with who and when (newest first).
 */
export async function listBaselines(deps: ResolveDeps, plan: Plan) {
  const [catalog, history] = await Promise.all([
    resolvedCatalog(deps, plan),
    baselineHistory(deps.meta, plan.id),
  ])
  const names = await displayNames(
    deps.meta,
    history.map((h) => h.recorded_by),
  )
  const person = (username: string) => names.get(username) ?? username
  return {
    plan: planInfo(plan, deps.plans),
    baseline_year: baselineYear(plan.period),
    indicators: plan.catalog.indicators.map((ind) => {
      const effective = catalog.indicators.find((i) => i.id === ind.id) ?? ind
      const from = ind.carried_from ? deps.plans.get(ind.carried_from) : undefined
      const { year, value, note, origin, recorded_by, recorded_at } = effective.baseline
      return {
        id: ind.id,
        name_zh: ind.name_zh,
        name_en: ind.name_en,
        unit: ind.unit,
        /** The plan states the baseline: it stays as written. */
        stated: statesBaseline(ind),
        carried_from: from ? { id: from.id, name_zh: from.name_zh, name_en: from.name_en } : null,
        /** The plan leaves years without a target: a baseline would fill them (the one rule). */
        fills_years: ind.targets.some((t) => t.value === null),
        /** An evaluator may record a baseline (neither stated nor carried over). */
        editable: !statesBaseline(ind) && !from,
        baseline: {
          year,
          value,
          note: note ?? null,
          origin: origin ?? (value === null ? null : 'plan'),
          recorded_by: recorded_by ?? null,
          recorded_by_name: recorded_by ? person(recorded_by) : null,
          recorded_at: recorded_at ?? null,
        },
        targets: effective.targets.map((t) => ({ year: t.year, value: t.value, derived: t.derived })),
        history: history
          .filter((h) => h.indicator_id === ind.id)
          .map((h) => ({ ...h, recorded_by_name: person(h.recorded_by) })),
      }
    }),
  }
}

/**
 * Records (or, with value null, clears) an evaluator's baseline for an indicator whose plan
 * states none, with its source note; the change and its audit entry are one transaction.
 * The plan's effective catalog is resolved again on the next request.
 */
export async function setBaseline(
  deps: ResolveDeps,
  actor: string,
  plan: Plan,
  input: { indicatorId: string; value: number | null; note: string },
): Promise<void> {
  const ind = plan.catalog.indicators.find((i) => i.id === input.indicatorId)
  if (!ind) throw new AppError('NOT_FOUND', `未知指标 ${input.indicatorId} (unknown indicator)`)
  if (statesBaseline(ind)) {
    throw new AppError(
      'BAD_REQUEST',
      `${ind.name_zh}的基线由规划原文给出，不能另行录入 (the plan states this baseline)`,
    )
  }
  if (ind.carried_from) {
    throw new AppError(
      'BAD_REQUEST',
      `${ind.name_zh}延续自上一规划，基线为上一规划期末实际值，不能另行录入 (a carried-over indicator's baseline is the earlier plan's final actual)`,
    )
  }
  const note = input.note.trim()
  if (note.length === 0 || note.length > NOTE_MAX) {
    throw new AppError(
      'BAD_REQUEST',
      `请填写来源说明（不超过${NOTE_MAX}字） (a source note of 1–${NOTE_MAX} characters is required)`,
    )
  }
  const { value } = input
  if (value !== null) {
    if (ind.unit === '%' && !(value >= 0 && value <= 1)) {
      throw new AppError('BAD_REQUEST', '比率基线应在 0%–100% 之间 (a rate baseline is between 0 and 1)')
    }
    if (ind.unit !== '%' && !(value >= 0 && value <= MAX_COUNT_BASELINE)) {
      throw new AppError('BAD_REQUEST', '基线应为不小于 0 的数 (a baseline is ≥ 0)')
    }
  }
  await deps.meta.transaction().execute(async (trx) => {
    const current = (await latestBaselines(trx, plan.id)).get(ind.id)
    if (value === null) {
      if (!current || current.value === null) {
        throw new AppError(
          'BAD_REQUEST',
          `${ind.name_zh}没有录入的基线可清除 (no recorded baseline to clear)`,
        )
      }
    }
    await addBaseline(trx, { plan_id: plan.id, indicator_id: ind.id, value, note, recorded_by: actor })
    await audit(
      trx,
      actor,
      value === null ? 'baseline_cleared' : 'baseline_recorded',
      `${plan.id}:${ind.id}`,
      JSON.stringify({ value, note }),
      {
        ...(current ? { before: { value: current.value, note: current.note } } : {}),
        after: { value, note },
      },
    )
  })
  forgetResolvedCatalogs(deps.meta, plan)
}
