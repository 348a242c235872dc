import type { PlanSet } from '../../../indicators/plans'
import { UNIT_TYPE_LABEL } from '../reports/format'
import { periodFromKey } from '../scoring/period'

/** The accounts an entry's object names (their display names are looked up with the actors'). */
export const ACCOUNT_ACTIONS: ReadonlySet<string> = new Set([
  'user_created',
  'user_updated',
  'user_disabled',
  'user_enabled',
  'password_reset',
])

export interface TargetContext {
  plans: PlanSet
  /** Display names by username. */
  names: ReadonlyMap<string, string>
}

const unitTypeWords = (code: string) =>
  code === 'department' || code === 'town' ? UNIT_TYPE_LABEL[code] : undefined

/** `department:2024[:unit]` as 部门 · 2024年度 · unit; undefined when it is not one. */
function rankingTarget(target: string): string | undefined {
  const [type, key, unit] = target.split(':')
  const words = unitTypeWords(type ?? '')
  const period = key ? periodFromKey(key) : undefined
  if (!words || !period) return undefined
  return [`${words}考核`, period.label, ...(unit ? [unit] : [])].join(' · ')
}

/** `plan:task` as the task's title (a plan's own task), else undefined. */
function taskTarget(target: string, plans: PlanSet): string | undefined {
  const [planId, taskId] = target.split(':')
  const task = plans.get(planId ?? '')?.tasks.tasks.find((t) => t.id === taskId)
  return task ? `${task.title_zh}（${taskId}）` : undefined
}

/** `plan:indicator` as the indicator's name, else undefined. */
function indicatorTarget(target: string, plans: PlanSet): string | undefined {
  const [planId, indicatorId] = target.split(':')
  const ind = plans.get(planId ?? '')?.catalog.indicators.find((i) => i.id === indicatorId)
  return ind?.name_zh
}

/**
 * An entry's object as people read it: an account by its name, a ranking by its unit type and
 * period, a task by its title, a rule by its number; otherwise as written (a file or source name).
 */
export function targetLabel(action: string, target: string, ctx: TargetContext): string {
  if (!target) return ''
  if (ACCOUNT_ACTIONS.has(action)) {
    const name = ctx.names.get(target)
    return name && name !== target ? `${name}（${target}）` : target
  }
  if (action.startsWith('ranking_') || action === 'score_adjusted') return rankingTarget(target) ?? target
  if (action.startsWith('baseline_')) return indicatorTarget(target, ctx.plans) ?? target
  if (action === 'task_evidence_uploaded') return `证明材料 #${target}`
  if (action.startsWith('task_')) {
    const taskId = target.split(':')[1]
    return taskTarget(target, ctx.plans) ?? (taskId ? `任务 ${taskId}` : target)
  }
  const version = action === 'targets_restored' ? /^target_version:(\d+)$/.exec(target) : null
  if (version) return `目标值版本 #${version[1]}`
  if (action === 'appeal_evidence_uploaded') return `申诉材料 #${target}`
  const appeal = /^appeal:(\d+)$/.exec(target)
  if (appeal) return `申诉 #${appeal[1]}`
  const note = /^indicator_note:(\d+)$/.exec(target)
  if (note) return `指标说明 #${note[1]}`
  const rule = /^rule:(\d+)$/.exec(target)
  if (rule) return `提醒规则 #${rule[1]}`
  return target
}
