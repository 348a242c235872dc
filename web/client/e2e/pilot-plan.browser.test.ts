import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { setupApp } from './app'
import { screenshot, settled, signIn, trpcQuery } from './browser'
import { ARTIFACTS, ROOT } from './testing'

/**
 * A second plan with zero code changes: this file's server reads the test-only pilot plan
 * (test/fixtures/plans/fyp15-pilot, 2026–2030) beside the 十四五 plan, and a drop-folder
 * source delivers 2026's 12345 tickets (test/fixtures/pilot-2026) through the ETL. Then the
 * plan switcher, its scorecard, an indicator, the ranking and the briefing work for it.
 */
const dropRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'scorecard-pilot-e2e-'))
fs.mkdirSync(path.join(dropRoot, 'hotline-2026'))
fs.copyFileSync(
  path.join(ROOT, 'test/fixtures/pilot-2026/hotline_tickets_2026.csv'),
  path.join(dropRoot, 'hotline-2026', 'hotline_tickets_2026.csv'),
)
fs.writeFileSync(
  path.join(dropRoot, 'sources.yaml'),
  'sources:\n  - name: hotline-2026\n    type: folder\n    dataset: hotline_tickets\n    schedule: "0 0 1 1 *"\n    path: hotline-2026\n    settle_ms: 0\n    retries: 0\n',
)

interface Card {
  id: string
  value: number | null
  target: number | null
  status: string
}

const cards = (page: Page) => page.locator('[data-testid=indicator-card]')

