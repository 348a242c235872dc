import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { setupApp } from './app'
import { openPage, screenshot, settled, signIn, trpcQuery } from './browser'
import { ARTIFACTS } from './testing'

/** Twelve rows the load sets aside (the demo data has only a few quarantined rows of its own). */
const BAD_ROWS = Array.from({ length: 12 }, (_, i) => `2020-13-${10 + i}`)

/**
 * One scheduled drop-folder source for this file's server (the server inherits the
 * environment): a file with one good and one bad row waits in it, loaded by 立即运行.
 */
const dropRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'scorecard-admin-e2e-'))
const dropDir = path.join(dropRoot, 'app-drop')
fs.mkdirSync(dropDir)
fs.writeFileSync(
  path.join(dropRoot, 'sources.yaml'),
  'sources:\n  - name: app-drop\n    type: folder\n    dataset: app_activity\n    schedule: "0 0 1 1 *"\n    path: app-drop\n    settle_ms: 0\n    retries: 0\n',
)
// Twelve more files, one good row each: more load runs than one page holds.
for (let i = 1; i <= 12; i++) {
  const name = `extra-${String(i).padStart(2, '0')}.csv`
  fs.writeFileSync(
    path.join(dropDir, name),
    `日期,应用名称,日活跃用户数\n2020-02-${String(i).padStart(2, '0')},测试应用,${i}\n`,
  )
}
// Loaded last (files go in name order): the source's latest run.
fs.writeFileSync(
  path.join(dropDir, 'z-activity.csv'),
  `日期,应用名称,日活跃用户数\n2020-01-01,测试应用,1200\n${BAD_ROWS.map((d) => `${d},测试应用,很多\n`).join('')}`,
)

const NEW_PASSWORD = 'Quiet-river-2048x'

async function signInAs(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(url)
  await page.getByLabel('用户名').fill(username)
  await page.getByLabel('密码').fill(password)
  await page.getByRole('button', { name: '登录' }).click()
}

async function downloaded(page: Page, click: () => Promise<void>, name: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), click()])
  const to = path.join(ARTIFACTS, name)
  await file.saveAs(to)
  return to
}

/** No horizontal page scroll at this width (tables scroll inside their own box). */
const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth)

