import path from 'node:path'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { setupApp } from './app'
import { screenshot, settled, signIn } from './browser'
import { ARTIFACTS } from './testing'

/** English a person would see: codes with underscores, raw JSON. */
const DEVELOPER_TEXT = /\b[a-z]+_[a-z_]+\b|\{"/

/**
 * 审计日志 in real Chromium against the real server: an admin changes an account, finds the
 * change by its action and reads it field by field, and exports the filtered log; a leader has
 * neither the menu entry nor the page.
 */
describe('audit log in a real browser', () => {
  const app = setupApp()

  it('an admin changes an account, filters by action and sees before/after; the export holds it', async () => {
    await app.withPage(async ({ page }) => {
      await signIn(page, app.server.url, 'admin')
      const nav = page.getByRole('navigation', { name: '主导航' })
      await nav.getByRole('link', { name: '系统管理' }).click()
      const row = page.locator('tr[data-username="analyst"]')
      await row.getByRole('button', { name: '修改角色/部门' }).click()
      const form = page.getByTestId('user-form')
      await form.getByLabel('角色').selectOption('department')
      await form.getByLabel('部门').selectOption({ index: 1 })
      const dept = (await form.getByLabel('部门').locator('option:checked').textContent()) ?? ''
      await form.getByRole('button', { name: '保存' }).click()
      await expect
        .poll(() => page.getByTestId('users-notice').textContent(), { timeout: 30_000 })
        .toBe('已保存 analyst')

      await nav.getByRole('link', { name: '审计日志' }).click()
      await page.getByRole('heading', { name: '审计日志', level: 1 }).waitFor()
      const table = page.getByTestId('audit-table')
      await table.waitFor({ timeout: 30_000 })
      expect(await table.textContent()).not.toMatch(DEVELOPER_TEXT)
      await screenshot(page, 'audit-log-all')
      // The demo's sign-ins are there; the filter narrows to the account change.
      await page.getByLabel('操作', { exact: true }).selectOption({ label: '修改账号' })
      const rows = table.locator(':scope > tbody > tr')
      await expect
        .poll(() => rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-action'))), {
          timeout: 30_000,
        })
        .toEqual(['user_updated'])
      const entry = rows.first()
      expect(await entry.locator('[data-col="action"]').textContent()).toBe('修改账号')
      expect(await entry.textContent()).toContain('analyst')
      const role = entry.locator('tr[data-field="role"]')
      expect(await role.getAttribute('data-changed')).toBe('true')
      expect(await role.locator('th').textContent()).toBe('角色（已改动）')
      expect(await role.locator('td').allTextContents()).toEqual(['数据分析', '部门'])
      expect(await entry.locator('tr[data-field="dept_code"] td').allTextContents()).toEqual(['（空）', dept])
      expect(await entry.locator('tr[data-field="display_name"]').getAttribute('data-changed')).toBe('false')
      // Changed rows are highlighted, unchanged ones are not.
      const background = (field: string) =>
        entry.locator(`tr[data-field="${field}"]`).evaluate((tr) => getComputedStyle(tr).backgroundColor)
      expect(await background('role')).not.toBe(await background('display_name'))
      expect(await table.textContent()).not.toMatch(DEVELOPER_TEXT)
      await screenshot(page, 'audit-log')

      const [file] = await Promise.all([
        page.waitForEvent('download', { timeout: 60_000 }),
        page.getByRole('button', { name: '导出 XLSX' }).click(),
      ])
      expect(file.suggestedFilename()).toMatch(/^审计日志_\d{8}-\d{4}\.xlsx$/)
      const saved = path.join(ARTIFACTS, 'audit-log.xlsx')
      await file.saveAs(saved)
      const wb = new ExcelJS.Workbook()
      await wb.xlsx.readFile(saved)
      const ws = wb.worksheets[0]!
      const text = (r: number) => Array.from({ length: 7 }, (_, i) => ws.getRow(r).getCell(i + 1).text)
      expect(text(2)[0]).toContain('筛选条件：操作：修改账号')
      expect(text(3)).toEqual([
        '时间（北京时间）',
        '操作人',
        '账号',
        '操作',
        '对象',
        '详情',
        '变更内容（变更前 → 变更后）',
      ])
      expect(ws.rowCount).toBe(4)
      expect(text(4).slice(3)).toEqual([
        '修改账号',
        expect.stringContaining('（analyst）'),
        '部门',
        `角色：数据分析 → 部门\n所属部门：（空） → ${dept}`,
      ])
      await expect
        .poll(() => page.getByRole('status').filter({ hasText: '已下载' }).textContent())
        .toMatch(/^已下载 审计日志_.+\.xlsx（1 条）$/)
    })
  })

  it('a leader has no 审计日志 entry and is refused the page', async () => {
    await app.withPage(async ({ page }) => {
      await signIn(page, app.server.url, 'leader')
      const nav = page.getByRole('navigation', { name: '主导航' })
      await nav.getByRole('link', { name: '总览' }).waitFor()
      expect(await nav.getByRole('link', { name: '审计日志' }).count()).toBe(0)
      await page.goto(`${app.server.url}/#/audit`)
      await settled(page)
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('无权')
    })
  })
})