describe('a second plan, from data files only', () => {
  const app = setupApp({
    PLANS_DIR: [path.join(ROOT, 'plans'), path.join(ROOT, 'test/fixtures/plans')].join(path.delimiter),
    SOURCES_FILE: path.join(dropRoot, 'sources.yaml'),
  })

  it('2026 tickets load through a drop-folder source like any delivery', async () => {
    await app.withPage(async ({ page }) => {
      await signIn(page, app.server.url, 'admin')
      await page.goto(`${app.server.url}/#/admin/sources`)
      const source = page.locator('tr[data-source="hotline-2026"]')
      await expect.poll(() => source.textContent(), { timeout: 30_000 }).toContain('尚未运行')
      await source.getByRole('button', { name: '立即运行' }).click()
      await expect
        .poll(() => page.getByTestId('sources-notice').textContent(), { timeout: 120_000 })
        .toBe('hotline-2026 运行完成，本次载入 300 行')
    })
  })

  it('the leader opens on the current plan (the pilot), switches plans, and reads 2026 figures', async () => {
    await app.withPage(async ({ page }) => {
      await signIn(page, app.server.url, 'leader')
      const plans = await trpcQuery<Array<{ id: string; current: boolean; closed: boolean }>>(
        page,
        'reference.plans',
        undefined,
      )
      expect(plans.data.map((p) => [p.id, p.current, p.closed])).toEqual([
        ['fyp14', false, true],
        ['fyp15-pilot', true, false],
      ])
      // The current plan's two indicators, for 2026 (its latest year with data).
      await expect.poll(() => cards(page).count(), { timeout: 30_000 }).toBe(2)
      await expect.poll(() => page.getByLabel('年度').inputValue()).toBe('2026')
      const api = await trpcQuery<{ indicators: Card[] }>(page, 'scorecard.get', { year: 2026 })
      expect(api.data.indicators.map((i) => i.id)).toEqual([
        'online_availability_rate',
        'hotline_satisfaction_rate',
      ])
      const hotline = api.data.indicators.find((i) => i.id === 'hotline_satisfaction_rate')!
      // 2026's tickets (rated: satisfied or basically satisfied ÷ rated), straight from the file.
      const rows = fs
        .readFileSync(path.join(ROOT, 'test/fixtures/pilot-2026/hotline_tickets_2026.csv'), 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',')[8])
      const rated = rows.filter((s) => s !== 'none')
      const good = rated.filter((s) => s === 'satisfied' || s === 'basically_satisfied')
      expect(hotline.value).toBeCloseTo(good.length / rated.length, 9)
      expect(hotline.target).toBeCloseTo(0.956, 9)
      const card = page.locator('[data-testid=indicator-card][data-id=hotline_satisfaction_rate]')
      expect(await card.textContent()).toContain(`${((good.length / rated.length) * 100).toFixed(1)}%`)
      await screenshot(page, 'pilot-scorecard-2026')

      // Switch to the 十四五 plan: its 23 indicators and its years.
      await page.getByLabel('规划', { exact: true }).selectOption('fyp14')
      await expect.poll(() => cards(page).count(), { timeout: 30_000 }).toBe(23)
      await expect.poll(() => page.getByLabel('年度').inputValue()).toBe('2025')
      const years = await page.getByLabel('年度').locator('option').allTextContents()
      expect(years.map((y) => y.replace(/\D/g, ''))).toEqual(['2021', '2022', '2023', '2024', '2025'])
    })
  })

  it('the carried-over indicator starts from the 十四五 plan’s final actual, on one axis', async () => {
    await app.withPage(async ({ page }) => {
      await signIn(page, app.server.url, 'leader')
      const final = await trpcQuery<{ indicators: Card[] }>(page, 'scorecard.get', { year: 2025 })
      const end = final.data.indicators.find((i) => i.id === 'online_availability_rate')!.value!
      const detail = await trpcQuery<{
        indicator: {
          baseline: { year: number; value: number | null }
          targets: { year: number; value: number | null }[]
        }
        yearly: { year: number; target: number | null }[]
      }>(page, 'scorecard.detail', { id: 'online_availability_rate', year: 2026 })
      expect(detail.data.indicator.baseline).toMatchObject({ year: 2025, value: end })
      // The one derivation rule from the baseline to 100% in 2030.
      const t2026 = detail.data.indicator.targets.find((t) => t.year === 2026)!.value!
      expect(t2026).toBeCloseTo(Math.round((end + (1 - end) / 5) * 1e4) / 1e4, 9)
      // Both plans' years on one axis: the 十四五 baseline year to 2030.
      expect(detail.data.yearly[0]!.year).toBe(2020)
      expect(detail.data.yearly.at(-1)!.year).toBe(2030)
      await page.goto(`${app.server.url}/#/indicator/online_availability_rate?year=2026`)
      await settled(page)
      await screenshot(page, 'pilot-indicator-carried')
    })
  })

  it('the evaluator ranks departments for 2026 with the pilot plan’s scheme; the briefing names the plan', async () => {
    await app.withPage(async ({ page }) => {
      await signIn(page, app.server.url, 'evaluator')
      const ranking = await trpcQuery<{ result: { scheme_id: string; units: { unit_code: string }[] } }>(
        page,
        'ranking.get',
        { unitType: 'department', period: { type: 'year', year: 2026 } },
      )
      expect(ranking.status, JSON.stringify(ranking.error)).toBe(200)
      expect(ranking.data.result.scheme_id).toBe('pilot-2026-v1')
      expect(ranking.data.result.units.length).toBeGreaterThan(0)
      await page.goto(`${app.server.url}/#/ranking?unit=department&year=2026`)
      await settled(page)
      await screenshot(page, 'pilot-ranking-2026')
      const [file] = await Promise.all([
        page.waitForEvent('download', { timeout: 60_000 }),
        page.getByRole('button', { name: '领导简报PDF' }).click(),
      ])
      const to = path.join(ARTIFACTS, 'pilot-briefing-2026.pdf')
      await file.saveAs(to)
      const text = execFileSync('pdftotext', [to, '-'], { encoding: 'utf8' })
      expect(text.replace(/\s+/g, '')).toContain('示范区数字政府“十五五”规划（试点）指标监测简报')
    })
  })
})
