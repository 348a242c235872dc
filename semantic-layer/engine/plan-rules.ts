import { PLAN_RULE_NAMES, type PlanRuleName, type PlanRules } from '../../indicators/plan.schema'
import { modelRulesIn } from '../../indicators/plan-files'
import { readSettings } from '../../warehouse/env'
import { PLANS_SETTINGS } from './plans-settings'

/**
 * The plans' rules in the model. Cube's Jinja needs the native module (native-stub.ts), so a
 * model file names a plan rule with a token the repository replaces when it reads the file:
 *
 *   workdays_between(…) <= {{ plan_rules.bad_review_rectification_workdays }}
 *
 * becomes `<= 15` with the rules the engine was given (plan.yml `rules`, indicators/plan.schema.ts).
 * A token naming anything else, or a rule no plan states, fails the compile with the file and
 * the token named. The compiled model is cached by the text after replacement
 * (transpile-cache.ts) and Cube names rollups by their SQL, so another value compiles and
 * builds afresh.
 */

const TOKEN = /\{\{\s*([^{}]*?)\s*\}\}/g
const RULE = /^plan_rules\.([a-z][a-z0-9_]*)$/

export class ModelRuleError extends Error {
  constructor(fileName: string, token: string, reason: string) {
    super(`模型文件 ${fileName} 中的 {{ ${token} }} 无法替换：${reason}`)
    this.name = 'ModelRuleError'
  }
}

const isRuleName = (name: string): name is PlanRuleName => (PLAN_RULE_NAMES as string[]).includes(name)

/** The model file's text with every `{{ plan_rules.<name> }}` replaced by the rule's number. */
export function applyPlanRules(fileName: string, content: string, rules: Partial<PlanRules>): string {
  return content.replace(TOKEN, (_, token: string) => {
    const name = RULE.exec(token)?.[1]
    if (name === undefined || !isRuleName(name))
      throw new ModelRuleError(
        fileName,
        token,
        `不是规划设置（可用：${PLAN_RULE_NAMES.map((n) => `plan_rules.${n}`).join('、')}） (not a plan rule)`,
      )
    const value = rules[name]
    if (typeof value !== 'number' || !Number.isFinite(value))
      throw new ModelRuleError(
        fileName,
        token,
        `没有规划在 plan.yml 的 rules 中给出 ${name} (no plan states rules.${name} in its plan.yml)`,
      )
    return String(value)
  })
}

/** The rules of the plans in `PLANS_DIR` (default: the repository's plans), for callers that pass none. */
export function configuredPlanRules(): Partial<PlanRules> {
  return modelRulesIn(readSettings({ plans: PLANS_SETTINGS }).plans.roots)
}
