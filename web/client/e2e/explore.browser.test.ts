import fs from 'node:fs'
import path from 'node:path'
import ExcelJS from 'exceljs'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { setupApp } from './app'
import { screenshot, settled, signIn, trpcQuery } from './browser'
import { ARTIFACTS } from './testing'

interface ExploreResult {
  data: Array<Record<string, unknown>>
}

const TOWN = 'hotline_kpis.town_name'
/** A member name as the API spells it (`hotline_kpis.tickets`): never in visible text. */
const RAW_MEMBER = /\b[a-z]+(?:_[a-z]+)*_kpis\.[a-z_]+/

/** The builder set to one view, its measures and dimensions, and a time grain and range. */
async function build(
  page: Page,
  q: {
    view: string
    measures: string[]
    dimensions: string[]
    time?: { dim: string; grain: string; from?: string; to?: string }
    limit?: number
  },
) {
  await page.getByLabel('数据视图').selectOption(q.view)
  const checked = page.locator('.checklist input:checked')
  while ((await checked.count()) > 0) await checked.first().uncheck()
  for (const name of [...q.measures, ...q.dimensions])
    await page.getByRole('checkbox', { name, exact: true }).check()
  if (q.time) {
    await page.getByLabel('时间维度', { exact: true }).selectOption({ label: q.time.dim })
    await page.getByLabel('粒度').selectOption({ label: q.time.grain })
    await page.getByLabel('起始日期').fill(q.time.from ?? '')
    await page.getByLabel('结束日期').fill(q.time.to ?? '')
  }
  if (q.limit) await page.getByLabel('行数上限').fill(String(q.limit))
}

const runQuery = async (page: Page) => {
  await page.getByRole('button', { name: '运行查询' }).click()
  await settled(page, 60_000)
}

/** Visible text (a closed <details> is not rendered, so its content is not in innerText). */
// biome-ignore lint/performance/useDomNodeTextContent: rendered text is the point (textContent includes the closed disclosure)
const visibleText = (page: Page) => page.evaluate(() => document.body.innerText)

/**
 * 自助分析 as an analyst in real Chromium on demo data: two dimensions draw one series per
 * town, cells read as people write them (%, 1,234, 2024-01, （空）), the chart says when it
 * leaves series out, exports carry months as months, a reversed range never leaves the
 * page, a large result pages without freezing it, and member names stay behind 技术名称.
 */
