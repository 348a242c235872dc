import { readFileSync } from 'node:fs'
import path from 'node:path'
import { LineCounter, parseDocument } from 'yaml'
import type { z } from 'zod'
import { loadCatalog } from '../catalog'
import type { Catalog } from '../catalog.schema'
import { currentPlanDir } from '../plan-files'
import { deepFreeze, issuesMessage, lineOf } from '../yaml-support'
import { type PeriodType, type Scheme, type SchemeFile, schemeFileFor } from './scheme.schema'

/** The current plan's scheme file (in the repository's plans folder). */
export function defaultSchemesPath(): string {
  return path.join(currentPlanDir(), 'schemes.yml')
}

export interface SchemeIssue {
  /** the scheme the problem is in, when it is in one */
  schemeId?: string
  /** the indicator of the rule the problem is in, when it is in a rule (`tasks` for the plan-task rule) */
  indicatorId?: string
  /** path of the field inside the rule (or scheme, or file), e.g. method.bands[1].share */
  field: string
  line?: number
  message: string
}

/** A scheme file that cannot be read or does not validate; the message names every problem. */
export class SchemeError extends Error {
  constructor(
    readonly file: string,
    readonly issues: SchemeIssue[],
  ) {
    super(issuesMessage(file, 'invalid scoring schemes', issues))
    this.name = 'SchemeError'
  }
}

const cache = new Map<string, SchemeFile>()

/**
 * Reads, validates against the catalog (by default the plan's, beside the file) and caches
 * (by path) a scheme file; deeply frozen. Default: the current plan's.
 */
export function loadSchemes(
  filePath: string = defaultSchemesPath(),
  catalog: Catalog = loadCatalog(path.join(path.dirname(filePath), 'catalog.yml')),
): SchemeFile {
  const abs = path.resolve(filePath)
  const cached = cache.get(abs)
  if (cached) return cached
  let text: string
  try {
    text = readFileSync(abs, 'utf8')
  } catch (err) {
    throw new SchemeError(abs, [{ field: '', message: `cannot read the file (${(err as Error).message})` }])
  }
  const file = parseSchemes(text, catalog, abs)
  cache.set(abs, file)
  return file
}

/** Forgets cached scheme files (after editing, or in tests). */
export function clearSchemeCache(): void {
  cache.clear()
}

/** Validates scheme YAML text against the catalog; `file` only labels error messages. */
export function parseSchemes(text: string, catalog: Catalog, file = 'schemes.yml'): SchemeFile {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, prettyErrors: false })
  if (doc.errors.length > 0) {
    throw new SchemeError(
      file,
      doc.errors.map((e) => ({
        field: '',
        line: lineCounter.linePos(e.pos[0]).line,
        message: `YAML syntax: ${e.message.split('\n')[0]}`,
      })),
    )
  }
  const raw: unknown = doc.toJS({ maxAliasCount: -1 })
  const result = schemeFileFor(catalog).safeParse(raw, {
    error: (iss) => (iss.input === undefined ? 'missing (required)' : undefined),
  })
  if (!result.success) {
    throw new SchemeError(
      file,
      result.error.issues.map((issue) => toIssue(issue, raw, doc, lineCounter)),
    )
  }
  return deepFreeze(result.data)
}

type RawFile = { schemes?: { id?: unknown; rules?: { indicator_id?: unknown; tasks?: unknown }[] }[] }

function toIssue(
  issue: z.core.$ZodIssue,
  raw: unknown,
  doc: ReturnType<typeof parseDocument>,
  lineCounter: LineCounter,
): SchemeIssue {
  const p = issue.path.filter((k): k is string | number => typeof k !== 'symbol')
  const out: SchemeIssue = { field: '', message: issue.message, line: lineOf(doc, p, lineCounter) }
  let field = p
  if (p[0] === 'schemes' && typeof p[1] === 'number') {
    const scheme = (raw as RawFile).schemes?.[p[1]]
    out.schemeId = typeof scheme?.id === 'string' ? scheme.id : `#${p[1] + 1}`
    field = p.slice(2)
    if (p[2] === 'rules' && typeof p[3] === 'number') {
      const rule = scheme?.rules?.[p[3]]
      // The plan-task rule has no indicator: it is named by its key.
      const id = rule?.tasks !== undefined ? 'tasks' : rule?.indicator_id
      out.indicatorId = typeof id === 'string' ? id : `rules[${p[3]}]`
      field = p.slice(4)
    }
  }
  out.field = field.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('')
  return out
}

/** The scheme with this id; throws naming the known ids when there is none. */
export function getScheme(id: string, file: SchemeFile = loadSchemes()): Scheme {
  const found = file.schemes.find((s) => s.id === id)
  if (!found)
    throw new Error(`unknown scoring scheme ${id}; known: ${file.schemes.map((s) => s.id).join(', ')}`)
  return found
}

/**
 * The scheme for a period: among those whose years cover `year` and whose period_types
 * include `periodType`, the highest version. Throws when none covers it.
 */
export function selectScheme(
  period: { year: number; periodType: PeriodType },
  file: SchemeFile = loadSchemes(),
): Scheme {
  const fits = file.schemes.filter(
    (s) =>
      s.period_types.includes(period.periodType) &&
      s.years.from <= period.year &&
      (s.years.to === null || period.year <= s.years.to),
  )
  const best = fits.sort((a, b) => b.version - a.version)[0]
  if (!best) {
    throw new Error(
      `没有适用于 ${period.year} 年（${period.periodType}）的评分方案 (no scoring scheme covers it)`,
    )
  }
  return best
}
