import path from 'node:path'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { setupApp } from './app'
import { screenshot, signIn } from './browser'
import { ARTIFACTS } from './testing'

const ONLINE = 'online_application_rate'
const HOTLINE = 'hotline_ontime_rate'

async function targetsFile(name: string, rows: Array<[string, string, number, number]>): Promise<string> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('目标值')
  ws.addRow(['单位类型', '单位编码', '指标编码', '年度', '目标值'])
  for (const [code, indicator, year, target] of rows) ws.addRow(['部门', code, indicator, year, target])
  const file = path.join(ARTIFACTS, name)
  await wb.xlsx.writeFile(file)
  return file
}

/**
 * 目标值版本 in real Chromium against the real server: two uploads are two versions with their
 * changes, the diff shows 原值 → 新值, restoring the first is a new version, and a ranking frozen
 * afterwards names the version it used.
 */
describe('目标值版本 in a real browser', () => {
  const app = setupApp()

  it('an evaluator uploads twice, reads the changes, restores the first version and freezes with it', async () => {
    const code = app
      .demoUsers()
      .find((u) => u.startsWith('dept_'))!
      .slice('dept_'.length)
    await app.withPage(async ({ page }) => {
      await signIn(page, app.server.url, 'evaluator')
      await page.goto(`${app.server.url}/#/targets`)
      const panel = page.getByTestId('target-versions')
      await panel.getByText('该年度尚未上传目标值调整').waitFor({ timeout: 60_000 })
      const year = Number(await panel.getByTestId('versions-year').inputValue())

      const upload = async (file: string) => {
        await page.getByLabel('目标值文件（XLSX）').setInputFiles(file)
        await page.getByRole('button', { name: '上传', exact: true }).click()
        await expect
          .poll(() => page.getByTestId('upload-result').textContent(), { timeout: 30_000 })
          .toContain(path.basename(file))
      }
      await upload(
        await targetsFile('目标值-第一版.xlsx', [
          [code, ONLINE, year, 0.5],
          [code, HOTLINE, year, 0.9],
        ]),
      )
      await upload(
        await targetsFile('目标值-第二版.xlsx', [
          [code, ONLINE, year, 0.55],
          [code, 'e_seal_coverage_rate', year, 0.6],
        ]),
      )
      const rows = panel.locator('.tv-table tbody tr')
      await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(2)
      const newest = rows.first()
      expect(await newest.textContent()).toMatch(/当前版本.*目标值-第二版\.xlsx\+1 ~1 −03/)
      expect(await rows.nth(1).textContent()).toMatch(/目标值-第一版\.xlsx\+2 ~0 −02/)

      await newest.getByRole('button', { name: '查看变更' }).click()
      const diff = page.getByTestId('version-diff')
      await diff.locator('tbody tr').first().waitFor({ timeout: 30_000 })
      expect(await diff.locator('h2').textContent()).toMatch(/^版本 #\d+ 相对版本 #\d+ 的变更$/)
      const lines = await diff.locator('tbody tr').allTextContents()
      expect(lines).toHaveLength(2)
      expect(lines[0]).toMatch(/^新增.*电子印章.*60%$/)
      expect(lines[1]).toMatch(/^修改.*50%→ 55%$/)
      await screenshot(page, 'target-versions')

      const first = rows.nth(1)
      await first.getByRole('button', { name: '恢复此版本' }).click()
      await first.getByRole('button', { name: '确认恢复' }).click()
      await expect
        .poll(() => panel.getByRole('status').textContent(), { timeout: 30_000 })
        .toMatch(/^已恢复：新版本 #\d+（新增 0，修改 1，删除 1）。$/)
      await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(3)
      const restored = await rows.first().textContent()
      expect(restored).toMatch(/当前版本.*恢复自版本 #\d+\+0 ~1 −12/)
      const version = /^#(\d+)/.exec(restored ?? '')![1]
      // The first version now holds the rows in force: it offers no restore.
      await expect.poll(() => rows.last().textContent()).toContain('与生效版本相同')
      expect(await rows.last().getByRole('button', { name: '恢复此版本' }).count()).toBe(0)

      // A town ranking frozen now names the version in force.
      await page.goto(`${app.server.url}/#/ranking?unit=town&year=${year}`)
      const actions = page.getByRole('region', { name: '排名状态与操作' })
      // Scoring the towns live can take a while on a busy machine.
      await page.getByTestId('ranking-status').waitFor({ timeout: 120_000 })
      await actions.getByRole('button', { name: '冻结', exact: true }).click()
      await actions.getByRole('button', { name: '确认冻结' }).click()
      await expect
        .poll(() => page.getByTestId('ranking-targets').textContent(), { timeout: 60_000 })
        .toBe(`目标值版本 #${version}`)
      await screenshot(page, 'ranking-target-version')

      await page.goto(`${app.server.url}/#/targets`)
      await expect
        .poll(() => rows.first().textContent(), { timeout: 30_000 })
        .toContain(`${year}年度镇街（已冻结）`)
      await screenshot(page, 'target-versions-restored')
    })
  })
})
