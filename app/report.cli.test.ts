import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadDemoData } from '../etl/demo-bootstrap'
import { loadPlans } from '../indicators/plans'
import { openWarehouse } from '../warehouse/client'
import { loadWarehouseConfig } from '../warehouse/config'
import { migrate } from '../warehouse/migrate'
import { VERDICT_LABEL } from '../web/server/reports'
import { documentXml, docxParagraphs, docxTables } from '../web/server/reports/final-evaluation.testing'

const root = path.resolve(import.meta.dirname, '..')
const run = promisify(execFile)

interface Result {
  code: number
  stdout: string
  stderr: string
}

/** A CLI in its own process: its exit code and output. */
async function cli(args: string[], env: Record<string, string>): Promise<Result> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', ...args], {
      cwd: root,
      env: { ...process.env, ...env },
      timeout: 180_000,
    })
    return { code: 0, stdout, stderr }
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string }
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' }
  }
}

/**
 * `npm run report -- final-evaluation` end to end: the demo district in a temporary
 * DATA_DIR, the CLI in its own process writing a DOCX and a PDF; the verdicts it prints
 * equal the statuses `npm run indicators -- values --year 2025` gives.
 */
describe('npm run report -- final-evaluation', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-cli-'))
  const env = { DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'warn' }
  const plan = loadPlans().get('fyp14')!
  const indicators = plan.catalog.indicators

  beforeAll(async () => {
    const wh = openWarehouse(loadWarehouseConfig(env).warehouse)
    try {
      await migrate(wh)
      await loadDemoData(wh, { dataDir: env.DATA_DIR, scale: 0.01, log: () => {} })
    } finally {
      await wh.close()
    }
  }, 300_000)
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

  it('writes a DOCX with every 十四五 indicator and its verdict, as `indicators values` has them', async () => {
    const out = path.join(dir, 'f.docx')
    const r = await cli(
      ['app/report.cli.ts', 'final-evaluation', '--plan', 'fyp14', '--format', 'docx', '--out', out],
      env,
    )
    expect(r.code, r.stderr).toBe(0)
    const values = await cli(
      ['semantic-layer/cli/indicators.cli.ts', 'values', '--year', '2025', '--json'],
      env,
    )
    expect(values.code, values.stderr).toBe(0)
    const statuses = new Map(
      (JSON.parse(values.stdout) as Array<{ id: string; status: string }>).map((v) => [v.id, v.status]),
    )
    expect([...statuses.values()].every((s) => ['met', 'missed', 'no_data', 'no_target'].includes(s))).toBe(
      true,
    )

    const xml = documentXml(fs.readFileSync(out))
    const summary = docxTables(xml).find((t) => t[0]!.cells[4] === '评估结论')!
    const rows = new Map(summary.slice(1).map((row) => [row.cells[0], row.cells[4]]))
    for (const ind of indicators) {
      const verdict = VERDICT_LABEL[statuses.get(ind.id) as keyof typeof VERDICT_LABEL]
      expect(rows.get(ind.name_zh), ind.id).toBe(verdict)
      expect(
        docxParagraphs(xml).some((p) => p.endsWith(`. ${ind.name_zh}（${verdict}）`)),
        ind.id,
      ).toBe(true)
    }
    // One line, Chinese first, with the counts the statuses give.
    const met = [...statuses.values()].filter((s) => s === 'met').length
    const missed = [...statuses.values()].filter((s) => s === 'missed').length
    expect(r.stdout.trim().split('\n')).toHaveLength(1)
    expect(r.stdout).toContain(
      `✓ 终期评估：${plan.name_zh}（2021–2025年）${indicators.length} 项指标，达成 ${met} 项，未达成 ${missed} 项`,
    )
    expect(r.stdout).toContain(`${met} met, ${missed} missed`)
  }, 240_000)

  it('defaults to the latest plan that is over and writes a PDF', async () => {
    const out = path.join(dir, 'f.pdf')
    // The pilot plan (2026–2030) beside it runs still: the default is the 十四五 plan.
    const r = await cli(['app/report.cli.ts', 'final-evaluation', '--format', 'pdf', '--out', out], {
      ...env,
      PLANS_DIR: ['plans', 'test/fixtures/plans'].join(path.delimiter),
    })
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain(plan.name_zh)
    expect(fs.readFileSync(out).subarray(0, 5).toString('latin1')).toBe('%PDF-')
  }, 240_000)

  it('refuses bad arguments, an unknown plan and a plan still running with exit code 2', async () => {
    const out = path.join(dir, 'never.docx')
    const base = ['app/report.cli.ts', 'final-evaluation']
    const cases: Array<[string[], RegExp]> = [
      [['app/report.cli.ts', 'summary', '--format', 'docx', '--out', out], /请指定报告/],
      [[...base, '--format', 'xlsx', '--out', out], /--format 必须是 docx 或 pdf/],
      [[...base, '--format', 'docx'], /--out/],
      [[...base, '--format', 'docx', '--out', out, '--colour', 'red'], /参数无效/],
      [[...base, '--plan', 'nope', '--format', 'docx', '--out', out], /^没有这个规划：nope/],
      [
        [...base, '--plan', 'fyp15-pilot', '--format', 'docx', '--out', out],
        /尚未结束，规划期满后才能做终期评估/,
      ],
    ]
    for (const [args, message] of cases) {
      const r = await cli(args, { ...env, PLANS_DIR: ['plans', 'test/fixtures/plans'].join(path.delimiter) })
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.stderr, args.join(' ')).toMatch(message)
    }
    expect(fs.existsSync(out)).toBe(false)
  }, 240_000)
})
