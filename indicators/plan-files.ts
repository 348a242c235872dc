import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  currentPlanOf,
  PLAN_RULE_NAMES,
  PlanFile,
  PlanId,
  type PlanInfo,
  type PlanRules,
} from './plan.schema'
import { shanghaiDate } from './shanghai-time'
import { deepFreeze, issuesMessage, parseYaml, type YamlIssue, zodIssues } from './yaml-support'

/** The repository's plans folder: one sub-folder per plan. */
export const DEFAULT_PLANS_DIR = fileURLToPath(new URL('../plans', import.meta.url))

/** A plan folder that cannot be read or does not validate; the message names every problem. */
export class PlanError extends Error {
  constructor(
    readonly file: string,
    readonly issues: YamlIssue[],
  ) {
    super(issuesMessage(file, 'invalid plan', issues))
    this.name = 'PlanError'
  }
}

const infoCache = new Map<string, PlanInfo>()

/** Reads and validates `<dir>/plan.yml` (cached by folder); the plan's id is the folder name. */
export function readPlanInfo(dir: string): PlanInfo {
  const abs = path.resolve(dir)
  const cached = infoCache.get(abs)
  if (cached) return cached
  const file = path.join(abs, 'plan.yml')
  const id = path.basename(abs)
  const idCheck = PlanId.safeParse(id)
  if (!idCheck.success)
    throw new PlanError(file, [{ field: '(folder name)', message: idCheck.error.issues[0]!.message }])
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    throw new PlanError(file, [{ field: '', message: `cannot read the file (${(err as Error).message})` }])
  }
  function fail(issues: YamlIssue[]): never {
    throw new PlanError(file, issues)
  }
  const yaml = parseYaml(text, fail)
  const result = PlanFile.safeParse(yaml.raw, {
    error: (iss) => (iss.input === undefined ? 'missing (required)' : undefined),
  })
  if (!result.success) fail(zodIssues(result.error.issues, yaml))
  const info = deepFreeze({ id, ...result.data })
  infoCache.set(abs, info)
  return info
}

/** The plan folders (sub-folders holding a plan.yml) under each root, sorted by id. */
export function planDirs(roots: readonly string[]): string[] {
  const dirs: string[] = []
  for (const root of roots) {
    let entries: string[]
    try {
      entries = readdirSync(root)
    } catch (err) {
      throw new PlanError(root, [
        { field: '', message: `cannot read the plans folder (${(err as Error).message})` },
      ])
    }
    for (const name of entries.sort()) {
      const dir = path.join(path.resolve(root), name)
      if (existsSync(path.join(dir, 'plan.yml'))) dirs.push(dir)
    }
  }
  return dirs
}

/** The current plan's folder among those under `roots` (today in Asia/Shanghai). */
export function currentPlanDir(roots: readonly string[] = [DEFAULT_PLANS_DIR], today = new Date()): string {
  const dirs = planDirs(roots)
  if (dirs.length === 0)
    throw new PlanError(roots.join(path.delimiter), [
      { field: '', message: 'no plan folder (with a plan.yml) found' },
    ])
  const infos = dirs.map((dir) => ({ dir, ...readPlanInfo(dir) }))
  return currentPlanOf(infos, Number(shanghaiDate(today).slice(0, 4))).dir
}

/** Forgets cached plan files (after editing, or in tests). */
export function clearPlanInfoCache(): void {
  infoCache.clear()
}

/** The plans folders a list names (separated by the platform's path delimiter); default: the repository's. */
export function planRoots(list: string | undefined): string[] {
  const roots = (list ?? '').split(path.delimiter).filter((s) => s.trim() !== '')
  return roots.length ? roots : [DEFAULT_PLANS_DIR]
}

/**
 * The rules (plan.yml `rules`) the one semantic model is built with: each rule as the plans
 * that state it give it. Plans that disagree on a rule stop the app (PlanError naming them and
 * both values): one model serves every plan, so a rule cannot differ between them. A rule no
 * plan states is left out; a model that needs it fails when it is compiled.
 */
export function modelRules(
  plans: readonly Pick<PlanInfo, 'id' | 'rules'>[],
  label = 'plans',
): Partial<PlanRules> {
  const rules: Partial<PlanRules> = {}
  const issues: YamlIssue[] = []
  for (const name of PLAN_RULE_NAMES) {
    const stated = plans.flatMap((p) =>
      p.rules?.[name] === undefined ? [] : [{ id: p.id, value: p.rules[name] }],
    )
    const [first] = stated
    if (!first) continue
    const other = stated.find((s) => s.value !== first.value)
    if (other) {
      issues.push({
        field: `rules.${name}`,
        message: `规划 ${first.id} 与 ${other.id} 的设置不一致（${first.value} 与 ${other.value}）：同一语义模型服务所有规划，请改为同一数值 (plans ${first.id} and ${other.id} disagree: ${first.value} vs ${other.value}; one semantic model serves every plan, so they must agree)`,
      })
      continue
    }
    rules[name] = first.value
  }
  if (issues.length) throw new PlanError(label, issues)
  return rules
}

/** `modelRules` of the plans under `roots` (their plan.yml files only). */
export function modelRulesIn(roots: readonly string[]): Partial<PlanRules> {
  return modelRules(planDirs(roots).map(readPlanInfo), roots.join(path.delimiter))
}
