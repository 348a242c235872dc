import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { setupApp } from './app'
import { screenshot, settled, signIn, trpcQuery } from './browser'
import { SCREENSHOTS } from './testing'

/**
 * 总览 and 指标详情 tell the truth (issue #14), per role, in real Chromium against the real
 * server on demo data (which ends 2025-12-31): a finished year reads 达标/未达标, a running one
 * 序时进度; 数据截至 is the data's date; drill-downs only where the data has the level; no
 * developer text; charts that don't mislead; no sideways scrolling on a phone.
 */
const DATA_END = '2025-12-31'
const CLOSED_LABELS = ['达标', '未达标', '无数据', '无目标']
const OPEN_LABELS = ['达标', '符合序时进度', '有风险', '落后', '无数据', '无目标']
const DEV_TEXT = ['Cube:', '.txt', 'locally_set', 'catalog.yml', '种子']

const cards = (page: Page) => page.locator('[data-testid=indicator-card]')

async function loadScorecard(page: Page, hash: string) {
  await page.evaluate((h) => {
    location.hash = h
  }, hash)
  await settled(page)
  await expect.poll(() => cards(page).count(), { timeout: 30_000 }).toBe(23)
  await settled(page)
}

async function expectNoDevText(page: Page) {
  // biome-ignore lint/performance/useDomNodeTextContent: what is rendered (a closed 技术名称 disclosure is not)
  const text = await page.evaluate(() => document.body.innerText)
  for (const bad of DEV_TEXT) expect(text, `page shows "${bad}"`).not.toContain(bad)
}

/** Badges and tiles use only `labels`; each dated card's 数据截至 is on or before `limit`. */
async function expectScorecard(page: Page, labels: string[], limit: string) {
  const badges = await page.locator('[data-testid=indicator-card] .badge').allTextContents()
  expect(badges.length).toBeGreaterThan(0)
  for (const b of badges) expect(labels).toContain(b.trim())
  const tiles = await page.locator('[data-testid=summary] .summary-label').allTextContents()
  for (const l of tiles) expect(labels).toContain(l.trim())
  const dates = await page
    .locator('[data-testid=indicator-card] [data-testid=data-as-of]')
    .evaluateAll((els) => els.map((e) => ({ date: e.getAttribute('data-date'), text: e.textContent })))
  expect(dates.length).toBeGreaterThan(0)
  for (const d of dates) {
    expect(d.text).not.toMatch(/\d{2}:\d{2}/) // a date, not a load time
    if (d.date) {
      expect(d.date <= limit, `${d.date} after ${limit}`).toBe(true)
      expect(d.date <= DATA_END).toBe(true)
    }
  }
  await expectNoDevText(page)
}

