import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import ExcelJS from 'exceljs'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { setupApp } from './app'
import { screenshot, settled, signIn, trpcQuery } from './browser'
import { ARTIFACTS } from './testing'

const num = (s: string | null) => Number((s ?? '').replace(/[^\d.+-]/g, ''))

/** Saves what a button downloads into test-artifacts/ and returns the path. */
async function download(page: Page, button: string, name: string): Promise<string> {
  const [file] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    page.getByRole('button', { name: button, exact: true }).click(),
  ])
  const to = path.join(ARTIFACTS, name)
  await file.saveAs(to)
  return to
}

/**
 * 考核排名 in real Chromium against the real server: it opens on the published 2025 ranking;
 * the evaluator ranks departments for 2024,
 * opens one, adjusts it with a reason, freezes the period and downloads the XLSX and PDF; an
 * analyst is refused.
 */
describe('考核排名 in a real browser', () => {
  const app = setupApp()

  it('lets an evaluator rank, adjust, freeze and download 2024', async () => {
    await app.withPage(async ({ page }) => {
      await signIn(page, app.server.url, 'evaluator')
      await page.getByRole('link', { name: '考核排名' }).click()
      // It opens on the latest closed year with data (the server says which): the demo
      // district ships with it published.
      await page.getByRole('heading', { name: '2025年度部门考核排名' }).waitFor({ timeout: 60_000 })
      await expect.poll(() => page.getByTestId('ranking-status').textContent()).toContain('已发布')
      expect(await page.getByRole('button', { name: '解冻', exact: true }).count()).toBe(0)
      await page.getByLabel('年度', { exact: true }).selectOption('2024')
      await page.getByRole('heading', { name: '2024年度部门考核排名' }).waitFor()
      const table = page.getByTestId('ranking-table')
      await expect.poll(() => table.locator('tbody tr').count(), { timeout: 60_000 }).toBeGreaterThan(3)
      expect(await page.getByTestId('ranking-status').textContent()).toContain('实时计算')
      const head = await table.locator('thead').textContent()
      for (const col of ['名次', '单位', '总分', '基础分', '加分', '调整分', '名次变化', '总分变化'])
        expect(head).toContain(col)
      const names = await table.locator('tbody th').allTextContents()
      expect(names.every((n) => /[\u4e00-\u9fa5]/.test(n))).toBe(true)
      await screenshot(page, 'ranking-01-table')

      // Sort by total with the keyboard, then filter by name.
      const totalHeader = table.locator('thead th', { hasText: '总分' }).first()
      await totalHeader.getByRole('button').focus()
      await page.keyboard.press('Enter')
      expect(await totalHeader.getAttribute('aria-sort')).toBe('descending')
      const totals = (await table.locator('tbody .rk-total').allTextContents()).map(num)
      expect(totals).toEqual([...totals].sort((a, b) => b - a))
      await page.keyboard.press('Enter')
      expect(await totalHeader.getAttribute('aria-sort')).toBe('ascending')
      const target = names[1]!
      await page.getByLabel('按名称筛选').fill(target)
      await expect.poll(() => table.locator('tbody tr').count()).toBe(1)

      // Open the department's score card.
      const row = table.locator('tbody tr').first()
      const before = {
        total: num(await row.locator('.rk-total').textContent()),
        change: await row.locator('td').last().textContent(),
      }
      await row.getByRole('button', { name: target }).click()
      const card = page.getByTestId('score-card')
      await card.getByRole('heading', { name: `${target} · 成绩单` }).waitFor()
      await expect.poll(() => card.locator('tbody tr').count()).toBeGreaterThan(3)
      expect(await card.locator('.recharts-wrapper').count()).toBe(1)
      expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H2')
      await screenshot(page, 'ranking-02-score-card')

      // Adjust +2: the reason is required.
      await card.getByLabel('调整分值').fill('2')
      await card.getByRole('button', { name: '调整', exact: true }).click()
      expect(await card.getByRole('alert').textContent()).toContain('请填写调整原因')
      await card.getByLabel('调整原因').fill('核实补报的线上办件数据，加2分')
      await card.getByRole('button', { name: '调整', exact: true }).click()
      const list = card.getByTestId('adjustments')
      await expect.poll(() => list.textContent(), { timeout: 30_000 }).toContain('核实补报的线上办件数据')
      // The author by display name, not login name.
      expect(await list.textContent()).toMatch(/\+2\.00 分.*考核办/)
      await expect
        .poll(async () => num(await card.getByTestId('card-total').textContent()))
        .toBeCloseTo(before.total + 2, 2)
      expect(await row.locator('td').nth(4).textContent()).toBe('+2.00')
      if (before.change !== '—') {
        expect(num(await row.locator('td').last().textContent())).toBeCloseTo(num(before.change) + 2, 2)
      }

      // Freeze with the confirm step.
      await page.getByRole('button', { name: '冻结', exact: true }).click()
      await page.getByRole('button', { name: '确认冻结' }).click()
      const status = page.getByTestId('ranking-status')
      await expect.poll(() => status.textContent(), { timeout: 30_000 }).toContain('已冻结')
      expect(await status.textContent()).toMatch(/考核办 于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 冻结/)
      expect(await card.getByRole('button', { name: '调整', exact: true }).isDisabled()).toBe(true)
      expect(await card.textContent()).toContain('不能调整分数')
      expect(await page.getByRole('button', { name: '发布', exact: true }).count()).toBe(1)
      await page.getByLabel('按名称筛选').fill('')
      await settled(page)
      await screenshot(page, 'ranking-03-frozen')

      // Ranking XLSX: Chinese headers and the department names.
      const xlsx = await download(page, '排名XLSX', 'ranking-2024.xlsx')
      const wb = new ExcelJS.Workbook()
      await wb.xlsx.readFile(xlsx)
      const cells = wb.worksheets.flatMap((ws) =>
        ws.getSheetValues().flatMap((r) => (Array.isArray(r) ? r.map((v) => String(v ?? '')) : [])),
      )
      expect(cells).toContain('名次')
      for (const n of names) expect(cells).toContain(n)

      // Ranking PDF: a real PDF whose text has the department names in Chinese.
      const pdf = await download(page, '排名PDF', 'ranking-2024.pdf')
      expect(fs.readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-')
      const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' })
      expect(text).toContain(target)
      expect(text).toContain(names[0]!)

      // The unit's report card as well.
      const card2 = await download(page, '单位成绩单PDF', 'report-card-2024.pdf')
      expect(execFileSync('pdftotext', [card2, '-'], { encoding: 'utf8' })).toContain(target)

      // English, then back to Chinese.
      await page.getByRole('button', { name: 'EN' }).click()
      await page.getByRole('heading', { name: 'Ranking of Departments, 2024' }).waitFor()
      expect(await status.textContent()).toMatch(/Frozen.*frozen by 考核办/)
      await screenshot(page, 'ranking-05-english')
      await page.getByRole('button', { name: '中文' }).click()

      // Readable on a narrow screen: the card stacks under the table.
      await page.setViewportSize({ width: 800, height: 900 })
      await screenshot(page, 'ranking-04-narrow')
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      expect(overflow).toBeLessThanOrEqual(0)

      // Towns, by quarter: the card closes, the period is live again.
      await page.setViewportSize({ width: 1366, height: 768 })
      await page.getByRole('button', { name: '镇街' }).click()
      await page.getByLabel('考核期间').selectOption('quarter')
      await page.getByLabel('季度', { exact: true }).selectOption('2')
      await page.getByRole('heading', { name: '2024年第2季度镇街考核排名' }).waitFor()
      await expect.poll(() => table.locator('tbody tr').count(), { timeout: 60_000 }).toBeGreaterThan(1)
      expect(await page.getByTestId('score-card').count()).toBe(0)
      expect(await status.textContent()).toContain('实时计算')
      expect(page.url()).toContain('unit=town&year=2024&period=quarter&index=2')
      await screenshot(page, 'ranking-06-towns-quarter')
    })
  })

  it('refuses the ranking to an analyst', async () => {
    await app.withPage(async ({ page, allow }) => {
      await signIn(page, app.server.url, 'analyst')
      expect(await page.getByRole('link', { name: '考核排名' }).count()).toBe(0)
      await page.goto(`${app.server.url}/#/ranking`)
      await page.getByText('当前角色无权访问此页面').waitFor()
      const r = await trpcQuery(page, 'ranking.get', { unitType: 'department', period: { year: 2024 } })
      expect(r.status).toBe(403)
      expect(allow(/status of 403/)).toHaveLength(1)
    })
  })
})
