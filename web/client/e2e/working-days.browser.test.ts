import { describe, expect, it } from 'vitest'
import { setupApp } from './app'
import { screenshot, settled, signIn, trpcQuery } from './browser'

const PROCEDURAL = [
  'bad_review_ontime_rectification_rate',
  'application_ontime_rate',
  'avg_visits',
  'evaluation_coverage_rate',
  'sharing_response_workdays',
]

/**
 * The five working-day indicators on demo data in real Chromium: cards, detail pages with
 * their breakdowns, a department's own figures and 自助分析 — each figure in its unit (%, 次,
 * 个工作日), never as 万.
 */
describe('working-day indicators in the browser', () => {
  const app = setupApp()

  it('cards, details and drill-downs read in their units', async () => {
    await app.withPage(async ({ page }) => {
      await signIn(page, app.server.url, 'leader')
      const card = (id: string) => page.locator(`[data-testid=indicator-card][data-id=${id}]`)
      await card('avg_visits').waitFor({ timeout: 30_000 })
      for (const id of PROCEDURAL)
        expect(await card(id).getAttribute('data-status'), id).toMatch(/met|missed/)
      expect(await card('avg_visits').locator('.ind-value').textContent()).toMatch(/^\d\.\d\d 次$/)
      expect(await card('sharing_response_workdays').locator('.ind-value').textContent()).toMatch(
        /^\d+\.\d 个工作日$/,
      )
      for (const id of [
        'bad_review_ontime_rectification_rate',
        'application_ontime_rate',
        'evaluation_coverage_rate',
      ])
        expect(await card(id).locator('.ind-value').textContent(), id).toMatch(/^\d+\.\d%$/)
      for (const id of ['avg_visits', 'sharing_response_workdays']) {
        const text = (await card(id).textContent()) ?? ''
        expect(text, id).not.toMatch(/万|%/)
      }
      await card('avg_visits').scrollIntoViewIfNeeded()
      await screenshot(page, 'working-days-scorecard')

      // 平均跑动次数: lower is better, by department and by town.
      await page.getByRole('link', { name: '查看平均跑动次数详情' }).click()
      await page.getByRole('heading', { name: '平均跑动次数', level: 1 }).waitFor({ timeout: 30_000 })
      for (const id of ['yearly', 'monthly', 'by-dept', 'by-region', 'definition'])
        await page.getByTestId(id).waitFor()
      await settled(page)
      const definition = (await page.getByTestId('definition').textContent()) ?? ''
      expect(definition).toContain('次数（次）')
      expect(definition).toContain('越低越好')
      expect(await page.getByTestId('by-dept').locator('tbody tr').count()).toBeGreaterThan(3)
      expect(await page.getByTestId('by-region').locator('tbody tr').count()).toBeGreaterThan(3)
      expect(await page.getByTestId('by-dept').textContent()).toMatch(/\d\.\d\d 次/)
      expect(await page.getByTestId('by-dept').textContent()).not.toMatch(/万/)
      await screenshot(page, 'working-days-avg-visits')

      // 共享需求平均响应工作日: by requesting department only.
      await page.goto(`${app.server.url}/#/indicator/sharing_response_workdays?year=2024`)
      await page
        .getByRole('heading', { name: '共享需求平均响应工作日', level: 1 })
        .waitFor({ timeout: 30_000 })
      await page.getByTestId('by-dept').waitFor()
      await settled(page)
      expect(await page.getByTestId('definition').textContent()).toContain('工作日（个）')
      expect(await page.getByTestId('by-dept').textContent()).toMatch(/\d\.\d 个工作日/)
      await screenshot(page, 'working-days-sharing-response')

      // 办件按时办结率: by completion date, with the town drill.
      await page.goto(`${app.server.url}/#/indicator/application_ontime_rate?year=2024`)
      await page.getByRole('heading', { name: '办件按时办结率', level: 1 }).waitFor({ timeout: 30_000 })
      await page.getByTestId('by-region').waitFor()
      await settled(page)
      expect(await page.getByTestId('by-region').locator('tbody tr').count()).toBeGreaterThan(3)
      await screenshot(page, 'working-days-application-ontime')
    })
  })

  it('a department sees its own figures; an analyst explores completions by department', async () => {
    const dept = app.demoUsers().find((u) => u.startsWith('dept_'))!
    await app.withPage(async ({ page }) => {
      await signIn(page, app.server.url, dept)
      const card = page.locator('[data-testid=indicator-card][data-id=application_ontime_rate]')
      await card.waitFor({ timeout: 30_000 })
      expect(await card.locator('.ind-value').textContent()).toMatch(/%$/)
      await screenshot(page, 'working-days-department')
    })
    await app.withPage(async ({ page }) => {
      await signIn(page, app.server.url, 'analyst')
      await page.getByRole('heading', { name: '自助分析' }).waitFor()
      await page.getByLabel('数据视图').selectOption('completion_kpis')
      const checked = page.locator('.checklist input:checked')
      while ((await checked.count()) > 0) await checked.first().uncheck()
      for (const name of ['办件按时办结率', '主动评价率', '办结办件量（按办结时间）', '部门名称'])
        await page.getByRole('checkbox', { name, exact: true }).check()
      await page.getByLabel('时间维度', { exact: true }).selectOption({ label: '办结时间' })
      await page.getByLabel('粒度').selectOption({ label: '年' })
      await page.getByLabel('起始日期').fill('2024-01-01')
      await page.getByLabel('结束日期').fill('2025-12-31')
      await page.getByRole('button', { name: '运行查询' }).click()
      await settled(page, 60_000)
      const r = await trpcQuery<{ data: Array<Record<string, unknown>> }>(page, 'explore.run', {
        measures: ['completion_kpis.application_ontime_rate', 'completion_kpis.completions'],
        dimensions: ['completion_kpis.dept_name'],
        timeDimension: {
          dimension: 'completion_kpis.date',
          granularity: 'year',
          dateRange: ['2024-01-01', '2025-12-31'],
        },
      })
      expect(r.status).toBe(200)
      expect(r.data.data.length).toBeGreaterThan(5)
      await screenshot(page, 'working-days-explore')
    })
  })
})
