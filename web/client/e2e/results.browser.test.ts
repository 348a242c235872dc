import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import ExcelJS from 'exceljs'
import type { Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { setupApp } from './app'
import { screenshot, signIn, trpcQuery } from './browser'
import { ARTIFACTS } from './testing'

const num = (s: string | null) => Number((s ?? '').replace(/[^\d.+-]/g, ''))

/** Saves what a button downloads into test-artifacts/ and returns the path. */
async function download(page: Page, scope: Locator, button: string, name: string): Promise<string> {
  const [file] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    scope.getByRole('button', { name: button, exact: true }).click(),
  ])
  const to = path.join(ARTIFACTS, name)
  await file.saveAs(to)
  return to
}

/** The screen's score card, per indicator: 满分 and 得分 (on the 0–100 scale) as shown. */
async function cardNumbers(card: Locator): Promise<Map<string, { full: number; score: number }>> {
  const rows = card.locator('tbody tr[data-indicator]')
  const out = new Map<string, { full: number; score: number }>()
  for (let i = 0; i < (await rows.count()); i++) {
    const row = rows.nth(i)
    const full = await row.locator('[data-col=full]').textContent()
    if (!/\d/.test(full ?? '')) continue // not counted (no data, no target)
    out.set((await row.getAttribute('data-indicator'))!, {
      full: num(full),
      score: num(await row.locator('[data-col=score]').textContent()),
    })
  }
  return out
}

/** The report card XLSX, per indicator code: 满分（百分制）and 得分（百分制）. */
async function xlsxNumbers(file: string): Promise<Map<string, { full: number; score: number }>> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.readFile(file)
  const ws = wb.getWorksheet('成绩单')!
  const header = (ws.getRow(3).values as unknown[]).map((v) => String(v ?? ''))
  const full = header.indexOf('满分（百分制）')
  const score = header.indexOf('得分（百分制）')
  expect(full).toBeGreaterThan(0)
  expect(score).toBeGreaterThan(0)
  const out = new Map<string, { full: number; score: number }>()
  ws.eachRow((r, n) => {
    if (n <= 3 || typeof r.getCell(full).value !== 'number') return
    out.set(String(r.getCell(1).value), {
      full: Number(r.getCell(full).value),
      score: Number(r.getCell(score).value),
    })
  })
  return out
}

const round2 = (m: Map<string, { full: number; score: number }>) =>
  Object.fromEntries([...m].map(([k, v]) => [k, [v.full.toFixed(2), v.score.toFixed(2)]]))

/**
 * 考核结果 in real Chromium against the real server on fresh demo data (which ships with the
 * 2025 department ranking published by the system): leaders read it and take the briefing,
 * a department sees its own card only, and a withdrawal takes a reason and a second person.
 */
