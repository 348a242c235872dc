import fs from 'node:fs'
import path from 'node:path'
import ts from 'typescript'
import { isRootFile, isTestCode, LAYERS, type Layer, layerOf, TYPE_ONLY } from '../architecture'

/**
 * Checks architecture.ts's import rules on a set of source files (path → text): every
 * import, `export … from`, dynamic `import()` and `import('…')` type is read with the
 * TypeScript parser and its relative path resolved to a layer.
 */

export interface ImportRef {
  specifier: string
  typeOnly: boolean
  line: number
}

/** Every module reference of one file. Bare specifiers (packages, node:) are included. */
export function importsOf(file: string, text: string): ImportRef[] {
  const kind = file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, kind)
  const refs: ImportRef[] = []
  const add = (lit: ts.Node, typeOnly: boolean) => {
    if (!ts.isStringLiteralLike(lit)) return
    const line = sf.getLineAndCharacterOfPosition(lit.getStart(sf)).line + 1
    refs.push({ specifier: lit.text, typeOnly, line })
  }
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause
      const named = clause?.namedBindings
      const allNamedTypes =
        !!clause &&
        !clause.name &&
        !!named &&
        ts.isNamedImports(named) &&
        named.elements.length > 0 &&
        named.elements.every((e) => e.isTypeOnly)
      add(node.moduleSpecifier, !!clause && (clause.isTypeOnly || allNamedTypes))
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      const named = node.exportClause
      const allNamedTypes =
        !!named &&
        ts.isNamedExports(named) &&
        named.elements.length > 0 &&
        named.elements.every((e) => e.isTypeOnly)
      add(node.moduleSpecifier, node.isTypeOnly || allNamedTypes)
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression, node.isTypeOnly)
    } else if (ts.isCallExpression(node) && node.arguments.length > 0) {
      const callee = node.expression
      const dynamic = callee.kind === ts.SyntaxKind.ImportKeyword
      const required = ts.isIdentifier(callee) && callee.text === 'require'
      if (dynamic || required) add(node.arguments[0]!, false)
    } else if (ts.isImportTypeNode(node)) {
      const arg = node.argument
      if (ts.isLiteralTypeNode(arg)) add(arg.literal, true)
    }
    ts.forEachChild(node, visit)
  }
  visit(sf)
  return refs
}

const EXTENSIONS = ['', '.ts', '.tsx', '.d.ts', '/index.ts', '/index.tsx']

/** The repository path a relative specifier names: a known file when one matches. */
export function resolveSpecifier(from: string, specifier: string, known: ReadonlySet<string>): string {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier))
  const stem = base.replace(/\.(m|c)?js$/, '')
  for (const ext of EXTENSIONS) {
    if (known.has(stem + ext)) return stem + ext
  }
  // Not among the files checked: name it as the module it would be.
  return path.posix.extname(stem) ? base : `${stem}.ts`
}

export interface Violation {
  file: string
  line: number
  specifier: string
  message: string
}

function allowedFor(layer: Layer): string {
  const may = LAYERS[layer] as readonly string[]
  const types = TYPE_ONLY[layer] ?? []
  const list = may.length ? may.join(', ') : 'nothing outside itself'
  return types.length ? `${list} (types only: ${types.join(', ')})` : list
}

/** Circles in a directed graph (strongly connected components of more than one node, or a self-loop). */
export function circles(graph: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  let index = 0
  const idx = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const out: string[][] = []
  const strong = (v: string) => {
    idx.set(v, index)
    low.set(v, index)
    index++
    stack.push(v)
    onStack.add(v)
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        strong(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, idx.get(w)!))
      }
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = []
      let w: string
      do {
        w = stack.pop()!
        onStack.delete(w)
        scc.push(w)
      } while (w !== v)
      if (scc.length > 1 || graph.get(v)?.has(v)) out.push(scc.sort())
    }
  }
  for (const v of [...graph.keys()].sort()) if (!idx.has(v)) strong(v)
  return out
}

/**
 * Every broken rule in `files` (repository path → source text): a forbidden edge between
 * layers, production code importing test code, a production file outside every layer, a
 * circle between layers or between production files.
 */
export function checkImports(files: ReadonlyMap<string, string>): Violation[] {
  const known = new Set(files.keys())
  const violations: Violation[] = []
  const fileGraph = new Map<string, Set<string>>()
  const layerGraph = new Map<string, Set<string>>()
  for (const [file, text] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    if (isTestCode(file) || isRootFile(file)) continue
    const layer = layerOf(file)
    if (!layer) {
      violations.push({
        file,
        line: 1,
        specifier: '',
        message: `${file} is in no layer: add its folder to LAYERS in architecture.ts (and README's table)`,
      })
      continue
    }
    const edges = new Set<string>()
    fileGraph.set(file, edges)
    for (const ref of importsOf(file, text)) {
      if (!ref.specifier.startsWith('.')) continue
      const target = resolveSpecifier(file, ref.specifier, known)
      const where = `${file}:${ref.line} imports '${ref.specifier}'`
      if (isTestCode(target)) {
        violations.push({
          ...ref,
          file,
          message: `${where} (${target}): production code may not import test code`,
        })
        continue
      }
      if (known.has(target)) edges.add(target)
      const to = layerOf(target)
      if (to === layer) continue
      if (to) (layerGraph.get(layer) ?? layerGraph.set(layer, new Set()).get(layer)!).add(to)
      const allowed =
        to !== undefined &&
        ((LAYERS[layer] as readonly string[]).includes(to) ||
          (ref.typeOnly && (TYPE_ONLY[layer] ?? []).includes(to)))
      if (!allowed) {
        violations.push({
          ...ref,
          file,
          message: `${where} (${to ?? target}): ${layer} may import ${allowedFor(layer)} — not ${to ?? `${target}, which is in no layer`} (architecture.ts)`,
        })
      }
    }
  }
  for (const circle of circles(layerGraph)) {
    violations.push({
      file: circle[0]!,
      line: 0,
      specifier: '',
      message: `layers import each other in a circle: ${circle.join(' ⇄ ')}`,
    })
  }
  for (const circle of circles(fileGraph)) {
    violations.push({
      file: circle[0]!,
      line: 0,
      specifier: '',
      message: `files import each other in a circle: ${circle.join(' ⇄ ')} (move the shared part, e.g. a type, to a file of its own)`,
    })
  }
  return violations
}

const SKIP_DIRS = new Set(['node_modules', 'dist', 'data', 'test-artifacts'])

/** Every .ts/.tsx file of the repository (hidden folders and build output skipped). */
export function readSources(root: string): Map<string, string> {
  const files = new Map<string, string>()
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      if (entry.name.startsWith('.') || SKIP_DIRS.has(entry.name)) continue
      const rel = dir ? `${dir}/${entry.name}` : entry.name
      if (entry.isDirectory()) walk(rel)
      else if (/\.(ts|tsx|mts|cts)$/.test(entry.name))
        files.set(rel, fs.readFileSync(path.join(root, rel), 'utf8'))
    }
  }
  walk('')
  return files
}
