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
/**
 * One publicity day lasts this many seconds on this file's server (a real day elsewhere), so
 * the whole loop fits in a test: long enough for the department to appeal inside the window.
 */
const DAY_SECONDS = 40

/**
 * 公示 → 申诉 → 复核 → 发布 in real Chromium against the real server on fresh demo data: an
 * evaluator freezes the 2024 department ranking with one day of publicity, a department
 * appeals a score with an evidence file, the evaluator accepts it with an adjustment, and
 * after the window the evaluator asks to publish and the admin approves; the department and
 * a leader read the published result and the audit log holds every step with before/after.
 */
describe('公示 → 申诉 → 复核 → 发布 in a real browser', () => {
  const app = setupApp({ PUBLICITY_DAY_SECONDS: String(DAY_SECONDS) })
  const reason = '2024年3月系统迁移期间有 120 件网上办件漏报，附核查说明'
  const rankingUrl = () => `${app.server.url}/#/ranking?unit=department&year=2024`
  let frozenAt = 0

  it('the evaluator freezes 2024 with one day of publicity; publishing waits for the window', async () => {
    await app.withPage(async ({ page, allow }) => {
      await signIn(page, app.server.url, 'evaluator')
      await page.goto(rankingUrl())
      const freeze = page.getByTestId('publicity-freeze')
      await freeze.waitFor({ timeout: 60_000 })
      await freeze.getByLabel('公示天数').fill('1')
      await freeze.getByLabel('截止前提醒（天）').fill('1')
      await screenshot(page, 'publicity-freeze')
      frozenAt = Date.now()
      await freeze.getByRole('button', { name: '冻结并开始公示' }).click()
      const panel = page.getByTestId('publicity-panel')
      await expect.poll(() => panel.textContent(), { timeout: 30_000 }).toContain('公示中，至')
      expect(await panel.textContent()).toContain('暂无已提交的申诉')
      const actions = page.getByRole('region', { name: '排名状态与操作' })
      await actions.getByRole('button', { name: '发布', exact: true }).click()
      await actions.getByRole('button', { name: '确认发布' }).click()
      await expect
        .poll(() => actions.getByRole('alert').textContent(), { timeout: 30_000 })
        .toContain('公示期尚未结束')
      allow(/status of 409/)
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
      expect(Date.now() - frozenAt, 'filed inside the window').toBeLessThan(DAY_SECONDS * 1000)
      await screenshot(page, 'appeal-department')
    })
  })

  it('the evaluator accepts it with an adjustment', async () => {
    await app.withPage(async ({ page }) => {
      await signIn(page, app.server.url, 'evaluator')
      await page.goto(rankingUrl())
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
    })
  })

  it('after the window the evaluator asks to publish, cannot approve it, and the admin publishes', async () => {
    const wait = frozenAt + DAY_SECONDS * 1000 + 1_000 - Date.now()
    if (wait > 0) await new Promise((r) => setTimeout(r, wait))
    await app.withPage(async ({ page, allow }) => {
      await signIn(page, app.server.url, 'evaluator')
      await page.goto(rankingUrl())
      const state = page.getByTestId('publicity-state')
      await expect.poll(() => state.textContent(), { timeout: 60_000 }).toContain('公示期已于')
      const actions = page.getByRole('region', { name: '排名状态与操作' })
      const publish = async () => {
        await actions.getByRole('button', { name: '发布', exact: true }).click()
        await actions.getByRole('button', { name: '确认发布' }).click()
      }
      await publish()
      await expect
        .poll(() => page.getByTestId('publish-requested').textContent(), { timeout: 30_000 })
        .toContain('已申请发布')
      expect(await page.getByTestId('ranking-status').textContent()).toContain('已冻结')
      await publish()
      await expect
        .poll(() => actions.getByRole('alert').textContent(), { timeout: 30_000 })
        .toContain('不能批准自己提出的发布申请')
      allow(/status of 403/)
      await screenshot(page, 'appeal-publish-requested')
    })
    await app.withPage(async ({ page }) => {
      await signIn(page, app.server.url, 'admin')
      await page.goto(rankingUrl())
      const actions = page.getByRole('region', { name: '排名状态与操作' })
      await page.getByTestId('publish-requested').waitFor({ timeout: 60_000 })
      await actions.getByRole('button', { name: '发布', exact: true }).click()
      await actions.getByRole('button', { name: '确认发布' }).click()
      await expect
        .poll(() => page.getByTestId('ranking-status').textContent(), { timeout: 30_000 })
        .toContain('已发布')
      await expect
        .poll(() => page.getByTestId('publicity-state').textContent(), { timeout: 30_000 })
        .toContain('公示已结束（已发布）')
    })
  })

  it('the department reads its published card with the decision; a leader reads the published ranking', async () => {
    const dept = app.demoUsers().find((u) => u.startsWith('dept_'))!
    const code = dept.slice('dept_'.length)
    await app.withPage(async ({ page }) => {
      await signIn(page, app.server.url, dept)
      await page.goto(`${app.server.url}/#/results?key=2024&unit=department`)
      const card = page.getByTestId('department-card')
      await expect.poll(() => card.textContent(), { timeout: 60_000 }).toContain('2024年度')
      expect(await page.getByTestId('publicity-card').count()).toBe(0)
      expect(await card.textContent()).toContain('申诉 #')
      const decided = card.getByTestId('published-appeals')
      await expect.poll(() => decided.textContent(), { timeout: 30_000 }).toContain('予以采纳')
      expect(await decided.textContent()).toContain('经核查属实，补记漏报办件')
      await screenshot(page, 'appeal-published-department')
    })
    await app.withPage(async ({ page }) => {
      await signIn(page, app.server.url, 'leader')
      await page.goto(`${app.server.url}/#/results?key=2024&unit=department&code=${code}`)
      expect(await page.getByLabel('考核期间与对象').inputValue()).toBe('department:2024')
      await page.getByRole('heading', { name: '2024年度部门考核排名' }).waitFor({ timeout: 60_000 })
      const card = page.getByTestId('score-card')
      await expect.poll(() => card.textContent(), { timeout: 60_000 }).toContain('申诉 #')
      expect(await card.textContent()).toContain('+2.00')
      await screenshot(page, 'appeal-published-leader')
    })
  })

  it('the audit log holds every step of the loop with before/after', async () => {
    await app.withPage(async ({ page }) => {
      await signIn(page, app.server.url, 'admin')
      await page.goto(`${app.server.url}/#/audit`)
      const table = page.getByTestId('audit-table')
      await table.waitFor({ timeout: 60_000 })
      const steps = [
        'ranking_published',
        'ranking_publish_requested',
        'appeal_accepted',
        'appeal_filed',
        'appeal_drafted',
        'ranking_frozen',
      ]
      const rows = table.locator(':scope > tbody > tr')
      // Newest first; the demo's own freeze and publication of 2025 come after these.
      const actions = async () =>
        (await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-action'))))
          .filter((a) => steps.includes(a ?? ''))
          .slice(0, steps.length)
      await expect.poll(actions, { timeout: 30_000 }).toEqual(steps)
      for (const step of steps) {
        const entry = table.locator(`:scope > tbody > tr[data-action="${step}"]`).first()
        expect(await entry.locator('tr[data-changed="true"]').count(), step).toBeGreaterThan(0)
      }
      // The freeze reads as the evaluator set it: one day of publicity, reminded a day before.
      const frozen = table.locator(':scope > tbody > tr[data-action="ranking_frozen"]').first()
      expect(await frozen.textContent()).toMatch(/公示 1 天，至 \d{4}-\d\d-\d\d \d\d:\d\d；截止前 1 天提醒/)
      const published = table.locator(':scope > tbody > tr[data-action="ranking_published"]').first()
      expect(await published.locator('tr[data-field="status"] td').allTextContents()).toEqual([
        '已冻结',
        '已发布',
      ])
      // The appealed line in words (the indicator's name), never its code.
      const drafted = table.locator(':scope > tbody > tr[data-action="appeal_drafted"]').first()
      const subject = (await drafted.locator('tr[data-field="subject_ref"] td').last().textContent()) ?? ''
      expect(subject).toMatch(/[\u4e00-\u9fff]/)
      expect(subject).not.toMatch(/[a-z]_[a-z]/)
      await screenshot(page, 'appeal-audit')
    })
  })
})