describe('考核结果 in a real browser', () => {
  const app = setupApp()

  it('leader opens 考核结果, reads the published 2025 ranking and downloads the briefing; the card equals the XLSX', async () => {
    await app.withPage(async ({ page }) => {
      await signIn(page, app.server.url, 'leader')
      expect(await page.getByRole('link', { name: '考核排名' }).count()).toBe(0)
      await page.getByRole('link', { name: '考核结果' }).click()
      await page.getByRole('heading', { name: '2025年度部门考核排名' }).waitFor({ timeout: 60_000 })
      const table = page.getByTestId('ranking-table')
      await expect.poll(() => table.locator('tbody tr').count(), { timeout: 60_000 }).toBeGreaterThan(3)
      // Said honestly: published by the system for the demo.
      expect(await page.getByTestId('results-published').textContent()).toMatch(
        /\d{4}-\d{2}-\d{2} \d{2}:\d{2} 由 系统（演示数据自动发布） 正式发布/,
      )
      expect(await page.getByLabel('考核期间与对象').inputValue()).toBe('department:2025')
      // Read-only: nothing to adjust, freeze or withdraw.
      for (const b of ['冻结', '发布', '解冻', '调整', '申请撤回发布'])
        expect(await page.getByRole('button', { name: b, exact: true }).count()).toBe(0)

      const brief = await download(page, page.locator('.rk-actions'), '领导简报PDF', 'briefing-leader.pdf')
      const bytes = fs.readFileSync(brief)
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-')
      expect(bytes.length).toBeGreaterThan(20_000)
      expect(execFileSync('pdftotext', ['-layout', brief, '-'], { encoding: 'utf8' })).toContain('2025年度')

      // One unit's card on screen against its report card XLSX: the same 满分/得分, to the cent.
      const row = table.locator('tbody tr').first()
      const name = (await row.locator('th').textContent())!.trim()
      await row.getByRole('button', { name }).click()
      const card = page.getByTestId('score-card')
      await expect.poll(() => card.locator('tbody tr').count(), { timeout: 30_000 }).toBeGreaterThan(3)
      expect(await card.locator('thead').textContent()).toMatch(/权重.*满分（百分制）.*得分（百分制）.*加分/)
      const formula = await card.getByTestId('card-formula').textContent()
      expect(formula).toMatch(/^总分 [\d.]+ = 基础分 [\d.]+ \+ 加分 [\d.]+ \+ 调整分 [-+\d.]+$/)
      const [total, base, bonus, adj] = (formula!.match(/-?\+?[\d.]+/g) ?? []).map(Number)
      expect(total).toBeCloseTo(base! + bonus! + adj!, 1)
      const onScreen = await cardNumbers(card)
      expect(onScreen.size).toBeGreaterThan(3)
      expect([...onScreen.values()].reduce((s, v) => s + v.full, 0)).toBeCloseTo(100, 0)
      await screenshot(page, 'results-leader')
      const xlsx = await download(page, card, '单位成绩单XLSX', 'results-unit-leader.xlsx')
      expect(round2(await xlsxNumbers(xlsx))).toEqual(round2(onScreen))
      const rankingXlsx = await download(page, page.locator('.rk-actions'), '排名XLSX', 'results-2025.xlsx')
      const wb = new ExcelJS.Workbook()
      await wb.xlsx.readFile(rankingXlsx)
      const sheet = wb.getWorksheet('排名')!
      const header = (sheet.getRow(3).values as unknown[]).map((v) => String(v ?? ''))
      let line: ExcelJS.Row | undefined
      sheet.eachRow((r) => {
        if (r.getCell(3).value === name) line = r
      })
      expect(Number(line!.getCell(header.indexOf('总分')).value).toFixed(2)).toBe(total!.toFixed(2))
      expect(Number(line!.getCell(header.indexOf('基础分')).value).toFixed(2)).toBe(base!.toFixed(2))
      expect(Number(line!.getCell(header.indexOf('加分')).value).toFixed(2)).toBe(bonus!.toFixed(2))
    })
  })

  it('a department account sees its own report card and rank, and the server refuses it anything else', async () => {
    const depts = app.demoUsers().filter((u) => u.startsWith('dept_'))
    const [mine, other] = [depts[0]!, depts[1]!]
    const otherCode = other.slice('dept_'.length).toUpperCase()
    await app.withPage(async ({ page, allow }) => {
      await signIn(page, app.server.url, mine)
      expect(await page.getByRole('link', { name: '考核排名' }).count()).toBe(0)
      await page.getByRole('link', { name: '考核结果' }).click()
      const card = page.getByTestId('department-card')
      await card.getByRole('heading', { name: /· 考核成绩单$/ }).waitFor({ timeout: 60_000 })
      await expect.poll(() => card.locator('tbody tr').count(), { timeout: 30_000 }).toBeGreaterThan(3)
      expect(await card.getByTestId('card-rank').textContent()).toMatch(/^第 \d+ 名 \/ 共 \d+ 个部门$/)
      expect(await page.getByTestId('ranking-table').count()).toBe(0)
      expect(await card.textContent()).toContain('2025年度')
      await screenshot(page, 'report-card-department')

      const own = await trpcQuery<{ unit: { unit_code: string } }>(page, 'results.unit', {
        unitType: 'department',
        period: { year: 2025 },
      })
      expect(own.status).toBe(200)
      const scope = { unitType: 'department', period: { year: 2025 } }
      expect((await trpcQuery(page, 'results.unit', { ...scope, unitCode: otherCode })).status).toBe(403)
      expect((await trpcQuery(page, 'results.get', scope)).status).toBe(403)
      expect((await trpcQuery(page, 'ranking.get', scope)).status).toBe(403)
      expect((await trpcQuery(page, 'results.unit', { ...scope, period: { year: 2024 } })).status).toBe(404)
      const file = await page.evaluate(
        async (input) => (await fetch(`/files/results.exportUnit?input=${encodeURIComponent(input)}`)).status,
        JSON.stringify({ ...scope, unitCode: otherCode, format: 'pdf' }),
      )
      expect(file).toBe(403)
      allow(/status of 40[34]/)
    })
  })

  it('withdrawing needs a reason from one evaluator and the approval of someone else; the history keeps both', async () => {
    const reason = '发现一个部门的办件数据重复报送，需重新核算后再发布'
    await app.withPage(async ({ page }) => {
      await signIn(page, app.server.url, 'evaluator')
      await page.getByRole('link', { name: '考核排名' }).click()
      await page.getByRole('heading', { name: '2025年度部门考核排名' }).waitFor({ timeout: 60_000 })
      const withdraw = page.getByTestId('withdraw')
      await withdraw.getByRole('button', { name: '申请撤回发布' }).click()
      expect(await withdraw.getByRole('alert').textContent()).toContain('请填写撤回原因')
      await withdraw.getByLabel('撤回原因（必填）').fill(reason)
      await withdraw.getByRole('button', { name: '申请撤回发布' }).click()
      await expect.poll(() => withdraw.textContent(), { timeout: 30_000 }).toContain(`考核办 于`)
      expect(await withdraw.textContent()).toContain(reason)
      // The one who asked cannot approve.
      expect(await withdraw.textContent()).toContain('须由另一位考核人员或管理员批准')
      expect(await page.getByRole('button', { name: '批准撤回' }).count()).toBe(0)
      expect(await page.getByTestId('ranking-status').textContent()).toContain('已发布')
    })
    await app.withPage(async ({ page }) => {
      await signIn(page, app.server.url, 'admin')
      await page.getByRole('link', { name: '考核排名' }).click()
      await page.getByRole('heading', { name: '2025年度部门考核排名' }).waitFor({ timeout: 60_000 })
      await page.getByRole('button', { name: '批准撤回' }).click()
      await page.getByRole('button', { name: '确认批准撤回' }).click()
      const status = page.getByTestId('ranking-status')
      await expect.poll(() => status.textContent(), { timeout: 60_000 }).toContain('实时计算')
      const history = page.getByTestId('publication-history')
      await expect.poll(() => history.textContent(), { timeout: 30_000 }).toContain('批准撤回')
      const text = (await history.textContent()) ?? ''
      expect(text).toContain('已撤回')
      expect(text).toMatch(/由 系统（演示数据自动发布） 发布/)
      expect(text).toContain(`考核办 申请撤回，原因：${reason}`)
      expect(text).toMatch(/由 系统管理员 批准撤回/)
      expect(text).not.toMatch(/\bevaluator\b|\badmin\b/)
      await screenshot(page, 'ranking-history')
      // No longer among the published results.
      const list = await trpcQuery<unknown[]>(page, 'results.list', undefined)
      expect(list.data).toEqual([])
    })
  })
})
