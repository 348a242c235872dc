import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_PLANS_DIR } from '../../../indicators/plan-files'
import { loadPlans } from '../../../indicators/plans'
import { shanghaiDate } from '../../../indicators/shanghai-time'
import { TASK_STATUS_ZH, TASK_STATUSES } from '../../../indicators/tasks/status'
import { serveApp } from '../http.testing'
import { VERDICT_LABEL } from '../reports'
import { documentXml, docxParagraphs, docxTables } from '../reports/final-evaluation.testing'
import { departmentDirectory } from '../tasks/departments'
import { ATTENTION_MAX } from '../tasks/task-summary'
import { fileCheckin, loadBoard, reviewCheckin } from '../tasks/tasks.service'
import { openTestApp } from '../testing'

const FIXTURE_PLANS = path.resolve(import.meta.dirname, '../../../test/fixtures/plans')

/** The text a reader can search in a PDF (poppler, drawing order). */
function pdfText(pdf: Buffer): string {
  const file = path.join(os.tmpdir(), `reports-router-${process.pid}-${Date.now()}.pdf`)
  fs.writeFileSync(file, pdf)
  try {
    return execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' })
  } finally {
    fs.rmSync(file, { force: true })
  }
}

/**
 * 终期评估 through the API: the data for the page and the DOCX/PDF over the /files/ route,
 * on the demo district with the 十四五 plan (over by now) and a pilot plan that runs.
 */