describe('总览 and 指标详情 tell the truth', () => {
  const app = setupApp()

  it('leader: a closed year reads 达标/未达标, an open one 序时进度; tiles filter the cards', async () => {
    await app.withPage(async ({ page }) => {
      await signIn(page, app.server.url, 'leader')
      await expect.poll(() => cards(page).count(), { timeout: 30_000 }).toBe(23)
      await settled(page)
      // The default year is the latest with data, from the server.
      expect(await page.getByLabel('年度').inputValue()).toBe('2025')
      expect(await page.getByTestId('period-state').getAttribute('data-closed')).toBe('true')
      await expectScorecard(page, CLOSED_LABELS, DATA_END)
      // The year's target once; the plan-end goal only in other years.
      for (const text of await cards(page).allTextContents()) {
        expect(text.split('2025年目标').length - 1).toBeLessThanOrEqual(1)
      }
      // The 网上可办率 card: 99.x% against 100% in a finished year is simply 未达标.
      const online = page.locator('[data-testid=indicator-card][data-id=online_availability_rate]')
      expect(await online.getAttribute('data-status')).toMatch(/^(met|missed)$/)

      // A tile filters the cards (a toggle), says so, and can be cleared.
      const missed = page.locator('[data-testid=summary] button[data-status=missed]')
      const n = Number(await missed.locator('.summary-count').textContent())
      expect(n).toBeGreaterThan(0)
      await missed.click()
      expect(await missed.getAttribute('aria-pressed')).toBe('true')
      await expect.poll(() => cards(page).count()).toBe(n)
      const shown = await cards(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))
      expect(new Set(shown)).toEqual(new Set(['missed']))
      expect(await page.getByTestId('status-filter').textContent()).toContain('未达标')
      await screenshot(page, 'scorecard-closed-year')
      await page.getByRole('button', { name: '显示全部指标' }).click()
      await expect.poll(() => cards(page).count()).toBe(23)
      await missed.click()
      await missed.click()
      expect(await missed.getAttribute('aria-pressed')).toBe('false')
      await expect.poll(() => cards(page).count()).toBe(23)

      // Inside the year (as of 30 June) the year runs: 序时进度 statuses, data up to that day.
      await loadScorecard(page, '#/?year=2025&asOf=2025-06-30')
      expect(await page.getByTestId('period-state').getAttribute('data-closed')).toBe('false')
      await expectScorecard(page, OPEN_LABELS, '2025-06-30')
      const open = await cards(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))
      expect(open.some((s) => s === 'on_track' || s === 'at_risk' || s === 'behind')).toBe(true)
      expect(open).not.toContain('missed')
      // An earlier year shows the plan-end goal beside its own target.
      await screenshot(page, 'scorecard-open-year')
      await loadScorecard(page, '#/?year=2023')
      expect(await cards(page).first().textContent()).toContain('规划期末（2025年）目标')
      await expectScorecard(page, CLOSED_LABELS, '2023-12-31')
    })
  })

  it('leader: drill-downs only where the data has the level; honest charts; plan documents cited', async () => {
    await app.withPage(async ({ page, allow }) => {
      await signIn(page, app.server.url, 'leader')
      await expect.poll(() => cards(page).count(), { timeout: 30_000 }).toBe(23)
      // Applications are recorded at town level: towns, no village drill-down.
      await page.evaluate(() => {
        location.hash = '#/indicator/full_online_rate?year=2025'
      })
      const region = page.getByTestId('by-region')
      await region.waitFor({ timeout: 30_000 })
      await settled(page)
      expect(await region.locator('tbody tr').count()).toBeGreaterThan(1)
      expect(await region.getByRole('button', { name: /下钻/ }).count()).toBe(0)
      await expectNoDevText(page)
      // The server refuses the level too, with a message a person can read.
      const town = (await trpcQuery<{ byRegion: { code: string }[] }>(page, 'scorecard.detail', {
        id: 'full_online_rate',
        year: 2025,
      }))!.data.byRegion[0]!.code
      const refused = await trpcQuery(page, 'scorecard.detail', {
        id: 'full_online_rate',
        year: 2025,
        regionCode: town,
        drill: 'village',
      })
      expect(refused.status).toBe(400)
      expect(JSON.stringify(refused.error)).toContain('没有村（社区）一级')
      allow(/status of 400/)
      // A town in scope: its figures, and no fake village panel.
      await page.evaluate((t) => {
        location.hash = `#/indicator/full_online_rate?year=2025&region=${t}`
      }, town)
      await page.getByTestId('yearly').waitFor({ timeout: 30_000 })
      await settled(page)
      expect(await page.getByTestId('by-region').count()).toBe(0)
      // biome-ignore lint/performance/useDomNodeTextContent: what is rendered
      expect(await page.evaluate(() => document.body.innerText)).not.toContain('下辖村')

      // Hotline tickets are recorded at village level: the drill-down is there and works.
      await page.evaluate(() => {
        location.hash = '#/indicator/hotline_ontime_rate?year=2025&asOf=2025-06-30'
      })
      await page.getByRole('heading', { name: '12345按时办结率', level: 1 }).waitFor({ timeout: 30_000 })
      await settled(page)
      await expectNoDevText(page)
      // Header: the year target once (2025 is the plan's last year), the data's date.
      const header = (await page.locator('.ind-header').textContent())!
      expect(header.split('2025年目标').length - 1).toBe(1)
      const asOf = await page.locator('.ind-header [data-testid=data-as-of]').getAttribute('data-date')
      expect(asOf && asOf <= '2025-06-30').toBe(true)
      // 序时进度 label inside the yearly chart; monthly ticks all different; target and 序时进度 lines.
      const inside = await page.getByTestId('yearly').evaluate((el) => {
        const svg = el.querySelector('.recharts-wrapper > svg')!.getBoundingClientRect()
        const label = [...el.querySelectorAll('svg text')].find((t) => t.textContent?.trim() === '序时进度')
        if (!label) return 'no label'
        const r = label.getBoundingClientRect()
        const ok = r.top >= svg.top && r.bottom <= svg.bottom && r.left >= svg.left && r.right <= svg.right
        return ok || JSON.stringify({ svg, r })
      })
      await page.getByTestId('yearly').screenshot({ path: `${SCREENSHOTS}/indicator-yearly-chart.png` })
      await page.getByTestId('monthly').screenshot({ path: `${SCREENSHOTS}/indicator-monthly-chart.png` })
      expect(inside).toBe(true)
      // Value ticks (the month ticks on the other axis read 01…12).
      const ticks = (
        await page.getByTestId('monthly').locator('text.recharts-cartesian-axis-tick-value').allTextContents()
      ).filter((x) => x.endsWith('%'))
      expect(ticks.length).toBeGreaterThan(1)
      expect(new Set(ticks).size).toBe(ticks.length)
      const legend = await page.getByTestId('monthly').locator('.recharts-legend-wrapper').textContent()
      expect(legend).toContain('序时进度')
      expect(await page.getByTestId('monthly').textContent()).toContain('年度目标')
      // Department bars: 15 of all, said so, and 查看全部 shows all.
      const dept = page.getByTestId('by-dept')
      const total = await dept.locator('tbody tr').count()
      if (total > 15) {
        expect(await dept.getByTestId('bars-count').textContent()).toContain(`显示 15 / ${total}`)
        expect(await dept.locator('.recharts-bar-rectangle').count()).toBe(15)
        await dept.getByRole('button', { name: '查看全部' }).click()
        await expect.poll(() => dept.locator('.recharts-bar-rectangle').count()).toBe(total)
      }
      // Clauses cite the document, not a file; local targets in plain words.
      const clauses = (await page.getByTestId('clauses').textContent())!
      expect(clauses).toContain('由本地考核办设定，非规划原文')
      await screenshot(page, 'indicator-detail')

      const hotlineRegion = page.getByTestId('by-region')
      const firstTown = (await hotlineRegion.locator('tbody th').first().textContent())!.trim()
      await hotlineRegion
        .getByRole('button', { name: /下钻到村（社区）/ })
        .first()
        .click()
      await page.getByRole('heading', { name: `${firstTown}下辖村（社区）` }).waitFor({ timeout: 30_000 })
      await settled(page)
      const villages = await hotlineRegion.locator('tbody th').allTextContents()
      expect(villages.length).toBeGreaterThan(0)
      expect(villages).not.toContain(firstTown)

      // A plan clause from a seed is cited as 《title》 (seed 004 as written, traditional).
      await page.evaluate(() => {
        location.hash = '#/indicator/online_availability_rate?year=2025'
      })
      await page.getByRole('heading', { name: '网上可办率', level: 1 }).waitFor({ timeout: 30_000 })
      await settled(page)
      expect(await page.getByTestId('clauses').textContent()).toContain(
        '《梅江區數字政府改革建設“十四五”規劃》',
      )
      await expectNoDevText(page)
      expect(await page.getByTestId('tech-name').count()).toBe(0)
    })
  })

  it('department and analyst: the same vocabulary, dates and no developer text', async () => {
    const dept = app.demoUsers().find((u) => u.startsWith('dept_'))!
    for (const user of [dept, 'analyst']) {
      await app.withPage(async ({ page }) => {
        await signIn(page, app.server.url, user)
        // An analyst lands on 自助分析; 总览 is one link away.
        await loadScorecard(page, '#/')
        expect(await page.getByTestId('period-state').getAttribute('data-closed')).toBe('true')
        await expectScorecard(page, CLOSED_LABELS, DATA_END)
        await loadScorecard(page, '#/?year=2025&asOf=2025-06-30')
        await expectScorecard(page, OPEN_LABELS, '2025-06-30')
        for (const hash of [
          '#/indicator/hotline_ontime_rate?year=2025',
          '#/indicator/full_online_rate?year=2025&asOf=2025-06-30',
        ]) {
          await page.evaluate((h) => {
            location.hash = h
          }, hash)
          await page.getByTestId('clauses').waitFor({ timeout: 30_000 })
          await settled(page)
          await expectNoDevText(page)
          const badge = (await page.locator('.ind-header .badge').textContent())!.trim()
          expect(hash.includes('asOf') ? OPEN_LABELS : CLOSED_LABELS).toContain(badge)
        }
        // The technical member name: folded away, for analysts only.
        expect(await page.getByTestId('tech-name').count()).toBe(user === 'analyst' ? 1 : 0)
      })
    }
  })

  it('fits a phone: no sideways scrolling on 总览 and 指标详情', async () => {
    await app.withPage(
      async ({ page }) => {
        await signIn(page, app.server.url, 'leader')
        await expect.poll(() => cards(page).count(), { timeout: 30_000 }).toBe(23)
        await settled(page)
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
        await screenshot(page, 'scorecard-phone')
        await page.evaluate(() => {
          location.hash = '#/indicator/hotline_ontime_rate?year=2025'
        })
        await page.getByTestId('by-region').waitFor({ timeout: 30_000 })
        await settled(page)
        await page.waitForTimeout(300)
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
        await screenshot(page, 'indicator-phone')
      },
      { width: 390, height: 844 },
    )
  })
})
