import { describe, expect, it } from 'vitest'
import { setupApp } from './app'
import { goTo, screenshot, settled, signIn, trpcQuery } from './browser'

/**
 * 动态与说明 in real Chromium against the real server on fresh demo data: a department adds a
 * note on its indicator page and sees it in the list and on the monthly chart; an evaluator
 * sees it on the district page and selects it for the reports; another department never
 * sees it, on the page or by asking the API.
 */
describe('notes on indicators in a real browser', () => {
  const app = setupApp()
  const indicator = '#/indicator/online_application_rate?year=2024'
  const body = '5月起窗口系统切换，部分事项暂停网上申请，6月已恢复。'
  const depts = () => app.demoUsers().filter((u) => u.startsWith('dept_'))

  it('a department adds a note on its indicator page and sees it in the list and on the chart', async () => {
    await app.withPage(async ({ page }) => {
      await signIn(page, app.server.url, depts()[0]!)
      await goTo(page, indicator)
      const panel = page.getByTestId('notes')
      await panel.getByRole('heading', { name: '动态与说明' }).waitFor({ timeout: 60_000 })
      expect(await panel.textContent()).toContain('本年度尚无说明。')
      const form = panel.getByRole('form')
      expect(await form.getByRole('heading').textContent()).toMatch(/^为“.+”添加2024年的说明$/)
      // An empty note is refused on the page, before the server.
      await form.getByRole('button', { name: '保存说明' }).click()
      expect(await form.getByRole('alert').textContent()).toBe('请填写说明内容')
      await form.getByLabel('类别').selectOption({ label: '原因' })
      await form.getByLabel('所属月份').selectOption({ label: '2024年5月' })
      await form.getByLabel('内容').fill(body)
      await form.getByRole('button', { name: '保存说明' }).click()
      const item = panel.getByTestId('note-list').locator('li').first()
      await expect.poll(() => item.textContent(), { timeout: 30_000 }).toContain(body)
      expect(await item.textContent()).toMatch(/原因\s*2024年5月/)
      expect(await item.getByRole('button', { name: '删除' }).count()).toBe(1)
      expect(await form.getByLabel('内容').inputValue()).toBe('')
      // The month is marked on the monthly chart.
      const chart = page.getByTestId('monthly')
      await expect
        .poll(() => chart.locator('.chart').getAttribute('aria-label'), { timeout: 30_000 })
        .toContain('5月有 1 条说明')
      expect(await chart.locator('.recharts-reference-line').count()).toBeGreaterThanOrEqual(2)
      await screenshot(page, 'notes-department')
    })
  })

  it('an evaluator sees it on the district page and selects it for the reports', async () => {
    await app.withPage(async ({ page }) => {
      await signIn(page, app.server.url, 'evaluator')
      await goTo(page, indicator)
      const panel = page.getByTestId('notes')
      await panel
        .getByRole('heading', { name: '动态与说明（全区及各部门、镇街）' })
        .waitFor({ timeout: 60_000 })
      const item = panel.getByTestId('note-list').locator('li').first()
      expect(await item.textContent()).toContain(body)
      // Not the evaluator's to delete.
      expect(await item.getByRole('button', { name: '删除' }).count()).toBe(0)
      await item.getByRole('button', { name: '选入报告' }).click()
      await expect.poll(() => item.textContent(), { timeout: 30_000 }).toContain('已选入报告')
      expect(await item.getByRole('button', { name: '取消选入' }).getAttribute('aria-pressed')).toBe('true')
      await settled(page)
      await screenshot(page, 'notes-evaluator')
    })
  })

  it('another department sees none of it, on its page or by asking the API for that department', async () => {
    await app.withPage(async ({ page }) => {
      const [first, second] = depts()
      await signIn(page, app.server.url, second!)
      await goTo(page, indicator)
      const panel = page.getByTestId('notes')
      await panel.getByRole('heading', { name: '动态与说明' }).waitFor({ timeout: 60_000 })
      expect(await panel.textContent()).toContain('本年度尚无说明。')
      const code = first!.slice('dept_'.length)
      const asked = await trpcQuery<{ notes: unknown[] }>(page, 'notes.list', {
        indicatorId: 'online_application_rate',
        year: 2024,
        scope: { kind: 'department', code },
      })
      expect(asked.status).toBe(200)
      expect(asked.data.notes).toEqual([])
    })
  })
})
