import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { isTestCode } from '../architecture'
import { yearLiterals } from './year-literals'

const root = path.resolve(import.meta.dirname, '..')

/** The layers where a plan year must come from the plans' data, never from the code. */
const PLAN_FREE = ['web', 'semantic-layer', 'indicators']

function productionSources(dir: string): string[] {
  const out: string[] = []
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`
    if (entry.isDirectory()) out.push(...productionSources(rel))
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') && !isTestCode(rel)) out.push(rel)
  }
  return out
}

describe('plan years are data, not code', () => {
  it(`no four-digit year literal in production code of ${PLAN_FREE.join(', ')}`, () => {
    const files = PLAN_FREE.flatMap(productionSources)
    expect(files.length).toBeGreaterThan(100)
    const found = files.flatMap((file) =>
      yearLiterals(file, fs.readFileSync(path.join(root, file), 'utf8')).map(
        (y) => `${file}:${y.line} ${y.text}`,
      ),
    )
    expect(found).toEqual([])
  })

  it('finds years in numbers, strings, templates and JSX text, but not in comments or limits', () => {
    const src = [
      '// the 2025 goal, in a comment',
      '/** 2021–2025 */',
      'const a = 2025',
      "const b = '2025年目标'",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source text, not a template
      'const c = `${x}-2024-12-31`',
      'const d = <p>2030年</p>',
      'const e = 2_000 + 12345 + 20250',
      "const f = 'v1.2024'",
    ].join('\n')
    expect(yearLiterals('x.tsx', src).map((y) => y.line)).toEqual([3, 4, 5, 6])
  })
})
