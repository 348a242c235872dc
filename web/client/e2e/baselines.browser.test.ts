import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { setupApp } from './app'
import { screenshot, settled, signIn } from './browser'
import { SCREENSHOTS } from './testing'

const NOTE = '2020年底事项目录统计：掌上可办事项占28%'

describe('baselines evaluators record, and carried-over trajectories, in a real browser', () => {
  // This file's server knows the repository's plans and the test-only second plan (2026–2030),
  // whose 网上可办率 is carried over from the 十四五 plan.
  const app = setupApp({ PLANS_DIR: ['plans', 'test/fixtures/plans'].join(path.delimiter) })

  it('an evaluator records a baseline in %; targets are derived from it and the indicator page says so', async () => {
    await app.withPage(async ({ page }) => {
      await signIn(page, app.server.url, 'evaluator')
      await page.evaluate(() => {
        location.hash = '#/targets'
      })
      const panel = page.getByTestId('baselines')
      await panel.waitFor({ timeout: 30_000 })
      // Opens on the current plan (the pilot): its carried-over indicator is not typed in.
      const carried = panel.getByTestId('baseline-online_availability_rate')
      await carried.waitFor({ timeout: 30_000 })
      expect(await carried.textContent()).toContain('上一规划期末实际值')
      expect(await carried.locator('form').count()).toBe(0)
      // The pilot's stated baseline is not listed.
      expect(await panel.getByTestId('baseline-hotline_satisfaction_rate').count()).toBe(0)

      await panel.getByLabel('规划', { exact: true }).selectOption('fyp14')
      const item = panel.getByTestId('baseline-mobile_availability_rate')
      await item.waitFor({ timeout: 30_000 })
      expect(await panel.getByTestId('baseline-online_availability_rate').count()).toBe(0)
      await item.locator('summary', { hasText: '录入基线' }).click()
      // Without a source note nothing is saved.
      await item.getByLabel('基线值（%）').fill('28')
      await item.getByRole('button', { name: '保存基线' }).click()
      expect(await item.getByRole('alert').textContent()).toBe('请填写来源说明')
      await item.getByLabel('来源说明').fill(NOTE)
      await item.getByRole('button', { name: '保存基线' }).click()
      await expect.poll(() => item.getByRole('status').textContent(), { timeout: 30_000 }).toContain('已保存')
      await expect
        .poll(() => item.getByTestId('baseline-targets').textContent(), { timeout: 30_000 })
        .toContain('2021 38.4%（推算）')
      expect(await item.getByTestId('baseline-targets').textContent()).toContain('2025 80.0%')
      await item.locator('summary', { hasText: '修改记录' }).click()
      expect(await item.locator('.baseline-history li').count()).toBe(1)
      expect(await item.locator('.baseline-history').textContent()).toContain(NOTE)
      await screenshot(page, 'targets-baselines')

      // The indicator page judges 2023 by the derived target and says where the baseline is from.
      await page.evaluate(() => {
        location.hash = '#/indicator/mobile_availability_rate?year=2023'
      })
      const clauses = page.getByTestId('clauses')
      await clauses.waitFor({ timeout: 30_000 })
      await settled(page)
      const text = (await clauses.textContent())!
      expect(text).toContain('由考核评估人员录入')
      expect(text).toContain(NOTE)
      expect(text).toContain('由录入的基线按线性规则推算')
      expect(await page.locator('.ind-header').textContent()).toContain('59.2%')
    })
  })

  it("a carried-over indicator's chart draws both plans' targets, each named, on one axis", async () => {
    await app.withPage(async ({ page }) => {
      await signIn(page, app.server.url, 'leader')
      await page.evaluate(() => {
        location.hash = '#/indicator/online_availability_rate?year=2026'
      })
      const chart = page.getByTestId('yearly')
      await chart.locator('.recharts-wrapper').waitFor({ timeout: 30_000 })
      await settled(page)
      const legend = await chart.locator('.recharts-legend-wrapper').textContent()
      expect(legend).toContain('年度目标（示范区数字政府“十四五”规划）')
      expect(legend).toContain('年度目标（示范区数字政府“十五五”规划（试点））')
      expect(await chart.locator('.recharts-line').count()).toBe(2)
      // One axis from the earlier plan's baseline year to this plan's end (the chart's text).
      const label = (await chart.locator('[role=img]').getAttribute('aria-label'))!
      const years = [...label.matchAll(/(?:^|; |: )(\d{4}) /g)].map((m) => Number(m[1]))
      expect(years).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027, 2028, 2029, 2030])
      // The two lines are drawn differently.
      const strokes = await chart
        .locator('.recharts-line path.recharts-curve')
        .evaluateAll((ps) =>
          ps.map((p) => `${p.getAttribute('stroke')} ${p.getAttribute('stroke-dasharray')}`),
        )
      expect(new Set(strokes).size).toBe(2)
      expect(await page.getByTestId('clause-baseline').textContent()).toContain('上一规划期末实际值')
      await chart.screenshot({ path: path.join(SCREENSHOTS, 'indicator-carried-over-chart.png') })
    })
  })
})
