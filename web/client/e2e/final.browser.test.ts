import fs from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { VERDICT_LABEL } from '../../server/reports/final-evaluation.content'
import { documentXml, docxParagraphs, docxTables } from '../../server/reports/final-evaluation.testing'
import type { FinalEvaluation } from '../src/pages/final/final'
import { setupApp } from './app'
import { screenshot, signIn, trpcQuery } from './browser'
import { ARTIFACTS } from './testing'

/** The plans the server lists (reference.plans). */
interface PlanRow {
  id: string
  name_zh: string
  closed: boolean
  period: { start: number; end: number }
}

const tileCount = async (page: Page, verdict: string) =>
  Number(
    await page.getByTestId('final-summary').locator(`[data-verdict=${verdict}] .summary-count`).textContent(),
  )

/**
 * 终期评估 in real Chromium against the real server on fresh demo data: a leader reads the
 * closed 十四五 plan's outcome (the same counts as the API's) and downloads the DOCX; a
 * department account has no such page and the server refuses it the data and the file.
 */
describe('终期评估 in a real browser', () => {
  const app = setupApp()

  it('a leader sees the closed plan summarized as the API has it, each row opening its indicator, and takes the DOCX', async () => {
    await app.withPage(async ({ page }) => {
      await signIn(page, app.server.url, 'leader')
      await page.getByRole('link', { name: '终期评估' }).click()
      await page.getByRole('heading', { name: '终期评估', level: 1 }).waitFor()
      const plans = await trpcQuery<PlanRow[]>(page, 'reference.plans', undefined)
      const closed = plans.data.filter((p) => p.closed).sort((a, b) => b.period.end - a.period.end)
      expect(closed.length).toBeGreaterThan(0)
      const plan = closed[0]!
      // Once the page has it (the same query, then from the result cache).
      await page.getByTestId('final-summary').waitFor({ timeout: 60_000 })
      const api = await trpcQuery<FinalEvaluation>(page, 'reports.finalEvaluationData', { plan: plan.id })
      expect(api.status).toBe(200)
      const s = api.data.summary
      expect(await page.getByTestId('final-plan').textContent()).toContain(plan.name_zh)
      expect(await tileCount(page, 'met')).toBe(s.met)
      expect(await tileCount(page, 'missed')).toBe(s.missed)
      expect(await tileCount(page, 'no_data')).toBe(s.no_data)
      expect(s.met + s.missed).toBeGreaterThan(0)
      // By area: each area's counts as the API's, and the total row.
      const areas = page.getByTestId('final-areas')
      for (const a of s.by_area) {
        const row = areas.locator(`tr[data-row=${a.area}]`)
        expect(await row.locator('th').textContent()).toBe(a.area_zh)
        expect(await row.locator('[data-verdict=met]').textContent(), a.area).toBe(String(a.met))
        expect(await row.locator('[data-verdict=missed]').textContent(), a.area).toBe(String(a.missed))
      }
      expect(await areas.locator('.fe-total [data-verdict=met]').textContent()).toBe(String(s.met))

      // One row per indicator with its verdict; the name opens the indicator at the plan's last year.
      const table = page.getByTestId('final-table')
      expect(await table.locator('tr[data-indicator]').count()).toBe(api.data.indicators.length)
      for (const ind of api.data.indicators) {
        const row = table.locator(`tr[data-indicator=${ind.id}]`)
        expect(await row.locator('.badge').textContent(), ind.id).toBe(VERDICT_LABEL[ind.verdict])
        expect(await row.getByRole('link').getAttribute('href')).toBe(
          `#/indicator/${ind.id}?year=${plan.period.end}`,
        )
      }
      await screenshot(page, 'final-leader')

      const [file] = await Promise.all([
        page.waitForEvent('download', { timeout: 120_000 }),
        page.getByRole('button', { name: '终期评估报告DOCX', exact: true }).click(),
      ])
      expect(file.suggestedFilename()).toBe(`终期评估_${plan.name_zh}.docx`)
      const saved = path.join(ARTIFACTS, 'final-evaluation-leader.docx')
      await file.saveAs(saved)
      const xml = documentXml(fs.readFileSync(saved))
      const rows = docxTables(xml).find((t) => t[0]!.cells[4] === '评估结论')!
      expect(rows.slice(1).map((r) => [r.cells[0], r.cells[4]])).toEqual(
        api.data.indicators.map((i) => [i.name_zh, VERDICT_LABEL[i.verdict]]),
      )
      expect(docxParagraphs(xml)).toContain(`${plan.name_zh}终期评估报告`)

      const first = api.data.indicators[0]!
      await table.locator(`tr[data-indicator=${first.id}]`).getByRole('link').click()
      await page.waitForURL(`**/#/indicator/${first.id}?year=${plan.period.end}`)
    })
  })

  it('a department account has no 终期评估 and the server refuses it the data and the file', async () => {
    const dept = app.demoUsers().find((u) => u.startsWith('dept_'))!
    await app.withPage(async ({ page, allow }) => {
      await signIn(page, app.server.url, dept)
      expect(await page.getByRole('link', { name: '终期评估' }).count()).toBe(0)
      await page.goto(`${app.server.url}/#/final`)
      await page.getByText('当前角色无权访问此页面。').waitFor()
      const plans = await trpcQuery<PlanRow[]>(page, 'reference.plans', undefined)
      const plan = plans.data.find((p) => p.closed)!
      const data = await trpcQuery(page, 'reports.finalEvaluationData', { plan: plan.id })
      expect(data.status).toBe(403)
      const file = await page.evaluate(
        async (input) =>
          (await fetch(`/files/reports.finalEvaluation?input=${encodeURIComponent(input)}`)).status,
        JSON.stringify({ plan: plan.id, format: 'docx' }),
      )
      expect(file).toBe(403)
      allow(/status of 403/)
    })
  })
})