describe('自助分析 fits its data', () => {
  const app = setupApp()

  it('two dimensions, formats, cut note, exports, date check, paging, technical names', async () => {
    await app.withPage(async ({ page }) => {
      const runs: string[] = []
      page.on('request', (r) => {
        if (r.url().includes('explore.run')) runs.push(r.url())
      })
      await signIn(page, app.server.url, 'analyst')
      await page.getByRole('heading', { name: '自助分析' }).waitFor()

      // 工单数 by 所属镇街名称 × 受理时间(月): one line per town, x = months.
      await build(page, {
        view: 'hotline_kpis',
        measures: ['工单数', '12345按时办结率'],
        dimensions: ['所属镇街名称'],
        time: { dim: '受理时间', grain: '月', from: '2024-01-01', to: '2024-12-31' },
        limit: 1000,
      })
      await runQuery(page)
      const same = await trpcQuery<ExploreResult>(page, 'explore.run', {
        measures: ['hotline_kpis.tickets', 'hotline_kpis.hotline_ontime_rate'],
        dimensions: [TOWN],
        timeDimension: {
          dimension: 'hotline_kpis.date',
          granularity: 'month',
          dateRange: ['2024-01-01', '2024-12-31'],
        },
        limit: 1000,
      })
      const towns = new Set(same.data.data.map((r) => r[TOWN] ?? ''))
      const hasEmpty = towns.has('')
      console.log(`town × month: ${same.data.data.length} rows, ${towns.size} towns (empty: ${hasEmpty})`)
      expect(towns.size).toBeGreaterThan(5)
      expect(towns.size).toBeLessThanOrEqual(12)
      const chart = page.getByTestId('explore-chart')
      await expect.poll(() => chart.locator('.recharts-line').count(), { timeout: 30_000 }).toBe(towns.size)
      const legend = await chart.locator('.recharts-legend-item-text').allTextContents()
      expect(legend).toHaveLength(towns.size)
      if (hasEmpty) expect(legend).toContain('（空）')
      expect(legend.every((l) => l !== '')).toBe(true)
      // x axis: months, each once.
      const ticks = await chart
        .locator('.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value')
        .allTextContents()
      expect(ticks.length).toBeGreaterThan(3)
      for (const tick of ticks) expect(tick).toMatch(/^2024-\d{2}$/)
      expect(new Set(ticks).size).toBe(ticks.length)
      expect(await chart.getByTestId('explore-cut-note').count()).toBe(0)

      // The table: titles, months as 2024-01, rates as %, empty towns as （空）.
      const table = page.getByTestId('explore-table')
      expect(await table.locator('thead th').allTextContents()).toEqual([
        '所属镇街名称',
        '受理时间',
        '工单数',
        '12345按时办结率',
      ])
      const cells = await table
        .locator('tbody tr')
        .evaluateAll((trs) =>
          trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
        )
      expect(cells.length).toBe(Math.min(100, same.data.data.length))
      for (const [town, month, count, rate] of cells) {
        expect(town).not.toBe('')
        expect(month).toMatch(/^2024-\d{2}$/)
        expect(count).toMatch(/^\d{1,3}(,\d{3})*$/)
        expect(rate).toMatch(/^(\d{1,3}\.\d%)?$/)
      }
      expect(cells.some(([, , , rate]) => rate!.endsWith('%'))).toBe(true)
      // The 表格 view: one column per town.
      await page.getByRole('button', { name: '表格', exact: true }).click()
      expect(await page.getByTestId('explore-pivot').locator('thead th').count()).toBe(towns.size + 1)
      await page.getByRole('button', { name: '折线图' }).click()
      await screenshot(page, 'explore-two-dims')

      // No member names in visible text; they are behind the closed 技术名称 disclosure.
      expect(await visibleText(page)).not.toMatch(RAW_MEMBER)
      const tech = page.getByTestId('tech-names')
      expect(await tech.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false)
      await tech.locator('summary').click()
      expect(await tech.textContent()).toContain('hotline_kpis.tickets')
      await tech.locator('summary').click()

      // Exports: months as 2024-01 in CSV, month date cells in XLSX, rates as 0.0%.
      fs.mkdirSync(ARTIFACTS, { recursive: true })
      const [csvDownload] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: '导出 CSV' }).click(),
      ])
      const csvFile = path.join(ARTIFACTS, 'explore-two-dims.csv')
      await csvDownload.saveAs(csvFile)
      const csv = fs
        .readFileSync(csvFile, 'utf8')
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n')
      expect(csv[0]).toBe('所属镇街名称,受理时间,工单数,12345按时办结率')
      for (const line of csv.slice(1)) expect(line.split(',')[1]).toMatch(/^2024-\d{2}$/)
      expect(csv.join('\n')).not.toMatch(/T00:00:00/)
      const [xlsxDownload] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: '导出 Excel' }).click(),
      ])
      const xlsxFile = path.join(ARTIFACTS, 'explore-two-dims.xlsx')
      await xlsxDownload.saveAs(xlsxFile)
      const wb = new ExcelJS.Workbook()
      await wb.xlsx.readFile(xlsxFile)
      const ws = wb.worksheets[0]!
      expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(csv[0]!.split(','))
      for (let i = 2; i <= ws.rowCount; i++) {
        const month = ws.getRow(i).getCell(2)
        expect(month.value).toBeInstanceOf(Date)
        expect(month.numFmt).toBe('yyyy-mm')
        expect(month.text).not.toMatch(/T\d{2}:/)
      }
      expect(ws.getCell('D2').numFmt).toBe('0.0%')

      // Many series: 工单数 by 部门名称 × 月 draws the largest 12 and says so.
      await build(page, {
        view: 'hotline_kpis',
        measures: ['工单数'],
        dimensions: ['部门名称'],
        time: { dim: '受理时间', grain: '月', from: '2024-01-01', to: '2024-12-31' },
        limit: 5000,
      })
      await runQuery(page)
      await expect
        .poll(() => page.getByTestId('explore-cut-note').first().textContent(), { timeout: 30_000 })
        .toMatch(/^仅显示前 12 个系列（按工单数合计从大到小），共 \d+ 个；完整数据见下方表格或导出。$/)
      // The legend renders after the note (Recharts measures first): wait for it.
      await expect.poll(() => chart.locator('.recharts-legend-item').count(), { timeout: 10_000 }).toBe(12)

      // One dimension, counts over a thousand: grouped digits.
      await build(page, {
        view: 'hotline_kpis',
        measures: ['工单数'],
        dimensions: [],
        time: { dim: '受理时间', grain: '年' },
      })
      await runQuery(page)
      const yearly = await table
        .locator('tbody tr')
        .evaluateAll((trs) =>
          trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
        )
      expect(yearly.length).toBeGreaterThan(1)
      for (const [year, count] of yearly) {
        expect(year).toMatch(/^\d{4}$/)
        expect(count).toMatch(/^\d{1,3}(,\d{3})*$/)
      }
      expect(yearly.some(([, count]) => count!.includes(','))).toBe(true)

      // A reversed range: named under the dates, and no query leaves the page.
      await build(page, {
        view: 'hotline_kpis',
        measures: ['工单数'],
        dimensions: ['所属镇街名称'],
        time: { dim: '受理时间', grain: '月', from: '2024-12-31', to: '2024-01-01' },
      })
      const before = runs.length
      await page.getByRole('button', { name: '运行查询' }).click()
      await expect
        .poll(() => page.getByTestId('date-error').textContent())
        .toBe('起始日期（2024-12-31）晚于结束日期（2024-01-01），请调整日期范围。')
      await page.waitForTimeout(500)
      expect(runs.length).toBe(before)
      expect(await page.getByLabel('起始日期').getAttribute('aria-invalid')).toBe('true')

      // A large result: every application by day × town × channel, paged 100 at a time.
      await build(page, {
        view: 'application_kpis',
        measures: ['办件量（不含撤回）'],
        dimensions: ['申请渠道', '所属镇街名称', '办件编号'],
        time: { dim: '申请时间', grain: '日' },
        limit: 50_000,
      })
      const response = page.waitForResponse((r) => r.url().includes('explore.run'), { timeout: 120_000 })
      await page.getByRole('button', { name: '运行查询' }).click()
      await (await response).finished()
      const arrived = Date.now()
      // Checked in the page on every frame: its first page of 100 rows and the total.
      await page.waitForFunction(
        () =>
          document.querySelectorAll('[data-testid=explore-table] tbody tr').length === 100 &&
          /共 \d{1,3},\d{3} 行/.test(
            document.querySelector('[data-testid=explore-pager] [role=status]')?.textContent ?? '',
          ),
        undefined,
        { polling: 'raf', timeout: 30_000 },
      )
      const rendered = Date.now() - arrived
      const pager = page.getByTestId('explore-pager').getByRole('status')
      const total = Number((await pager.textContent())!.match(/共 ([\d,]+) 行/)![1]!.replaceAll(',', ''))
      console.log(`large result: ${total} rows; from response to the paged table visible: ${rendered} ms`)
      expect(total).toBeGreaterThan(10_000)
      expect(rendered).toBeLessThan(2000)
      expect(await table.locator('tbody tr').count()).toBe(100)
      await expect.poll(() => chart.getByTestId('explore-cut-note').count()).toBeGreaterThan(0)
      // Still responsive: the next page within a frame or two, and a frame comes promptly.
      const t0 = Date.now()
      await page.getByRole('button', { name: '下一页' }).click()
      await expect.poll(() => pager.textContent()).toMatch(/^第 2 \//)
      const paged = Date.now() - t0
      const frame = await page.evaluate(
        () =>
          new Promise<number>((done) => {
            const s = performance.now()
            requestAnimationFrame(() => done(performance.now() - s))
          }),
      )
      console.log(`next page: ${paged} ms; next animation frame: ${frame.toFixed(0)} ms`)
      expect(paged).toBeLessThan(1000)
      expect(frame).toBeLessThan(500)
      expect(await visibleText(page)).not.toMatch(RAW_MEMBER)
      await screenshot(page, 'explore-table-paged')
    })
  }, 300_000)

  it('fits a 390 px phone without horizontal scrolling', async () => {
    await app.withPage(
      async ({ page }) => {
        await signIn(page, app.server.url, 'analyst')
        await page.getByRole('heading', { name: '自助分析' }).waitFor()
        await build(page, {
          view: 'hotline_kpis',
          measures: ['工单数', '12345按时办结率'],
          dimensions: ['所属镇街名称'],
          time: { dim: '受理时间', grain: '月', from: '2024-01-01', to: '2024-12-31' },
        })
        await runQuery(page)
        await page.getByTestId('explore-chart').locator('.recharts-line').first().waitFor({ timeout: 30_000 })
        const tech = page.getByTestId('tech-names')
        await tech.locator('summary').click()
        const widths = await page.evaluate(() => ({
          doc: document.documentElement.scrollWidth,
          body: document.body.scrollWidth,
          view: window.innerWidth,
        }))
        expect(widths.doc, JSON.stringify(widths)).toBeLessThanOrEqual(widths.view)
        expect(widths.body, JSON.stringify(widths)).toBeLessThanOrEqual(widths.view)
        await tech.locator('summary').click()
        await screenshot(page, 'explore-phone')
      },
      { width: 390, height: 844 },
    )
  })
})
