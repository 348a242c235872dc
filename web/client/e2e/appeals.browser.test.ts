import { describe, expect, it } from 'vitest'
import { samplePdf } from '../../../files/testing/sample-pdf'
import { setupApp } from './app'
import { screenshot, signIn } from './browser'

/**
 * 公示与申诉 in real Chromium against the real server on fresh demo data: an evaluator freezes
 * the 2024 department ranking with a publicity window, a department appeals a score with an
 * evidence file, the evaluator accepts it with an adjustment, the department reads the
 * decision; publishing waits for the window.
 */
describe('公示 → 申诉 → 复核 in a real browser', () => {
  const app = setupApp()
  const reason = '2024年3月系统迁移期间有 120 件网上办件漏报，附核查说明'

  it('the evaluator freezes 2024 with five days of publicity', async () => {
    await app.withPage(async ({ page }) => {
      await signIn(page, app.server.url, 'evaluator')
      await page.goto(`${app.server.url}/#/ranking?unit=department&year=2024`)
      const freeze = page.getByTestId('publicity-freeze')
      await freeze.waitFor({ timeout: 60_000 })
      await freeze.getByLabel('公示天数').fill('5')
      await freeze.getByRole('button', { name: '冻结并开始公示' }).click()
      const panel = page.getByTestId('publicity-panel')
      await expect.poll(() => panel.textContent(), { timeout: 30_000 }).toContain('公示中，至')
      expect(await panel.textContent()).toContain('暂无已提交的申诉')
    })
  })

  it('a department sees its own card in publicity and files an appeal with evidence', async () => {
    const dept = app.demoUsers().find((u) => u.startsWith('dept_'))!
    await app.withPage(async ({ page }) => {
      await signIn(page, app.server.url, dept)
      await page.getByRole('link', { name: '考核结果' }).click()
      const card = page.getByTestId('publicity-card')
      await card
        .getByRole('heading', { name: /2024年度部门考核 · 公示中的本部门成绩单/ })
        .waitFor({ timeout: 60_000 })
      expect(await card.getByTestId('publicity-window').textContent()).toContain('公示期至')
      await expect
        .poll(() => card.locator('tbody tr[data-indicator]').count(), { timeout: 30_000 })
        .toBeGreaterThan(3)
      const form = card.getByTestId('appeal-form')
      await form.getByRole('button', { name: '保存草稿' }).click()
      expect(await form.getByRole('alert').textContent()).toContain('请填写申诉理由')
      await form.getByLabel('申诉理由与证明材料').fill(reason)
      await form.locator('input[type=file]').setInputFiles({
        name: '核查说明.pdf',
        mimeType: 'application/pdf',
        buffer: await samplePdf('核查说明'),
      })
      await expect
        .poll(() => form.getByTestId('appeal-files').textContent(), { timeout: 30_000 })
        .toContain('核查说明.pdf')
      await form.getByRole('button', { name: '保存草稿' }).click()
      const mine = card.getByTestId('my-appeals')
      await expect.poll(() => mine.textContent(), { timeout: 30_000 }).toContain('草稿（未提交）')
      expect(await mine.textContent()).toContain('核查说明.pdf')
      await mine.getByRole('button', { name: '提交申诉' }).click()
      await expect.poll(() => mine.textContent(), { timeout: 30_000 }).toContain('已提交，待复核')
      await screenshot(page, 'appeal-department')
    })
  })

  it('the evaluator accepts it with an adjustment; publishing waits for the window', async () => {
    await app.withPage(async ({ page, allow }) => {
      await signIn(page, app.server.url, 'evaluator')
      await page.goto(`${app.server.url}/#/ranking?unit=department&year=2024`)
      const review = page.getByTestId('appeal-review')
      await review.waitFor({ timeout: 60_000 })
      const row = review.locator('tbody tr').first()
      expect(await row.textContent()).toContain(reason)
      expect(await row.getByRole('link', { name: '核查说明.pdf' }).count()).toBe(1)
      await row.getByLabel('复核意见').fill('经核查属实，补记漏报办件')
      await row.getByLabel('调整分值').fill('2')
      await row.getByRole('button', { name: '采纳并调整分数' }).click()
      await expect.poll(() => row.textContent(), { timeout: 30_000 }).toContain('予以采纳')
      await screenshot(page, 'appeal-review')
      // The window is still open: publishing is refused, and says why.
      const actions = page.getByRole('region', { name: '排名状态与操作' })
      await actions.getByRole('button', { name: '发布', exact: true }).click()
      await actions.getByRole('button', { name: '确认发布' }).click()
      await expect
        .poll(() => actions.getByRole('alert').textContent(), { timeout: 30_000 })
        .toContain('公示期尚未结束')
      allow(/status of 409/)
    })
  })

  it('the department reads the decision and its reason', async () => {
    const dept = app.demoUsers().find((u) => u.startsWith('dept_'))!
    await app.withPage(async ({ page }) => {
      await signIn(page, app.server.url, dept)
      await page.getByRole('link', { name: '考核结果' }).click()
      const mine = page.getByTestId('my-appeals')
      await expect.poll(() => mine.textContent(), { timeout: 60_000 }).toContain('予以采纳')
      expect(await mine.textContent()).toContain('经核查属实，补记漏报办件')
    })
  })
})
