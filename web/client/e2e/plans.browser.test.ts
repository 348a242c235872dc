import path from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { shanghaiDate } from '../../../indicators/shanghai-time'
import { en } from '../src/i18n/en'
import type { T } from '../src/i18n/i18n'
import { type DictKey, zh } from '../src/i18n/zh'
import { formatPace, formatValue } from '../src/lib/format'
import type { Outputs } from '../src/lib/types'
import { setupApp } from './app'
import { screenshot, settled, signIn, trpcQuery } from './browser'
import { ROOT } from './testing'

/**
 * The client follows the plans (issue 15): two plans side by side — the repository's 十四五
 * plan and the test-only 2026–2030 plan (PLANS_DIR) — on the demo data. The scope bar's plan
 * chooser, years from the plan, a year no plan has, and the plan-end forecast on the cards and
 * the detail page, checked against the API's own figures.
 */
type Scorecard = Outputs['scorecard']['get']
type Period = Outputs['scorecard']['period']
type Plans = Outputs['reference']['plans']

const tOf =
  (dict: Record<DictKey, string>): T =>
  (key, vars) =>
    dict[key].replace(/\{(\w+)\}/g, (m, name: string) => (vars && name in vars ? String(vars[name]) : m))
const t = tOf(zh)
const cards = (page: Page) => page.locator('[data-testid=indicator-card]')
const THIS_YEAR = Number(shanghaiDate().slice(0, 4))
/** The years a picker offers for a period: those that have begun. */
const begun = (p: { start: number; end: number }) =>
  Array.from({ length: p.end - p.start + 1 }, (_, i) => String(p.start + i)).filter(
    (y, i) => i === 0 || Number(y) <= THIS_YEAR,
  )

async function go(page: Page, hash: string) {
  await page.evaluate((h) => {
    location.hash = h
  }, hash)
  await settled(page)
}

async function options(page: Page, label: string): Promise<string[]> {
  return page.getByLabel(label, { exact: true }).locator('option').allTextContents()
}

/** Every card's forecast, as shown: projected (with its flag) and pace, by indicator id. */
async function shownForecasts(page: Page) {
  return cards(page).evaluateAll((els) =>
    els.map((el) => ({
      id: el.getAttribute('data-id'),
      final: el.querySelector('[data-testid=forecast-final] dd')?.textContent ?? null,
      miss: el.querySelector('[data-testid=forecast-miss]') !== null,
      pace: el.querySelector('[data-testid=forecast-pace] dd')?.textContent ?? null,
    })),
  )
}

/** What the cards must show for the API's figures (formatted like the value; pace in points). */
function expectedForecasts(card: Scorecard) {
  return card.indicators
    .filter((i) => i.applicable)
    .map((i) => ({
      id: i.id,
      final:
        i.projected_final === null
          ? null
          : `${formatValue(i.projected_final, i.unit, t)}${i.projected_miss ? ` ${zh['fc.miss']}` : ''}`,
      miss: i.projected_miss,
      pace: i.monthly_pace_needed === null ? null : formatPace(i.monthly_pace_needed, i.unit, t, 'zh'),
    }))
}

const byId = <X extends { id: string | null }>(xs: X[]) => [...xs].sort((a, b) => a.id!.localeCompare(b.id!))

