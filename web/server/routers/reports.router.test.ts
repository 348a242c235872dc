import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_PLANS_DIR } from '../../../indicators/plan-files'
import { loadPlans } from '../../../indicators/plans'
import { serveApp } from '../http.testing'
import { VERDICT_LABEL } from '../reports'
import { documentXml, docxTables } from '../reports/final-evaluation.testing'
import { openTestApp } from '../testing'

const FIXTURE_PLANS = path.resolve(import.meta.dirname, '../../../test/fixtures/plans')

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
})
