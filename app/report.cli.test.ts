import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadDemoData } from '../etl/demo-bootstrap'
import { loadPlans } from '../indicators/plans'
import { shanghaiDate } from '../indicators/shanghai-time'
import { openWarehouse } from '../warehouse/client'
import { loadWarehouseConfig } from '../warehouse/config'
import { migrate } from '../warehouse/migrate'
import type { PublicUser } from '../web/server/auth/users.store'
import { VERDICT_LABEL } from '../web/server/reports'
import { documentXml, docxParagraphs, docxTables } from '../web/server/reports/final-evaluation.testing'
import { fileCheckin, loadBoard, reviewCheckin } from '../web/server/tasks/tasks.service'
import { loadConfig } from './config'
import { openMeta } from './stores'
import { cli } from './testing'

/**
 * `npm run report -- final-evaluation` end to end: the demo district in a temporary
 * DATA_DIR, the CLI in its own process writing a DOCX and a PDF; the verdicts it prints
 * equal the statuses `npm run indicators -- values --year 2025` gives, and a task completion
 * accepted through the tasks service (in the same DATA_DIR's metadata store) reads 逾期完成.
 */
describe('npm run report -- final-evaluation', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-cli-'))
  const env = { DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'warn' }
  const plan = loadPlans().get('fyp14')!
  const indicators = plan.catalog.indicators

  /** The task a department reports done (after the plan's end, so late) and an evaluator accepts. */
  const TASK = 'lead_the_city_by_2025'
  const NOTE = '年中系统切换，部分事项暂停网上办理两周'
  const user = (username: string, role: PublicUser['role'], dept_code: string | null): PublicUser => ({
    username,
    display_name: username,
    role,
    dept_code,
    disabled: false,
    password_changed_at: 0,
  })

  beforeAll(async () => {
    const wh = openWarehouse(loadWarehouseConfig(env).warehouse)
    try {
      await migrate(wh)
      await loadDemoData(wh, { dataDir: env.DATA_DIR, scale: 0.01, log: () => {} })
    } finally {
      await wh.close()
    }
    // A completion filed and accepted through the service (the department named as the demo
    // district names it: the embedded engine is the CLI's, not this process's).
    const meta = await openMeta(loadConfig(env))
    try {
      const deps = { meta: meta.db }
      const board = await loadBoard(deps, plan, [{ code: '11440306001', name: '区政务服务数据管理局' }])
      expect(board.find((t) => t.id === TASK)?.lead?.code).toBe('11440306001')
      const { id } = await fileCheckin(deps, plan, board, user('dept_a', 'department', '11440306001'), {
        taskId: TASK,
        percent: 100,
        note: '已完成',
        evidenceIds: [],
      })
      await reviewCheckin(deps, plan, user('evaluator', 'evaluator', null), {
        checkinId: id,
        decision: 'accept',
        reason: '',
      })
      // A district note an evaluator selected for the reports (情况说明).
      await meta.db
        .insertInto('indicator_notes')
        .values({
          indicator_id: indicators[0]!.id,
          scope_kind: 'district',
          scope_code: '',
          year: 2025,
          month: null,
          kind: 'cause',
          body: NOTE,
          author: 'evaluator',
          selected: true,
          selected_by: 'evaluator',
          selected_at: new Date(),
        })
        .execute()
    } finally {
      await meta.close()
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
    // The selected note prints under its indicator, as the app's download has it.
    expect(docxParagraphs(xml).some((p) => p.includes(NOTE))).toBe(true)
    // One line, Chinese first, with the counts the statuses give.
    const met = [...statuses.values()].filter((s) => s === 'met').length
    const missed = [...statuses.values()].filter((s) => s === 'missed').length
    expect(r.stdout.trim().split('\n')).toHaveLength(1)
    expect(r.stdout).toContain(
      `✓ 终期评估：${plan.name_zh}（2021–2025年）${indicators.length} 项指标，达成 ${met} 项，未达成 ${missed} 项`,
    )
    expect(r.stdout).toContain(`${met} met, ${missed} missed`)

    // The tasks, as the server reports them: the accepted completion late, the rest overdue.
    const total = plan.tasks.tasks.length
    expect(r.stdout).toContain(`；${total} 项任务，按期完成 0 项，逾期完成 1 项，未完成 ${total - 1} 项`)
    expect(r.stdout).toContain('tasks: 0 on time, 1 late')
    const done = docxTables(xml).find(
      (t) => t[0]!.cells.join('|') === '任务|牵头部门|截止日期|完成日期|完成情况',
    )
    const title = plan.tasks.tasks.find((t) => t.id === TASK)!.title_zh
    expect(done?.slice(1).map((row) => row.cells)).toEqual([
      [title, '区政务服务数据管理局', '2025-12-31', shanghaiDate(new Date()), '逾期完成'],
    ])
    const paras = docxParagraphs(xml)
    expect(paras).toContain('三、规划任务完成情况')
    expect(paras.filter((p) => /^（\d+）/.test(p))).toHaveLength(total - 1)
    expect(paras.filter((p) => p.startsWith('出处：《'))).toHaveLength(total - 1)
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
