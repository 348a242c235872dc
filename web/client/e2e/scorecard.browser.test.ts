import { describe, expect, it } from 'vitest'
import { setupApp } from './app'
import { screenshot, settled, signIn } from './browser'

/**
 * The leader's pages in real Chromium against the real server (embedded ClickHouse, small demo
 * data): sign-in, the scorecard and its filters, English, an indicator with drill-downs, a tablet.
 * Any console error or page exception fails the step.
 */
describe('scorecard pages in a real browser', () => {
  const app = setupApp()

  it('signs in with the keyboard, shows server errors, and gives the leader the scorecard', async () => {
    await app.withPage(async ({ page, allow }) => {
      await page.goto(app.server.url)
      await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('zh-CN')
      await page.getByRole('heading', { name: '登录' }).waitFor()
      await screenshot(page, '01-signin')

      await page.getByLabel('用户名').fill('leader')
      await page.getByLabel('密码').fill('wrong-password')
      await page.getByRole('button', { name: '登录' }).click()
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('用户名或密码错误')
      // The refused sign-in is a 401 the browser logs; that one is expected.
      expect(allow(/status of 401/)).toHaveLength(1)

      await signIn(page, app.server.url, 'leader')
      await expect
        .poll(() => page.locator('[data-testid=indicator-card]').count(), { timeout: 30_000 })
        .toBe(23)
      await expect.poll(() => page.getByTestId('user-name').textContent()).toContain('领导')
      const nav = page.getByRole('navigation', { name: '主导航' })
      expect(await nav.getByRole('link').allTextContents()).toEqual([
        '总览',
        '任务',
        '考核结果',
        '终期评估',
        '自助分析',
        '数据状态',
      ])
      // Areas in catalog order, each card with a status in words.
      const areas = await page.locator('section.area h2').allTextContents()
      expect(areas[0]).toBe('一网通办')
      expect(areas).toContain('基础设施')
      expect(await page.locator('[data-testid=indicator-card] .badge').count()).toBe(23)
      expect(await page.getByTestId('summary').textContent()).toMatch(/达标/)
      expect(await page.locator('text=数据截至').count()).toBeGreaterThan(0)
      // Off-track cards come first within the first area.
      const statuses = await page
        .locator('section.area')
        .first()
        .locator('[data-testid=indicator-card]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))
      const rank = (s: string | null) => (s === 'behind' ? 0 : s === 'at_risk' ? 1 : 2)
      expect(statuses.map(rank)).toEqual([...statuses.map(rank)].sort((a, b) => a - b))
      await screenshot(page, '02-scorecard-leader')
      // One plan: its name and period as quiet text (no chooser); the year picker offers its years.
      expect(await page.getByTestId('plan-name').textContent()).toBe(
        '规划：示范区数字政府“十四五”规划（2021–2025年）',
      )
      expect(await page.getByLabel('规划', { exact: true }).count()).toBe(0)
      expect(await page.getByLabel('年度').locator('option').allTextContents()).toEqual([
        '2021',
        '2022',
        '2023',
        '2024',
        '2025',
      ])

      // Filters: a town and a year go into the URL and reload the cards.
      await page.getByLabel('年度').selectOption('2023')
      await page.getByLabel('镇街').selectOption({ index: 1 })
      await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/year=2023.*region=\d+/)
      await settled(page)
      await expect
        .poll(() => page.locator('[data-testid=indicator-card]').count(), { timeout: 30_000 })
        .toBe(23)
      await screenshot(page, '03-scorecard-town-2023')

      // English, remembered in localStorage.
      await page.getByRole('button', { name: 'EN' }).click()
      await page.getByRole('heading', { name: 'Plan indicators overview' }).waitFor()
      await screenshot(page, '04-scorecard-english')
      await page.reload()
      await page.getByRole('heading', { name: 'Plan indicators overview' }).waitFor()
      await page.getByRole('button', { name: '中文' }).click()
      await page.getByRole('heading', { name: '规划指标总览' }).waitFor()
    })
  })

  it('opens an indicator, filters by department and drills from a town to its villages', async () => {
    await app.withPage(async ({ page }) => {
      await signIn(page, app.server.url, 'leader')
      await page.getByRole('link', { name: '查看12345按时办结率详情' }).click()
      await page.getByRole('heading', { name: '12345按时办结率', level: 1 }).waitFor({ timeout: 30_000 })
      for (const id of ['yearly', 'monthly', 'by-dept', 'by-region', 'definition', 'clauses']) {
        await page.getByTestId(id).waitFor()
      }
      expect(await page.getByTestId('yearly').locator('.recharts-wrapper').count()).toBe(1)
      // The default year (2025) is over: no 序时进度 marker, the year target decides.
      expect(await page.getByTestId('yearly').textContent()).not.toContain('序时进度')
      expect(await page.getByTestId('clauses').textContent()).toContain('本地设定')
      await screenshot(page, '05-indicator-detail')

      const regionPanel = page.getByTestId('by-region')
      const firstTown = (await regionPanel.locator('tbody th').first().textContent())!.trim()
      await regionPanel
        .getByRole('button', { name: /下钻到村（社区）/ })
        .first()
        .click()
      await page.getByRole('heading', { name: `${firstTown}下辖村（社区）` }).waitFor({ timeout: 30_000 })
      await settled(page)
      expect(await regionPanel.locator('tbody th').allTextContents()).not.toContain(firstTown)
      expect(await regionPanel.locator('tbody tr').count()).toBeGreaterThan(0)
      expect(await regionPanel.getByRole('navigation').textContent()).toContain(firstTown)
      await screenshot(page, '06-indicator-town-drill')
      await regionPanel.getByRole('button', { name: '全区' }).click()
      await page.getByRole('heading', { name: '地区分解（按差距排序）' }).waitFor()

      const deptPanel = page.getByTestId('by-dept')
      const firstDept = (await deptPanel.locator('tbody th').first().textContent())!.trim()
      await deptPanel.getByRole('button', { name: `只看该部门：${firstDept}` }).click()
      await expect
        .poll(() => deptPanel.locator('.chip').textContent(), { timeout: 30_000 })
        .toContain(firstDept)
      await expect.poll(() => deptPanel.locator('tbody tr').count(), { timeout: 30_000 }).toBe(1)
      await screenshot(page, '07-indicator-dept-filter')
    })
  })

  it('is readable on a tablet', async () => {
    await app.withPage(
      async ({ page }) => {
        await signIn(page, app.server.url, 'leader')
        await expect
          .poll(() => page.locator('[data-testid=indicator-card]').count(), { timeout: 30_000 })
          .toBe(23)
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(800)
        await screenshot(page, '13-scorecard-tablet')
      },
      { width: 800, height: 1100 },
    )
  })
})
