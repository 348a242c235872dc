import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { FIGURES_DIR, type Figure, readAllFigures } from './figures'

/**
 * `npm run test:reliability`: the long fault, load and bad-input suites plus the security
 * suites, one file at a time, then one summary of what passed and what was measured.
 */
const root = path.resolve(import.meta.dirname, '../..')
fs.rmSync(FIGURES_DIR, { recursive: true, force: true })
fs.mkdirSync(FIGURES_DIR, { recursive: true })
const report = path.join(FIGURES_DIR, 'vitest-report.json.out')
const started = Date.now()
const run = spawnSync(
  process.execPath,
  [
    path.join(root, 'node_modules/vitest/vitest.mjs'),
    'run',
    '--config',
    'vitest.reliability.config.ts',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: 'inherit' },
)

interface VitestJson {
  testResults: Array<{
    name: string
    status: string
    startTime: number
    endTime: number
    assertionResults: Array<{ status: string }>
  }>
}

const line = (cells: string[]) => `| ${cells.join(' | ')} |`
const fmt = (v: Figure | undefined) => (v === undefined || v === null ? '' : String(v))

console.log(
  `\n== 可靠性与安全测试汇总 (reliability and security summary), ${((Date.now() - started) / 60_000).toFixed(1)} min\n`,
)
if (fs.existsSync(report)) {
  const json = JSON.parse(fs.readFileSync(report, 'utf8')) as VitestJson
  console.log(line(['suite', 'tests', 'passed', 'failed', 'seconds']))
  console.log(line(['---', '---:', '---:', '---:', '---:']))
  for (const f of json.testResults) {
    const passed = f.assertionResults.filter((a) => a.status === 'passed').length
    const failed = f.assertionResults.filter((a) => a.status === 'failed').length
    console.log(
      line([
        path.relative(root, f.name),
        String(f.assertionResults.length),
        String(passed),
        String(failed),
        ((f.endTime - f.startTime) / 1000).toFixed(0),
      ]),
    )
  }
} else {
  console.log('(vitest wrote no report; see its output above)')
}

for (const set of readAllFigures()) {
  console.log(`\n### ${set.suite}\n`)
  const columns = [...new Set(set.rows.flatMap((r) => Object.keys(r)))]
  console.log(line(columns))
  console.log(line(columns.map(() => '---')))
  for (const r of set.rows) console.log(line(columns.map((c) => fmt(r[c]))))
  for (const n of set.notes ?? []) console.log(`- ${n}`)
}
process.exit(run.status ?? 1)
