import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { isTestCode, LAYERS, type Layer, layerOf, TYPE_ONLY } from '../architecture'
import { checkImports, circles, importsOf, readSources } from './import-rules'

const root = path.resolve(import.meta.dirname, '..')

/** The checker's verdict on a few virtual files. */
const verdict = (files: Record<string, string>) => checkImports(new Map(Object.entries(files)))

describe('import rules (architecture.ts)', () => {
  it('hold for every file of the repository', () => {
    const sources = readSources(root)
    expect(sources.size).toBeGreaterThan(200)
    expect(checkImports(sources).map((v) => v.message)).toEqual([])
  })

  it('fail on a forbidden import, naming the file, the import and the rule', () => {
    const found = verdict({
      'web/server/x.ts': "import { loadFile } from '../../etl/load/load'\nexport const f = loadFile\n",
      'etl/load/load.ts': 'export const loadFile = 1\n',
    })
    expect(found).toHaveLength(1)
    expect(found[0]).toMatchObject({ file: 'web/server/x.ts', line: 1, specifier: '../../etl/load/load' })
    expect(found[0]!.message).toBe(
      `web/server/x.ts:1 imports '../../etl/load/load' (etl): web/server may import ${LAYERS['web/server'].join(', ')} — not etl (architecture.ts)`,
    )
  })

  it('read re-exports, dynamic imports and import types, not only import declarations', () => {
    const found = verdict({
      'indicators/a.ts': "export * from '../warehouse/client'\n",
      'semantic-layer/engine/b.ts': "export const run = () => import('../../etl/cli')\n",
      'files/c.ts': "export type W = import('../web/server/trpc').AppDeps\n",
      'warehouse/d.ts': "export { openTestApp } from '../web/server/testing'\n",
    })
    expect(found.map((v) => [v.file, v.specifier])).toEqual([
      ['files/c.ts', '../web/server/trpc'],
      ['indicators/a.ts', '../warehouse/client'],
      ['semantic-layer/engine/b.ts', '../../etl/cli'],
      ['warehouse/d.ts', '../web/server/testing'],
    ])
    expect(found[3]!.message).toMatch(/production code may not import test code/)
  })

  it('let the client import the server only as types', () => {
    const spec = '../../server/routers/app.router'
    const found = verdict({
      'web/client/src/ok.ts': `import type { AppRouter } from '${spec}'\nimport { type AppRouter as R } from '${spec}'\n`,
      'web/client/src/bad.ts': `import { appRouter } from '${spec}'\n`,
    })
    expect(found.map((v) => v.file)).toEqual(['web/client/src/bad.ts'])
    expect(found[0]!.message).toContain(
      `web/client may import ${LAYERS['web/client'].join(', ')} (types only: web/server)`,
    )
  })

  it('exempt test code and dev tools, and name a production file outside every layer', () => {
    const etl = "import { loadFile } from '../../etl/load/load'\n"
    expect(
      verdict({
        'web/server/routers/x.test.ts': etl,
        'web/server/testing.ts': "import { loadDemoData } from '../../etl/demo-bootstrap'\n",
        'semantic-layer/testing/kill.cli.ts': "import { loadFile } from '../../etl/load/load'\n",
        'web/server/load/run.ts': "import type { Figure } from '../../../test/reliability/figures'\n",
      }),
    ).toEqual([])
    expect(verdict({ 'reports/x.ts': 'export const x = 1\n' })[0]!.message).toMatch(
      /reports\/x.ts is in no layer/,
    )
  })

  it('fail on a circle between production files, type-only included (prepare ⇄ jsonl was one)', () => {
    const found = verdict({
      'etl/read/prepare.ts':
        "import { jsonlToCsv } from './jsonl'\nexport type PreparedInput = { path: string }\n",
      'etl/read/jsonl.ts': "import type { PreparedInput } from './prepare'\nexport const jsonlToCsv = 1\n",
    })
    expect(found.map((v) => v.message)).toEqual([
      'files import each other in a circle: etl/read/jsonl.ts ⇄ etl/read/prepare.ts (move the shared part, e.g. a type, to a file of its own)',
    ])
  })

  it('fail on a circle between layers', () => {
    const found = verdict({
      'web/server/a.ts': "import type { X } from '../../app/b'\nexport type Y = 1\n",
      'app/b.ts': "import type { Y } from '../web/server/a'\nexport type X = 1\n",
    })
    expect(found.map((v) => v.message)).toContain('layers import each other in a circle: app ⇄ web/server')
  })

  it('are themselves one-way: every allowed edge names a layer and no edges form a circle', () => {
    const graph = new Map<string, Set<string>>()
    for (const [layer, may] of Object.entries(LAYERS) as Array<[Layer, readonly Layer[]]>) {
      const to = [...may, ...(TYPE_ONLY[layer] ?? [])]
      for (const t of to) expect(Object.keys(LAYERS), `${layer} → ${t}`).toContain(t)
      graph.set(layer, new Set(to))
    }
    expect(circles(graph)).toEqual([])
    // Only the composition root imports etl, semantic-layer and web together.
    const all = (Object.keys(LAYERS) as Layer[]).filter((l) => {
      const may = LAYERS[l] as readonly string[]
      return may.includes('etl') && may.includes('semantic-layer') && may.includes('web/server')
    })
    expect(all).toEqual(['app'])
  })

  it("match README.md's architecture table, row by row", () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8')
    const section = readme.slice(readme.indexOf('## Architecture'), readme.indexOf('### The warehouse'))
    const rows = section.split('\n').filter((l) => /^\| `[^`]+\/` \|/.test(l))
    const table: Record<string, { may: string[]; types: string[] }> = {}
    for (const row of rows) {
      const cells = row.split(' | ')
      const folder = /`([^`]+)\/`/.exec(cells[0]!)![1]!
      const [may = '', types = ''] = cells.at(-1)!.split('types only:')
      const names = (s: string) => [...s.matchAll(/`([^`]+)`/g)].map((m) => m[1]!.replace(/\/$/, '')).sort()
      table[folder] = { may: names(may), types: names(types) }
    }
    const rules = Object.fromEntries(
      (Object.keys(LAYERS) as Layer[]).map((l) => [
        l,
        { may: [...LAYERS[l]].sort(), types: [...(TYPE_ONLY[l] ?? [])].sort() },
      ]),
    )
    expect(table).toEqual(rules)
  })

  it('classify paths as the rules say', () => {
    expect(layerOf('web/server/routers/data.router.ts')).toBe('web/server')
    expect(layerOf('web/shared/explore.ts')).toBe('web/shared')
    expect(layerOf('webby/x.ts')).toBeUndefined()
    for (const f of [
      'test/reliability/run.ts',
      'etl/testing/fixtures.ts',
      'semantic-layer/bench/query-bench.ts',
      'web/client/e2e/global-setup.ts',
      'web/server/reports/fixtures.ts',
      'semantic-layer/testing/kpi-specs.fixtures.ts',
      'web/server/hostile/edge.testing.ts',
      'warehouse/migrate-kill.cli.ts',
      'etl/bench.ts',
      'warehouse/server-mode.reliability.test.ts',
    ]) {
      expect(isTestCode(f), f).toBe(true)
    }
    for (const f of ['etl/cli.ts', 'app/migrate.cli.ts', 'etl/load/load.ts', 'web/server/http.testing2.ts']) {
      expect(isTestCode(f), f).toBe(false)
    }
  })

  it('see through formatting: multi-line imports, side-effect imports, .tsx', () => {
    const refs = importsOf(
      'web/client/src/x.tsx',
      "import './base.css'\nimport {\n  a,\n  type B,\n} from '../../shared/explore'\nexport const X = () => <div>{a}</div>\n",
    )
    expect(refs).toEqual([
      { specifier: './base.css', typeOnly: false, line: 1 },
      { specifier: '../../shared/explore', typeOnly: false, line: 5 },
    ])
  })
})