describe('two plans in a real browser', () => {
  const app = setupApp({
    PLANS_DIR: [path.join(ROOT, 'plans'), path.join(ROOT, 'test/fixtures/plans')].join(path.delimiter),
  })

  it('leader: the plan chooser, the plan’s years, and the forecast on the cards', async () => {
    await app.withPage(async ({ page }) => {
      await signIn(page, app.server.url, 'leader')
      await settled(page)
      const plans = (await trpcQuery<Plans>(page, 'reference.plans', {})).data
      expect(plans.map((p) => p.id)).toEqual(['fyp14', 'fyp15-pilot'])
      const [old, next] = plans as [Plans[number], Plans[number]]
      expect(next.current).toBe(true)
      const nextPeriod = (await trpcQuery<Period>(page, 'scorecard.period', { plan: next.id })).data
      const oldPeriod = (await trpcQuery<Period>(page, 'scorecard.period', { plan: old.id })).data

      // Without a year: the current plan at its default year; its years only.
      const plan = page.getByLabel('规划', { exact: true })
      await expect.poll(() => cards(page).count(), { timeout: 30_000 }).toBe(2)
      expect(await plan.inputValue()).toBe(next.id)
      expect(await options(page, '规划')).toEqual([
        '示范区数字政府“十四五”规划（2021–2025年）',
        '示范区数字政府“十五五”规划（试点）（2026–2030年）',
      ])
      expect(await page.getByLabel('年度').inputValue()).toBe(String(nextPeriod.latest_year))
      expect(await options(page, '年度')).toEqual(begun(next.period))
      await screenshot(page, 'plans-scorecard-current-plan')

      // Switching plan: that plan's default year, its years, its catalog.
      await plan.selectOption(old.id)
      await expect.poll(() => page.evaluate(() => location.hash)).toContain(`year=${oldPeriod.latest_year}`)
      await expect.poll(() => cards(page).count(), { timeout: 30_000 }).toBe(23)
      await settled(page)
      expect(await plan.inputValue()).toBe(old.id)
      expect(await options(page, '年度')).toEqual(['2021', '2022', '2023', '2024', '2025'])

      // The plan's last year, as of its last day: the plan is over, no forecast anywhere.
      await go(page, '#/?year=2025')
      await expect.poll(() => cards(page).count(), { timeout: 30_000 }).toBe(23)
      const closed = (await trpcQuery<Scorecard>(page, 'scorecard.get', { year: 2025 })).data
      expect(
        closed.indicators.every((i) => i.projected_final === null && i.monthly_pace_needed === null),
      ).toBe(true)
      expect(await page.locator('[data-testid^=forecast]').count()).toBe(0)

      // 2024 as of its last day: the plan still runs; every card shows what the API says.
      await go(page, '#/?year=2024')
      await expect.poll(() => cards(page).count(), { timeout: 30_000 }).toBe(23)
      const open = (await trpcQuery<Scorecard>(page, 'scorecard.get', { year: 2024 })).data
      const expected = expectedForecasts(open)
      expect(expected.filter((f) => f.final !== null).length).toBeGreaterThan(5)
      expect(expected.filter((f) => f.pace !== null).length).toBeGreaterThan(5)
      expect(expected.some((f) => f.miss)).toBe(true)
      expect(byId(await shownForecasts(page))).toEqual(byId(expected))
      // The flag is words, not colour alone.
      expect(await page.locator('[data-testid=forecast-miss]').first().textContent()).toBe('预计难以达标')
      await screenshot(page, 'plans-scorecard-forecast-2024')

      // A year no plan has falls back to the default: no failed request, no crash.
      await go(page, '#/?year=2019&asOf=2019-06-30')
      await expect.poll(() => cards(page).count(), { timeout: 30_000 }).toBe(2)
      expect(await plan.inputValue()).toBe(next.id)
      expect(await page.getByLabel('年度').inputValue()).toBe(String(nextPeriod.latest_year))
      await go(page, '#/?year=2020')
      await expect.poll(() => cards(page).count(), { timeout: 30_000 }).toBe(2)
    })
  })

  it('leader: the detail page shows the card’s forecast; the plan chooser leaves for a plan without it', async () => {
    await app.withPage(async ({ page }) => {
      await signIn(page, app.server.url, 'leader')
      const open = (await trpcQuery<Scorecard>(page, 'scorecard.get', { year: 2024 })).data
      const expected = expectedForecasts(open)
      // An indicator projected to miss, and one with no projection but a pace, if any.
      const picks = [expected.find((f) => f.miss)!, expected.find((f) => f.final === null && f.pace !== null)]
      for (const f of picks.filter((x) => x !== undefined)) {
        await go(page, `#/indicator/${f.id}?year=2024`)
        await page.locator('.ind-header').waitFor({ timeout: 30_000 })
        await settled(page)
        const header = page.locator('.ind-header')
        for (const [testId, text] of [
          ['forecast-final', f.final],
          ['forecast-pace', f.pace],
        ] as const) {
          const dd = header.locator(`[data-testid=${testId}] dd`)
          expect(await dd.count(), `${f.id} ${testId}`).toBe(text === null ? 0 : 1)
          if (text !== null) expect(await dd.textContent()).toBe(text)
        }
      }
      await screenshot(page, 'plans-indicator-forecast-2024')

      // The plan's last year as of its last day: nothing of the forecast.
      await go(page, `#/indicator/${picks[0]!.id}?year=2025`)
      await page.locator('.ind-header').waitFor({ timeout: 30_000 })
      await settled(page)
      expect(await page.locator('.ind-header [data-testid^=forecast]').count()).toBe(0)

      // The indicator is not in the other plan: switching plan opens that plan's overview.
      const miss = picks[0]!.id!
      const pilot = (
        await trpcQuery<{ indicators: Array<{ id: string }> }>(page, 'reference.catalog', {
          plan: 'fyp15-pilot',
        })
      ).data
      expect(pilot.indicators.map((i) => i.id)).not.toContain(miss)
      await page.getByLabel('规划', { exact: true }).selectOption('fyp15-pilot')
      await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/^#\/\?/)
      await expect.poll(() => cards(page).count(), { timeout: 30_000 }).toBe(2)

      // A carried-over indicator stays on its page in the other plan.
      await go(page, '#/indicator/online_availability_rate?year=2024')
      await page.locator('.ind-header').waitFor({ timeout: 30_000 })
      await page.getByLabel('规划', { exact: true }).selectOption('fyp15-pilot')
      await expect
        .poll(() => page.evaluate(() => location.hash))
        .toMatch(/^#\/indicator\/online_availability_rate\?year=2026/)
      await page.locator('.ind-header').waitFor({ timeout: 30_000 })
    })
  })

  it('looks right on a phone', async () => {
    await app.withPage(
      async ({ page }) => {
        await signIn(page, app.server.url, 'leader')
        await go(page, '#/?year=2024')
        await expect.poll(() => cards(page).count(), { timeout: 30_000 }).toBe(23)
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
        await screenshot(page, 'plans-scorecard-forecast-phone')
        await go(page, '#/indicator/online_application_rate?year=2024')
        await page.locator('.ind-header').waitFor({ timeout: 30_000 })
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
        await screenshot(page, 'plans-indicator-phone')
      },
      { width: 390, height: 844 },
    )
  })

  it('evaluator: ranking and target years come from the plans', async () => {
    await app.withPage(async ({ page }) => {
      await signIn(page, app.server.url, 'evaluator')
      await go(page, '#/ranking?year=2024')
      await page.getByRole('heading', { name: '2024年度部门考核排名' }).waitFor({ timeout: 60_000 })
      expect(await page.getByLabel('规划', { exact: true }).inputValue()).toBe('fyp14')
      expect(await options(page, '年度')).toEqual(['2021', '2022', '2023', '2024', '2025'])
      const pilot = (await trpcQuery<Period>(page, 'scorecard.period', { plan: 'fyp15-pilot' })).data
      await page.getByLabel('规划', { exact: true }).selectOption('fyp15-pilot')
      await page
        .getByRole('heading', { name: `${pilot.latest_year}年度部门考核排名` })
        .waitFor({ timeout: 60_000 })
      expect(await options(page, '年度')).toEqual(begun(pilot.plan.period))
      // A year no plan has: the server's default year, no failed request.
      await go(page, '#/ranking?year=2031')
      const fallback = (await trpcQuery<{ year: number }>(page, 'ranking.defaults', {})).data
      await page
        .getByRole('heading', { name: `${fallback.year}年度部门考核排名` })
        .waitFor({ timeout: 60_000 })
      await screenshot(page, 'plans-ranking')

      // The target template: every plan year, grouped by plan.
      await go(page, '#/targets')
      const select = page.getByTestId('template-year')
      await expect.poll(() => select.locator('option').count()).toBe(10)
      const groups = await select.locator('optgroup').evaluateAll((els) =>
        els.map((g) => ({
          label: g.getAttribute('label'),
          years: [...g.querySelectorAll('option')].map((o) => o.textContent),
        })),
      )
      expect(groups).toEqual([
        {
          label: '示范区数字政府“十四五”规划（2021–2025年）',
          years: ['2021', '2022', '2023', '2024', '2025'],
        },
        {
          label: '示范区数字政府“十五五”规划（试点）（2026–2030年）',
          years: ['2026', '2027', '2028', '2029', '2030'],
        },
      ])
      // The current plan's year today falls in.
      expect(await select.inputValue()).toBe(String(Math.min(2030, Math.max(2026, THIS_YEAR))))
    })
  })

  it('speaks English with the plan’s English name', async () => {
    await app.withPage(async ({ page }) => {
      await signIn(page, app.server.url, 'leader')
      await page.getByRole('button', { name: 'EN' }).click()
      await go(page, '#/?year=2024')
      await expect.poll(() => cards(page).count(), { timeout: 30_000 }).toBe(23)
      expect(await page.getByLabel('Plan', { exact: true }).locator('option').allTextContents()).toEqual([
        'Digital government plan of the demonstration district, 2021–2025',
        'Digital government plan of the demonstration district, 2026–2030 (pilot)',
      ])
      expect(await page.locator('[data-testid=forecast-final] dt').first().textContent()).toBe(en['fc.final'])
      expect(await page.locator('[data-testid=forecast-pace] dd').first().textContent()).toMatch(
        /^[+-]\d+(\.\d+)? pp$/,
      )
      await screenshot(page, 'plans-scorecard-english')
      await page.getByRole('button', { name: '中文' }).click()
    })
  })
})