/** English a person would see: dataset table names, raw JSON. */
const DEVELOPER_TEXT = /\b[a-z]+_[a-z_]+\b|\{"/

describe('admin screens, data status and target uploads in a real browser', () => {
  const app = setupApp({ SOURCES_FILE: path.join(dropRoot, 'sources.yaml') })

  it('admin creates a user who signs in, disables them (refused), re-enables and resets the password', async () => {
    await app.withPage(async ({ page, allow }) => {
      await signIn(page, app.server.url, 'admin')
      await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '系统管理' }).click()
      await page.getByTestId('users').locator('tbody tr').first().waitFor({ timeout: 30_000 })
      await page.getByRole('button', { name: '新建用户' }).click()
      const form = page.getByTestId('user-form')
      await form.getByLabel('用户名', { exact: true }).fill('clerk.zhang')
      await form.getByLabel('姓名').fill('张科员')
      await form.getByLabel('角色').selectOption('department')
      await form.getByLabel('部门').selectOption({ index: 1 })
      await form.getByLabel('初始密码').fill(NEW_PASSWORD)
      await form.getByRole('button', { name: '保存' }).click()
      await expect
        .poll(() => page.getByTestId('users-notice').textContent(), { timeout: 30_000 })
        .toBe('已创建用户 clerk.zhang')
      const row = page.locator('tr[data-username="clerk.zhang"]')
      await expect.poll(() => row.textContent(), { timeout: 30_000 }).toMatch(/张科员部门.+启用从未登录/)

      // The new account signs in from a browser of its own.
      const clerk = await openPage(app.browser)
      try {
        await signInAs(clerk.page, app.server.url, 'clerk.zhang', NEW_PASSWORD)
        await clerk.page.getByRole('button', { name: '退出' }).waitFor()
        expect(await clerk.page.getByTestId('user-name').textContent()).toContain('张科员')

        // Disabled: the open session ends and signing in again is refused.
        await row.getByRole('button', { name: '停用' }).click()
        await expect
          .poll(() => page.getByTestId('users-notice').textContent(), { timeout: 30_000 })
          .toBe('已停用 clerk.zhang，其登录会话已全部失效')
        await expect.poll(() => row.textContent(), { timeout: 30_000 }).toContain('已停用')
        await clerk.page.reload()
        await signInAs(clerk.page, app.server.url, 'clerk.zhang', NEW_PASSWORD)
        await expect
          .poll(() => clerk.page.getByRole('alert').textContent(), { timeout: 30_000 })
          .toContain('用户名或密码错误')
        clerk.allow(/status of 401/)
        expect(clerk.errors).toEqual([])
      } finally {
        await clerk.context.close()
      }

      await row.getByRole('button', { name: '启用' }).click()
      await expect
        .poll(() => row.textContent(), { timeout: 30_000 })
        .toMatch(/启用.*\d{4}-\d\d-\d\d \d\d:\d\d/)
      await row.getByRole('button', { name: '重置密码' }).click()
      await page.getByTestId('reset-form').getByRole('button', { name: '确认重置' }).click()
      const oneTime = (await page.getByTestId('one-time-password').textContent()) ?? ''
      expect(oneTime).toMatch(/^[A-Za-z0-9]{16}$/)
      await screenshot(page, 'admin-users')

      const again = await openPage(app.browser)
      try {
        await signInAs(again.page, app.server.url, 'clerk.zhang', NEW_PASSWORD)
        await expect
          .poll(() => again.page.getByRole('alert').textContent(), { timeout: 30_000 })
          .toContain('用户名或密码错误')
        again.allow(/status of 401/)
        await signInAs(again.page, app.server.url, 'clerk.zhang', oneTime)
        await again.page.getByRole('button', { name: '退出' }).waitFor()
        expect(again.errors).toEqual([])
      } finally {
        await again.context.close()
      }

      // Narrow screens: no sideways page scroll.
      await page.setViewportSize({ width: 390, height: 844 })
      await settled(page)
      expect(await pageWidth(page)).toBeLessThanOrEqual(390)
      expect(allow(/status of 401/)).toEqual([])
    })
  })

  it('sources run now; load runs and quarantine page through in Chinese; quarantine downloads as a file', async () => {
    await app.withPage(async ({ page }) => {
      await signIn(page, app.server.url, 'admin')
      await page.goto(`${app.server.url}/#/admin/sources`)
      const source = page.locator('tr[data-source="app-drop"]')
      await expect.poll(() => source.textContent(), { timeout: 30_000 }).toContain('尚未运行')
      expect(await source.textContent()).toContain('政务App活跃度')
      await source.getByRole('button', { name: '立即运行' }).click()
      await expect
        .poll(() => page.getByTestId('sources-notice').textContent(), { timeout: 60_000 })
        .toBe('app-drop 运行完成，本次载入 13 行')
      await expect.poll(() => source.textContent(), { timeout: 30_000 }).toMatch(/空闲成功.*接收 1 · 隔离 12/)
      await screenshot(page, 'admin-sources')

      // The run is the newest load run; its one quarantined row opens from its count.
      await page.getByRole('link', { name: '加载记录' }).click()
      const runs = page.getByTestId('runs')
      await expect.poll(() => runs.locator('tbody tr').count(), { timeout: 30_000 }).toBe(20)
      const first = runs.locator('tbody tr').first()
      expect(await first.locator('th').textContent()).toBe('政务App活跃度')
      const firstRun = await first.getAttribute('data-run')
      const info = runs.getByTestId('runs-pager')
      const total = Number(/共 (\d+) 条/.exec((await info.textContent()) ?? '')?.[1])
      expect(total).toBeGreaterThan(20)
      expect(await info.textContent()).toContain('第 1–20 条')
      await info.getByRole('button', { name: '下一页' }).click()
      await expect
        .poll(() => info.textContent(), { timeout: 30_000 })
        .toContain(`第 21–${Math.min(40, total)} 条`)
      const runIds = () =>
        runs.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-run')))
      // The previous page stays on screen until the next one arrives.
      await expect.poll(runIds, { timeout: 30_000 }).not.toContain(firstRun)
      expect(await runIds()).toHaveLength(Math.min(20, total - 20))
      expect(await runs.textContent()).not.toMatch(DEVELOPER_TEXT)
      await screenshot(page, 'admin-runs')
      await info.getByRole('button', { name: '上一页' }).click()
      await first.getByRole('button', { name: '12' }).click()
      const quarantine = page.getByTestId('quarantine')
      await expect.poll(() => quarantine.locator('.qrow').count(), { timeout: 30_000 }).toBe(10)
      expect(await quarantine.getByTestId('quarantine-pager').textContent()).toContain('第 1–10 条，共 12 条')
      const ours = await quarantine.locator('.qrow').first().textContent()
      expect(ours).toContain('第 3 行')
      expect(ours).toContain('日期2020-13-10')
      expect(ours).toContain('日活跃用户数很多')
      expect(ours).not.toContain('(')
      const csv = await downloaded(
        page,
        () => quarantine.getByRole('button', { name: '下载本批隔离行（CSV）' }).click(),
        'quarantine-run.csv',
      )
      const text = fs.readFileSync(csv, 'utf8')
      // UTF-8 with a byte-order mark, so Excel opens the Chinese text right.
      expect(text.startsWith('\uFEFF')).toBe(true)
      const csvLines = text.trim().split('\r\n')
      expect(csvLines[0]).toBe('数据集,文件行号,原因,日期,应用名称,日活跃用户数')
      expect(csvLines).toHaveLength(13)
      expect(csvLines[1]).toMatch(/^政务App活跃度,3,.+,2020-13-10,测试应用,很多$/)

      // Every dataset's quarantine, a page at a time (the demo data sets rows aside).
      await quarantine.getByRole('button', { name: '显示全部' }).click()
      await expect.poll(() => quarantine.locator('.qrow').count(), { timeout: 30_000 }).toBe(10)
      const pager = quarantine.getByTestId('quarantine-pager')
      const firstPage = await quarantine.locator('.qrow').first().textContent()
      await pager.getByRole('button', { name: '下一页' }).click()
      await expect.poll(() => pager.textContent(), { timeout: 30_000 }).toMatch(/第 11–\d+ 条，共 1\d 条/)
      await expect
        .poll(() => quarantine.locator('.qrow').first().textContent(), { timeout: 30_000 })
        .not.toBe(firstPage)
      expect(await quarantine.textContent()).not.toMatch(DEVELOPER_TEXT)
      expect(await quarantine.locator('.qrow dt').count()).toBeGreaterThan(10)
      const file = await downloaded(
        page,
        () =>
          quarantine.locator('.qrow').first().getByRole('button', { name: '下载本批隔离行（CSV）' }).click(),
        'quarantine-demo.csv',
      )
      const lines = fs.readFileSync(file, 'utf8').trim().split('\r\n')
      expect(lines[0]).toMatch(/^数据集,文件行号,原因,/)
      expect(lines.length).toBeGreaterThan(1)
      await screenshot(page, 'admin-quarantine')
      await page.setViewportSize({ width: 390, height: 844 })
      await settled(page)
      expect(await pageWidth(page)).toBeLessThanOrEqual(390)
    })
  })

  it('数据状态 shows load time beside the data’s own date, in Chinese, paged, at phone width', async () => {
    await app.withPage(
      async ({ page }) => {
        await signIn(page, app.server.url, 'leader')
        await page.goto(`${app.server.url}/#/data`)
        const fresh = page.getByTestId('freshness')
        await expect.poll(() => fresh.locator('tbody tr').count(), { timeout: 30_000 }).toBe(10)
        expect(await fresh.locator('thead').textContent()).toContain('最近加载时间数据截至')
        const apps = fresh.locator('tbody tr', { hasText: '办件' }).first()
        const cells = await apps.locator('td').allTextContents()
        expect(cells[1]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/)
        expect(cells[2]).toMatch(/^\d{4}-\d\d-\d\d$/)
        expect(cells[2]! < cells[1]!).toBe(true)
        await page.getByTestId('runs-pager').waitFor()
        await page.getByTestId('quarantine-pager').waitFor()
        expect(await page.getByTestId('quarantine').locator('.qrow').count()).toBe(10)
        expect(await page.locator('main').textContent()).not.toMatch(DEVELOPER_TEXT)
        expect(await pageWidth(page)).toBeLessThanOrEqual(390)
        await screenshot(page, 'data-status')
      },
      { width: 390, height: 844 },
    )
  })

  it('evaluators upload target overrides from their own navigation; departments cannot open #/admin', async () => {
    await app.withPage(async ({ page }) => {
      await signIn(page, app.server.url, 'evaluator')
      const nav = page.getByRole('navigation', { name: '主导航' })
      expect(await nav.getByRole('link', { name: '系统管理' }).count()).toBe(0)
      await nav.getByRole('link', { name: '目标值调整' }).click()
      await page.getByRole('heading', { name: '目标值调整上传' }).waitFor()
      const template = await downloaded(
        page,
        () => page.getByRole('button', { name: '下载模板' }).click(),
        'targets-template.xlsx',
      )
      await page.getByLabel('目标值文件（XLSX）').setInputFiles(template)
      await page.getByRole('button', { name: '上传', exact: true }).click()
      await expect
        .poll(() => page.getByTestId('upload-result').textContent(), { timeout: 30_000 })
        .toMatch(/^已保存 \d+ 条目标值调整（targets-template\.xlsx）/)

      const wb = new ExcelJS.Workbook()
      const ws = wb.addWorksheet('目标值')
      ws.addRow(['单位类型', '单位编码', '指标编码', '年度', '目标值'])
      ws.addRow(['科室', 'D001', '网上可办率', 2025, 0.9])
      ws.addRow(['部门', 'D001', '不存在的指标', 2025, '很多'])
      const bad = path.join(ARTIFACTS, 'targets-bad.xlsx')
      await wb.xlsx.writeFile(bad)
      await page.getByLabel('目标值文件（XLSX）').setInputFiles(bad)
      await page.getByRole('button', { name: '上传', exact: true }).click()
      const errors = page.getByTestId('upload-errors')
      await errors.waitFor({ timeout: 30_000 })
      expect(await errors.locator('h2').textContent()).toMatch(
        /^文件未保存：请修正以下 \d+ 处问题后重新上传。$/,
      )
      const rows = await errors.locator('tbody tr').allTextContents()
      expect(rows.some((r) => r.startsWith('2单位类型单位类型应为“部门”或“镇街”'))).toBe(true)
      expect(rows.some((r) => r.startsWith('3指标编码未知指标编码'))).toBe(true)
      // Chinese only: no English explanation in brackets (cells quoted from the file stay as written).
      expect(await errors.textContent()).not.toMatch(/\([A-Za-z]/)
      await screenshot(page, 'targets-upload')
    })

    const dept = app.demoUsers().find((u) => u.startsWith('dept_'))!
    await app.withPage(async ({ page, allow }) => {
      await signIn(page, app.server.url, dept)
      expect(
        await page
          .getByRole('navigation', { name: '主导航' })
          .getByRole('link', { name: '系统管理' })
          .count(),
      ).toBe(0)
      await page.goto(`${app.server.url}/#/admin/users`)
      await expect
        .poll(() => page.getByRole('alert').textContent(), { timeout: 30_000 })
        .toBe('当前角色无权访问此页面。')
      await page.goto(`${app.server.url}/#/targets`)
      await expect
        .poll(() => page.getByRole('alert').textContent(), { timeout: 30_000 })
        .toBe('当前角色无权访问此页面。')
      for (const proc of ['admin.users', 'admin.sources']) {
        const r = await trpcQuery(page, proc, undefined)
        expect(r.status, proc).toBe(403)
      }
      allow(/status of 403/)
    })
  })
})
