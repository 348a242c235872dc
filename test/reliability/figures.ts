import fs from 'node:fs'
import path from 'node:path'

/**
 * Long suites record what they measured here; `npm run test:reliability` prints them all
 * in one summary after the run (tests cannot print tables vitest would keep).
 */
export const FIGURES_DIR = path.resolve(import.meta.dirname, '../../test-artifacts/reliability')

export type Figure = string | number | boolean | null

export interface FigureSet {
  /** Suite name, e.g. 'bad-input corpus'. */
  suite: string
  /** One row per case: a label and what was measured. */
  rows: Array<{ case: string } & Record<string, Figure>>
  notes?: string[]
}

export function recordFigures(id: string, set: FigureSet): void {
  fs.mkdirSync(FIGURES_DIR, { recursive: true })
  fs.writeFileSync(path.join(FIGURES_DIR, `${id}.json`), `${JSON.stringify(set, null, 2)}\n`)
}

export function readAllFigures(): Array<FigureSet & { id: string }> {
  if (!fs.existsSync(FIGURES_DIR)) return []
  return fs
    .readdirSync(FIGURES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({
      id: f.replace(/\.json$/, ''),
      ...(JSON.parse(fs.readFileSync(path.join(FIGURES_DIR, f), 'utf8')) as FigureSet),
    }))
}