describe('reports.finalEvaluation', () => {
  let app: Awaited<ReturnType<typeof openTestApp>>
  beforeAll(async () => {
    app = await openTestApp(0.01)
    // Beside the 十四五 plan, a plan still running (2026–2030).
    app.deps.plans = loadPlans([DEFAULT_PLANS_DIR, FIXTURE_PLANS], new Date('2026-11-30T02:00:00Z'))
  }, 240_000)
  afterAll(() => app.dispose())

  it('gives leaders the evaluation of a closed plan: one row per indicator, the counts adding up', async () => {
    const ev = await app.caller('leader').reports.finalEvaluationData({ plan: 'fyp14' })
    const catalog = app.deps.plans.get('fyp14')!.catalog
    expect(ev.indicators.map((i) => i.id)).toEqual(catalog.indicators.map((i) => i.id))
    expect(ev.summary.met + ev.summary.missed + ev.summary.no_data + ev.summary.no_target).toBe(
      catalog.indicators.length,
    )
    // The scorecard of the final year says the same.
    const card = await app.caller('leader').scorecard.get({ year: 2025, asOf: '2025-12-31' })
    const status = new Map(card.indicators.map((i) => [i.id, i.status]))
    for (const i of ev.indicators) expect(i.verdict, i.id).toBe(status.get(i.id))
  })

  it('refuses an unknown plan (404) and a plan still running (409), in Chinese first', async () => {
    const caller = app.caller('evaluator')
    await expect(caller.reports.finalEvaluationData({ plan: 'nope' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/^没有这个规划：nope/),
    })
    await expect(caller.reports.finalEvaluationData({ plan: 'fyp15-pilot' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/尚未结束，规划期满后才能做终期评估/),
    })
  })

  it('serves the DOCX and the PDF over /files/ with Chinese names; refusals keep their status', async () => {
    const web = await serveApp(app.deps)
    try {
      const leader = await web.session('leader')
      const docx = await web.download('reports.finalEvaluation', { plan: 'fyp14', format: 'docx' }, leader)
      expect(docx.status).toBe(200)
      expect(docx.headers.get('content-type')).toBe(
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      )
      const disposition = docx.headers.get('content-disposition') ?? ''
      expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(disposition)![1]!)).toBe(
        '终期评估_示范区数字政府“十四五”规划.docx',
      )
      // Every indicator with its verdict, as the data has it.
      const ev = await app.caller('leader').reports.finalEvaluationData({ plan: 'fyp14' })
      const summary = docxTables(documentXml(docx.body)).find((t) => t[0]!.cells[4] === '评估结论')!
      expect(summary.slice(1).map((r) => [r.cells[0], r.cells[4]])).toEqual(
        ev.indicators.map((i) => [i.name_zh, VERDICT_LABEL[i.verdict]]),
      )

      const pdf = await web.download('reports.finalEvaluation', { plan: 'fyp14', format: 'pdf' }, leader)
      expect(pdf.status).toBe(200)
      expect(pdf.body.subarray(0, 5).toString('latin1')).toBe('%PDF-')
      expect(pdf.headers.get('content-disposition')).toContain('final-evaluation_fyp14.pdf')

      const open = await web.download(
        'reports.finalEvaluation',
        { plan: 'fyp15-pilot', format: 'pdf' },
        leader,
      )
      expect(open.status).toBe(409)
      expect(open.error?.message).toMatch(/^示范区数字政府“十五五”规划（试点）（2026–2030年）尚未结束/)
      const unknown = await web.download('reports.finalEvaluation', { plan: 'nope', format: 'docx' }, leader)
      expect(unknown.status).toBe(404)
      const dept = await web.session('dept_a')
      const refused = await web.download('reports.finalEvaluation', { plan: 'fyp14', format: 'docx' }, dept)
      expect(refused.status).toBe(403)
    } finally {
      web.close()
    }
  }, 120_000)

  it('counts a completion accepted through the tasks service as 逾期完成 in the briefing and the final evaluation, and lists the overdue tasks', async () => {
    const plan = app.deps.plans.get('fyp14')!
    const board = await loadBoard(app.deps, plan, await departmentDirectory(app.deps))
    const task = board.find((t) => t.id === 'lead_the_city_by_2025')!
    // Led by dept_a's department; the plan is over and nothing was reported yet: overdue.
    expect(task).toMatchObject({
      lead: { code: '11440306001', name: '区政务服务数据管理局' },
      status: 'overdue',
    })
    const { id } = await fileCheckin(app.deps, plan, board, app.users.dept_a!, {
      taskId: task.id,
      percent: 100,
      note: '已完成，年度考核位列全市第一',
      evidenceIds: [],
    })
    await reviewCheckin(app.deps, plan, app.users.evaluator!, {
      checkinId: id,
      decision: 'accept',
      reason: '',
    })
    const today = shanghaiDate(new Date())

    // The data behind the page.
    const { tasks } = await app.caller('leader').reports.finalEvaluationData({ plan: 'fyp14' })
    expect(tasks).toMatchObject({
      total: plan.tasks.tasks.length,
      done_on_time: 0,
      done_late: 1,
      not_done: plan.tasks.tasks.length - 1,
    })
    expect(tasks.completion_rate).toBeCloseTo(1 / plan.tasks.tasks.length, 10)
    expect(tasks.completed).toEqual([
      expect.objectContaining({
        id: task.id,
        status: 'done_late',
        status_zh: '逾期完成',
        completed_on: today,
        lead: '区政务服务数据管理局',
      }),
    ])
    expect(tasks.open.map((t) => t.id)).not.toContain(task.id)
    expect(tasks.open.every((t) => t.status === 'overdue')).toBe(true)

    // The DOCX: the completion in its table, every task left with its lead, deadline and clause.
    const docx = (await app.files('leader').reports.finalEvaluation({ plan: 'fyp14', format: 'docx' })).body
    const xml = documentXml(docx)
    const done = docxTables(xml).find(
      (t) => t[0]!.cells.join('|') === '任务|牵头部门|截止日期|完成日期|完成情况',
    )!
    expect(done.slice(1).map((r) => r.cells)).toEqual([
      [task.title_zh, '区政务服务数据管理局', '2025-12-31', today, '逾期完成'],
    ])
    const paras = docxParagraphs(xml)
    expect(paras).toContain(
      `规划共列 ${tasks.total} 项任务：按期完成 0 项，逾期完成 1 项，未完成（逾期） ${tasks.total - 1} 项；完成率 ${(100 / tasks.total).toFixed(1)}%。`,
    )
    for (const [k, t] of tasks.open.entries()) {
      const i = paras.indexOf(`（${k + 1}）${t.title_zh}`)
      expect(i, t.id).toBeGreaterThan(0)
      expect(paras[i + 1], t.id).toContain(`牵头部门：${t.lead}　截止日期：${t.deadline}　状态：逾期`)
      expect(paras[i + 2], t.id).toBe(`出处：《${t.source!.document}》：“${t.source!.clause}”`)
    }

    // The PDF says the same.
    const pdf = pdfText(
      (await app.files('leader').reports.finalEvaluation({ plan: 'fyp14', format: 'pdf' })).body,
    )
    expect(pdf).toMatch(
      new RegExp(`${task.title_zh}\\s+区政务服务数据管理局\\s+2025-12-31\\s+${today}\\s+逾期完成`),
    )
    expect(pdf).toContain('未完成的任务')
    expect(pdf.match(/^\f?出处：《/gm)?.length).toBe(tasks.open.length)

    // The leaders' briefing: the counts by status, the overdue tasks, the completion.
    const brief = pdfText((await app.files('leader').ranking.briefing({ year: 2025 })).body)
    expect(brief).toContain('规划任务')
    const counts = TASK_STATUSES.map((s) => (s === 'overdue' ? tasks.total - 1 : s === 'done_late' ? 1 : 0))
    expect(brief).toContain(TASK_STATUSES.map((s, i) => `${counts[i]}\n${TASK_STATUS_ZH[s]}`).join('\n'))
    expect(brief).toContain('逾期和有风险的任务（按紧急程度）')
    // Most urgent first: all overdue, so by deadline (as the final evaluation lists them).
    const first = tasks.open[0]!
    expect(brief).toMatch(new RegExp(`${first.lead}\\s+${first.deadline}\\s+0%\\s+逾期`))
    expect(brief).toContain(`另有 ${tasks.total - 1 - ATTENTION_MAX} 项逾期或有风险的任务未列出`)
    expect(brief).toMatch(
      new RegExp(`${task.title_zh}\\s+区政务服务数据管理局\\s+2025-12-31\\s+${today}\\s+逾期完成`),
    )
    // A department gets no briefing at all (leaders, evaluators and admins only).
    await expect(app.files('dept_a').ranking.briefing({ year: 2025 })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    })
  }, 180_000)
})
