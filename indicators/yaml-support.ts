import path from 'node:path'
import { LineCounter, parseDocument } from 'yaml'

/** Shared by the YAML loaders (catalog, scoring schemes): error locations and immutability. */

/** `indicators[3].targets[0].value` from a zod issue path. */
export function formatPath(p: (string | number)[]): string {
  return p.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('')
}

/** Line of the deepest node on the path that exists (a missing field points at its parent). */
export function lineOf(
  doc: ReturnType<typeof parseDocument>,
  p: (string | number)[],
  lineCounter: LineCounter,
): number | undefined {
  for (let n = p.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(p.slice(0, n), true)
    const range = (node as { range?: [number, number, number] } | undefined)?.range
    if (range) return lineCounter.linePos(range[0]).line
  }
  return undefined
}

/** Loaded files are shared, cached objects: freeze them so no caller can change them for another. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const v of Object.values(value)) deepFreeze(v)
  }
  return value
}

/** One problem in a YAML file, located as precisely as the loader could. */
export interface YamlIssue {
  schemeId?: string
  indicatorId?: string
  field: string
  line?: number
  message: string
}

/** `file: title` and one indented line per issue: `catalog.yml:12: indicator x, field y: why`. */
export function issuesMessage(file: string, title: string, issues: YamlIssue[]): string {
  const line = (i: YamlIssue) => {
    const where = i.line ? `${path.basename(file)}:${i.line}: ` : ''
    const scheme = i.schemeId ? `scheme ${i.schemeId}, ` : ''
    const who = i.indicatorId ? `indicator ${i.indicatorId}, ` : ''
    return `  ${where}${scheme}${who}field ${i.field || '(root)'}: ${i.message}`
  }
  return `${file}: ${title}\n${issues.map(line).join('\n')}`
}

/** A YAML document as the loaders read it: the parsed value and where each node is. */
export interface ParsedYaml {
  doc: ReturnType<typeof parseDocument>
  lineCounter: LineCounter
  raw: unknown
}

/**
 * Parses YAML text (aliases allowed, as the plan files use them); syntax errors are handed
 * to `fail` as issues with their lines (fail throws the loader's own error).
 */
export function parseYaml(text: string, fail: (issues: YamlIssue[]) => never): ParsedYaml {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, prettyErrors: false })
  if (doc.errors.length > 0) {
    fail(
      doc.errors.map((e) => ({
        field: '',
        line: lineCounter.linePos(e.pos[0]).line,
        message: `YAML syntax: ${e.message.split('\n')[0]}`,
      })),
    )
  }
  return { doc, lineCounter, raw: doc.toJS({ maxAliasCount: -1 }) }
}

/** Zod issues as YAML issues: the field path and the line it is on. */
export function zodIssues(
  issues: readonly { path: PropertyKey[]; message: string }[],
  { doc, lineCounter }: Pick<ParsedYaml, 'doc' | 'lineCounter'>,
): YamlIssue[] {
  return issues.map((issue) => {
    const p = issue.path.filter((k): k is string | number => typeof k !== 'symbol')
    return { field: formatPath(p), line: lineOf(doc, p, lineCounter), message: issue.message }
  })
}
