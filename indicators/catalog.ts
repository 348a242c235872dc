import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { LineCounter, parseDocument } from 'yaml'
import type { z } from 'zod'
import { type Area, Catalog, type Indicator } from './catalog.schema'
import type { PlanPeriod } from './plan.schema'
import { currentPlanDir, readPlanInfo } from './plan-files'
import { deepFreeze, formatPath, issuesMessage, lineOf, parseYaml } from './yaml-support'

export { targetEntry, targetFor } from './targets'

/** The current plan's catalog file (in the repository's plans folder). */
export function defaultCatalogPath(): string {
  return path.join(currentPlanDir(), 'catalog.yml')
}

export interface CatalogIssue {
  /** the indicator the problem is in, when it is in one */
  indicatorId?: string
  /** path of the field inside the indicator (or the catalog), e.g. targets[2].value */
  field: string
  line?: number
  message: string
}

/** A catalog that cannot be read or does not match the schema; the message names every problem. */
export class CatalogError extends Error {
  constructor(
    readonly file: string,
    readonly issues: CatalogIssue[],
  ) {
    super(issuesMessage(file, 'invalid indicator catalog', issues))
    this.name = 'CatalogError'
  }
}

const cache = new Map<string, Catalog>()

/**
 * Reads, validates and caches a plan's catalog (by absolute path); the plan's period comes
 * from the plan.yml beside it. Default: the current plan's. The result is deeply frozen.
 */
export function loadCatalog(filePath: string = defaultCatalogPath()): Catalog {
  const abs = path.resolve(filePath)
  const cached = cache.get(abs)
  if (cached) return cached
  let text: string
  try {
    text = readFileSync(abs, 'utf8')
  } catch (err) {
    throw new CatalogError(abs, [{ field: '', message: `cannot read the file (${(err as Error).message})` }])
  }
  const catalog = parseCatalog(text, readPlanInfo(path.dirname(abs)).period, abs)
  cache.set(abs, catalog)
  return catalog
}

/** Forgets cached catalogs (after editing the file, or in tests). */
export function clearCatalogCache(): void {
  cache.clear()
}

/**
 * Validates catalog YAML text for a plan with this period (every indicator's plan_period is
 * the plan's: the catalog file does not repeat it); `file` only labels error messages.
 */
export function parseCatalog(text: string, period: PlanPeriod, file = 'catalog.yml'): Catalog {
  const {
    doc,
    lineCounter,
    raw: parsed,
  } = parseYaml(text, (issues) => {
    throw new CatalogError(file, issues)
  })
  const raw: unknown = withPlanPeriod(parsed, period)
  const result = Catalog.safeParse(raw, {
    error: (iss) => (iss.input === undefined ? 'missing (required)' : undefined),
  })
  if (!result.success) {
    throw new CatalogError(
      file,
      result.error.issues.map((issue) => toCatalogIssue(issue, raw, doc, lineCounter)),
    )
  }
  return deepFreeze(result.data)
}

/** Gives each indicator the plan's period; one the file states itself is left to fail the schema. */
function withPlanPeriod(raw: unknown, period: PlanPeriod): unknown {
  const list = (raw as { indicators?: unknown } | null)?.indicators
  if (!Array.isArray(list)) return raw
  const indicators = list.map((ind) =>
    ind && typeof ind === 'object' && !('plan_period' in ind)
      ? { ...ind, plan_period: period }
      : { ...ind, plan_period: 'stated' },
  )
  return { ...(raw as object), indicators }
}

function toCatalogIssue(
  issue: z.core.$ZodIssue,
  raw: unknown,
  doc: ReturnType<typeof parseDocument>,
  lineCounter: LineCounter,
): CatalogIssue {
  const p = issue.path.filter((k): k is string | number => typeof k !== 'symbol')
  let indicatorId: string | undefined
  let fieldPath = p
  if (p[0] === 'indicators' && typeof p[1] === 'number') {
    const entry = (raw as { indicators?: { id?: unknown }[] }).indicators?.[p[1]]
    indicatorId = typeof entry?.id === 'string' ? entry.id : `#${p[1] + 1}`
    fieldPath = p.slice(2)
  }
  return {
    indicatorId,
    field: formatPath(fieldPath),
    line: lineOf(doc, p, lineCounter),
    message: issue.message,
  }
}

/** The indicator with this id; throws naming the known ids when there is none. */
export function getIndicator(id: string, catalog: Catalog = loadCatalog()): Indicator {
  const found = catalog.indicators.find((i) => i.id === id)
  if (!found) {
    throw new Error(`unknown indicator ${id}; known: ${catalog.indicators.map((i) => i.id).join(', ')}`)
  }
  return found
}

/** The area (code with zh/en labels) an indicator belongs to. */
export function areaOf(indicator: Pick<Indicator, 'area'>, catalog: Catalog = loadCatalog()): Area {
  const area = catalog.areas.find((a) => a.code === indicator.area)
  if (!area) throw new Error(`area ${indicator.area} is not in the catalog`)
  return area
}
