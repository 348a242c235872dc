import path from 'node:path'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { setupApp } from './app'
import { screenshot, signIn, trpcQuery } from './browser'
import { ARTIFACTS, PASSWORD } from './testing'

interface ExploreResult {
  data: Array<Record<string, unknown>>
}

/**
 * Roles in real Chromium against the real server: what evaluators, admins, analysts and
 * department accounts see and may do, in the UI and through direct tRPC calls.
 */
describe('roles in a real browser', () => {
  const app = setupApp()

  it('shows 考核排名 to evaluators and admins, and data status', async () => {
    await app.withPage(async ({ page }) => {
      await signIn(page, app.server.url, 'evaluator')
      await page.getByRole('link', { name: '考核排名' }).click()
      await page.getByTestId('ranking').waitFor()
      await page.getByTestId('ranking-table').waitFor({ timeout: 60_000 })
      await screenshot(page, '08-ranking-evaluator')
    })
    await app.withPage(async ({ page }) => {
      await signIn(page, app.server.url, 'admin')
      expect(await page.getByRole('link', { name: '考核排名' }).count()).toBe(1)
      await page.getByRole('link', { name: '数据状态' }).click()
      const fresh = page.getByTestId('freshness')
      await expect.poll(() => fresh.locator('tbody tr').count(), { timeout: 30_000 }).toBe(10)
      await expect.poll(() => page.getByTestId('quarantine').locator('.qrow').count()).toBeGreaterThan(0)
      expect(await page.getByTestId('quarantine').textContent()).toContain('办件')
      expect(await page.getByTestId('runs').locator('.badge').first().textContent()).toBe('成功')
      await screenshot(page, '09-data-status-admin')
    })
  })

  it('lets the analyst run a query, see its SQL and download it as XLSX', async () => {
    await app.withPage(async ({ page, allow }) => {
      await signIn(page, app.server.url, 'analyst')
      await page.getByRole('heading', { name: '自助分析' }).waitFor()
      expect(await page.getByRole('link', { name: '考核排名' }).count()).toBe(0)
      await page.getByLabel('数据视图').selectOption('application_kpis')
      await page.getByRole('checkbox', { name: /办件量（不含撤回）/ }).check()
      await page.getByLabel('时间维度', { exact: true }).selectOption('application_kpis.date')
      await page.getByLabel('粒度').selectOption('year')
      await page.getByRole('button', { name: '运行查询' }).click()
      const table = page.getByTestId('explore-table')
      await expect.poll(() => table.locator('tbody tr').count(), { timeout: 30_000 }).toBeGreaterThan(10)
      expect(await table.locator('thead').textContent()).toContain('部门名称')
      // The chart is drawn just after the table (deferred), so it is waited for.
      await expect.poll(() => page.getByTestId('explore-chart').locator('.recharts-wrapper').count()).toBe(1)
      await page.getByRole('button', { name: '折线图' }).click()
      await page.getByRole('button', { name: '显示SQL' }).click()
      await expect
        .poll(() => page.getByTestId('sql-text').textContent(), { timeout: 30_000 })
        .toMatch(/SELECT/i)
      await screenshot(page, '10-explore-analyst')

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: '导出 Excel' }).click(),
      ])
      expect(download.suggestedFilename()).toMatch(/^自助分析_\d{4}-\d{2}-\d{2}\.xlsx$/)
      const file = path.join(ARTIFACTS, 'explore-export.xlsx')
      await download.saveAs(file)
      const wb = new ExcelJS.Workbook()
      await wb.xlsx.readFile(file)
      const ws = wb.worksheets[0]!
      const header = (ws.getRow(1).values as unknown[]).slice(1)
      expect(header).toContain('部门名称')
      expect(ws.rowCount).toBeGreaterThan(10)
      expect(typeof ws.getRow(2).getCell(header.length).value).toBe('number')

      // An analyst may not open 考核排名: no link, and the route says so.
      await page.goto(`${app.server.url}/#/ranking`)
      await page.getByText('当前角色无权访问此页面').waitFor()
      expect(allow(/status of/)).toEqual([])
      await page.getByRole('link', { name: '数据状态' }).click()
      await expect
        .poll(() => page.getByTestId('freshness').locator('tbody tr').count(), { timeout: 30_000 })
        .toBe(10)
      await screenshot(page, '11-data-status-analyst')
    })
  })

  it('keeps a department account to its own department, in the UI and through the API', async () => {
    const users = app.demoUsers().filter((u) => u.startsWith('dept_'))
    expect(users.length).toBeGreaterThan(1)
    const [mine, other] = [users[0]!, users[1]!]
    await app.withPage(async ({ page, allow }) => {
      await signIn(page, app.server.url, mine)
      await expect
        .poll(() => page.locator('[data-testid=indicator-card]').count(), { timeout: 30_000 })
        .toBe(23)
      const me = await trpcQuery<{ dept_code: string }>(page, 'auth.me', undefined)
      const myCode = me.data.dept_code
      const otherCode = other.replace(/^dept_/, '').toUpperCase()
      expect(await page.getByTestId('dept-banner').textContent()).toContain(myCode)
      expect(await page.getByLabel('镇街').count()).toBe(0)
      expect(await page.getByLabel('部门', { exact: true }).count()).toBe(0)
      expect(await page.getByText('不适用于部门口径').count()).toBeGreaterThan(0)
      const nav = page.getByRole('navigation', { name: '主导航' })
      expect(await nav.getByRole('link').allTextContents()).toEqual(['总览', '任务', '考核结果', '自助分析'])
      await screenshot(page, '12-scorecard-department')

      // Asking for another department's scorecard still returns this department's.
      const sc = await trpcQuery<{ scope: { deptCode: string } }>(page, 'scorecard.get', {
        year: 2025,
        deptCode: otherCode,
      })
      expect(sc.status).toBe(200)
      expect(sc.data.scope.deptCode).toBe(myCode)
      // An ad-hoc query filtered to another department returns none of its rows.
      const run = await trpcQuery<ExploreResult>(page, 'explore.run', {
        measures: ['application_kpis.applications'],
        dimensions: ['application_kpis.dept_code'],
        filters: [{ member: 'application_kpis.dept_code', operator: 'equals', values: [otherCode] }],
      })
      expect(run.status).toBe(200)
      const rows = run.data.data
      expect(rows.filter((r) => r['application_kpis.dept_code'] === otherCode)).toEqual([])
      const all = await trpcQuery<ExploreResult>(page, 'explore.run', {
        measures: ['application_kpis.applications'],
        dimensions: ['application_kpis.dept_code'],
      })
      const codes = all.data.data.map((r) => r['application_kpis.dept_code'])
      expect(new Set(codes)).toEqual(new Set([myCode]))
      // Load status is not a department's business.
      const status = await trpcQuery(page, 'data.status', undefined)
      expect(status.status).toBe(403)
      expect(allow(/status of 403/)).toHaveLength(1)
    })
  })

  it('changes a password in the dialog; the old session ends', async () => {
    const user = app.demoUsers().filter((u) => u.startsWith('dept_'))[2]!
    await app.withPage(async ({ page, allow }) => {
      await signIn(page, app.server.url, user)
      await page.getByRole('button', { name: '修改密码' }).click()
      const dialog = page.getByRole('dialog', { name: '修改密码' })
      await dialog.getByLabel('当前密码').fill('not-my-password')
      await dialog.getByLabel('新密码', { exact: true }).fill('Another-pass-2026')
      await dialog.getByLabel('确认新密码').fill('Another-pass-2026')
      await dialog.getByRole('button', { name: '保存' }).click()
      await expect.poll(() => dialog.getByRole('alert').textContent()).toContain('当前密码不正确')
      expect(allow(/status of 400/)).toHaveLength(1)
      await screenshot(page, '14-change-password')
      await dialog.getByLabel('当前密码').fill(PASSWORD)
      await dialog.getByRole('button', { name: '保存' }).click()
      await page.getByText('密码已修改，请用新密码重新登录').waitFor()
      await page.getByLabel('用户名').fill(user)
      await page.getByLabel('密码').fill('Another-pass-2026')
      await page.getByRole('button', { name: '登录' }).click()
      await page.getByRole('button', { name: '退出' }).waitFor()
      await page.getByRole('button', { name: '退出' }).click()
      await page.getByRole('heading', { name: '登录' }).waitFor()
    })
  })
})
