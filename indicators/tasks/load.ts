import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { Catalog } from '../catalog.schema'
import type { PlanPeriod } from '../plan.schema'
import { deepFreeze, issuesMessage, lineOf, parseYaml, type YamlIssue, zodIssues } from '../yaml-support'
import { type DeadlineSpec, type PlanTask, type PlanTasks, TaskFile } from './task.schema'

/** A task catalog that cannot be read or does not validate; the message names every problem. */
export class TaskCatalogError extends Error {
  constructor(
    readonly file: string,
    readonly issues: YamlIssue[],
  ) {
    super(issuesMessage(file, 'invalid task catalog', issues))
    this.name = 'TaskCatalogError'
  }
}

export const TASKS_FILE = 'tasks.yml'

/** A plan without a tasks.yml has no tasks; 有风险 then uses this margin for local ones. */
const DEFAULT_MARGIN = 0.2

/** The last day a stated deadline allows, YYYY-MM-DD. */
export function deadlineDate(spec: DeadlineSpec, period: PlanPeriod): string {
  if (spec === 'plan_end') return `${period.end}-12-31`
  if ('year_end' in spec) return `${spec.year_end}-12-31`
  return spec.date
}

const statedKind = (spec: DeadlineSpec): PlanTask['deadline_stated'] =>
  spec === 'plan_end' ? 'plan_end' : 'year_end' in spec ? 'year_end' : 'date'

/**
 * Reads and validates a plan folder's tasks.yml against the plan's period and its indicator
 * catalog (seeds, indicator ids); none: no tasks. Deep-frozen.
 */
export function loadTasks(dir: string, period: PlanPeriod, catalog: Catalog): PlanTasks {
  const file = path.join(dir, TASKS_FILE)
  if (!existsSync(file)) return deepFreeze({ at_risk_margin: DEFAULT_MARGIN, tasks: [] })
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    throw new TaskCatalogError(file, [
      { field: '', message: `cannot read the file (${(err as Error).message})` },
    ])
  }
  return parseTasks(text, period, catalog, file)
}

/** Validates task-catalog YAML text; `file` only labels error messages. */
export function parseTasks(text: string, period: PlanPeriod, catalog: Catalog, file = TASKS_FILE): PlanTasks {
  function fail(issues: YamlIssue[]): never {
    throw new TaskCatalogError(file, issues)
  }
  const yaml = parseYaml(text, fail)
  const { doc, lineCounter } = yaml
  const parsed = TaskFile.safeParse(yaml.raw, {
    error: (iss) => (iss.input === undefined ? 'missing (required)' : undefined),
  })
  if (!parsed.success) fail(zodIssues(parsed.error.issues, yaml))
  const issues: YamlIssue[] = []
  const at = (i: number, field: string, message: string) =>
    issues.push({ field: `tasks[${i}].${field}`, line: lineOf(doc, ['tasks', i], lineCounter), message })
  const seen = new Set<string>()
  const indicatorIds = new Set(catalog.indicators.map((i) => i.id))
  const first = `${period.start}-01-01`
  const tasks = parsed.data.tasks.map((t, i): PlanTask => {
    if (seen.has(t.id)) at(i, 'id', `duplicate task id ${t.id}`)
    seen.add(t.id)
    if (!catalog.seeds[t.source.seed]) {
      at(i, 'source.seed', `${t.source.seed} is not a document in the catalog's seeds`)
    }
    for (const id of t.indicators) {
      if (!indicatorIds.has(id)) at(i, 'indicators', `unknown indicator ${id}`)
    }
    const deadline = deadlineDate(t.deadline, period)
    const start = t.start ?? first
    if (start > deadline) at(i, 'start', `starts (${start}) after its deadline (${deadline})`)
    const { start: _s, deadline: _d, ...rest } = t
    return { ...rest, start, deadline, deadline_stated: statedKind(t.deadline), origin: 'plan' }
  })
  if (issues.length > 0) fail(issues)
  return deepFreeze({ at_risk_margin: parsed.data.at_risk_margin, tasks })
}
