import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { setupApp } from './app'
import { goTo, pageWidth, screenshot, settled, signIn, trpcQuery } from './browser'

const PHONE = { width: 390, height: 844 }
const BUREAU = '区政务服务数据管理局'
const RULE = '任务逾期提醒'
/** What the leader subscribes to (the start of each label). */
const SUBSCRIBE = ['指标状态变化', '领导简报（每周一）']

interface Note {
  id: number
  title: string
  body: string
  link: string | null
  read_at: string | null
}
interface TaskListRow {
  id: string
  lead: { code: string | null; name: string } | null
  partners: Array<{ code: string | null; name: string }>
}

const bell = (page: Page) => page.getByRole('banner').getByRole('button', { name: /^通知/ })
const switchNamed = (page: Page, label: string) =>
  page.getByRole('switch', { name: new RegExp(`^${escapeRe(label)}`) })
const subscriptionSwitch = (page: Page, label: string) =>
  page.getByTestId('subscriptions').locator(switchNamed(page, label))
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * Alerts in real Chromium against the real server on fresh demo data (no mail server set up),
 * one serial story: the leader subscribes to status changes and the weekly briefing from the
 * bell; an admin creates a task rule for departments and leaders and runs the alerts now; the
 * leader's bell counts the new notifications and 全部标为已读 clears it; the bureau's account
 * reads only its own tasks' notifications and cannot open 提醒.
 */
describe('alerts in a real browser', () => {
  // The scheduled run stays out of the story (once a year, at 03:00 on 1 January): only
  // 立即运行 delivers, so what each account reads is what this story made.
  const app = setupApp({ ALERTS_SCHEDULE: '0 3 1 1 *' })
  let deptUser = ''
  let deptCode = ''
  let departments: Array<{ code: string; name: string }> = []

  it('a leader subscribes to status changes and the weekly briefing from beside the bell', async () => {
    await app.withPage(async ({ page }) => {
      await signIn(page, app.server.url, 'leader')
      departments = (
        await trpcQuery<Array<{ code: string; name: string }>>(page, 'reference.departments', undefined)
      ).data
      deptCode = departments.find((d) => d.name === BUREAU)!.code
      deptUser = `dept_${deptCode.toLowerCase()}`
      expect(app.demoUsers()).toContain(deptUser)

      await bell(page).waitFor()
      await page.getByRole('banner').getByRole('link', { name: '我的订阅' }).click()
      await page.waitForURL('**/#/subscriptions')
      await page.getByRole('heading', { name: '我的订阅', level: 1 }).waitFor()
      const list = page.getByTestId('subscriptions')
      await list.getByRole('switch').first().waitFor({ timeout: 60_000 })
      // A leader's choices: the briefings, the published results, indicator and task alerts;
      // not a department's own monthly report. Words only, no codes.
      const labels = await list.locator('.al-sub-label').allTextContents()
      expect(labels).toEqual([
        '领导简报（每周一）',
        '领导简报（每月1日）',
        '考核结果发布',
        '指标状态变化（有风险、落后、未达标）',
        '规划任务有风险或逾期',
      ])
      // No mail server: the note, and the address fields off.
      expect(await page.getByTestId('no-email-note').textContent()).toBe(
        '管理员尚未配置邮件服务，订阅内容仅在站内通知中提供',
      )
      for (const box of await list.getByRole('textbox').all()) expect(await box.isDisabled()).toBe(true)

      for (const label of SUBSCRIBE) {
        const toggle = subscriptionSwitch(page, label)
        // The demo may have subscribed the leader already: off first, so this is a real subscribe.
        if (await toggle.isChecked()) {
          await toggle.click()
          await expect.poll(() => toggle.isChecked(), { timeout: 30_000 }).toBe(false)
          await expect.poll(() => toggle.isEnabled()).toBe(true)
        }
        await toggle.click()
        await expect.poll(() => toggle.isChecked(), { timeout: 30_000 }).toBe(true)
        await expect.poll(() => toggle.isEnabled()).toBe(true)
        const item = list.locator('li.al-sub', { has: switchNamed(page, label) })
        expect(await item.getByTestId('sub-state').textContent()).toBe('已订阅')
        expect(await item.getByRole('status').textContent()).toMatch(/^已订阅「/)
      }
      await screenshot(page, 'alerts-subscriptions-leader')

      await page.reload()
      await list.getByRole('switch').first().waitFor({ timeout: 60_000 })
      await settled(page)
      for (const label of SUBSCRIBE) expect(await subscriptionSwitch(page, label).isChecked()).toBe(true)
      const mine = await trpcQuery<{ rows: Array<{ kind: string }> }>(page, 'alerts.subscriptions', undefined)
      expect(mine.data.rows.map((r) => r.kind)).toEqual(
        expect.arrayContaining(['indicator_status', 'briefing_weekly']),
      )

      // One language at a time: in English, the kinds are English too.
      await page.getByRole('button', { name: 'EN' }).click()
      await page.getByRole('heading', { name: 'My subscriptions', level: 1 }).waitFor()
      expect(await list.locator('.al-sub-label').first().textContent()).toBe('Leaders’ briefing (Mondays)')
      expect(await page.getByTestId('no-email-note').textContent()).not.toMatch(/[\u4e00-\u9fff]/)
      expect(await bell(page).count()).toBe(0)
      expect(
        await page
          .getByRole('banner')
          .getByRole('button', { name: /^Notifications/ })
          .count(),
      ).toBe(1)
    })
  })

  it('the subscriptions page fits a phone', async () => {
    await app.withPage(async ({ page }) => {
      await signIn(page, app.server.url, 'leader')
      await goTo(page, '#/subscriptions')
      await page.getByTestId('subscriptions').getByRole('switch').first().waitFor({ timeout: 60_000 })
      expect(await pageWidth(page)).toMatchObject({ width: PHONE.width, past: [] })
      await screenshot(page, 'phone-alerts-subscriptions-leader')
    }, PHONE)
  })

  it('an admin creates a task rule for departments and leaders, runs the alerts and reads the log', async () => {
    await app.withPage(async ({ page }) => {
      await signIn(page, app.server.url, 'admin')
      await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '提醒' }).click()
      await page.getByRole('heading', { name: '提醒规则', level: 1 }).waitFor()
      const form = page.getByTestId('rule-form')
      await form
        .getByLabel('提醒类型')
        .locator('option')
        .first()
        .waitFor({ state: 'attached', timeout: 60_000 })

      // A rule without a name, then without a recipient, is refused before it is sent.
      await form.getByRole('button', { name: '创建规则' }).click()
      expect(await form.getByRole('alert').textContent()).toBe('请填写规则名称')
      await form.getByLabel('规则名称').fill(RULE)
      await form.getByLabel('提醒类型').selectOption({ label: '规划任务有风险或逾期' })
      // The threshold fields follow the kind: a task rule asks for task statuses, both on.
      const threshold = form.getByTestId('rule-threshold')
      expect(await threshold.getByRole('checkbox', { name: '有风险' }).isChecked()).toBe(true)
      expect(await threshold.getByRole('checkbox', { name: '逾期' }).isChecked()).toBe(true)
      await form.getByRole('button', { name: '创建规则' }).click()
      expect(await form.getByRole('alert').textContent()).toBe('请至少选择一个接收对象、邮箱或群机器人')
      // A bad address is named.
      await form.getByLabel('邮箱（可选，多个用逗号或换行分隔）').fill('not-an-address')
      await form.getByRole('button', { name: '创建规则' }).click()
      expect(await form.getByRole('alert').textContent()).toBe('以下邮箱格式不正确：not-an-address')
      await form.getByLabel('邮箱（可选，多个用逗号或换行分隔）').fill('')
      const audience = form.getByRole('group', { name: '站内通知接收对象' })
      await audience.getByRole('checkbox', { name: '部门' }).check()
      await audience.getByRole('checkbox', { name: '领导' }).check()
      await form.getByRole('button', { name: '创建规则' }).click()
      expect(await form.getByTestId('rule-created').textContent()).toBe(`已创建规则「${RULE}」`)

      const row = page.getByTestId('rules-table').locator('tr', { hasText: RULE })
      await row.waitFor({ timeout: 30_000 })
      const cells = await row.locator('th, td').allTextContents()
      expect(cells[1]).toBe('规划任务有风险或逾期')
      expect(cells[2]).toBe('状态为有风险、逾期')
      expect(cells[3]).toBe('领导、部门')
      expect(await row.getByRole('switch', { name: `启用「${RULE}」` }).isChecked()).toBe(true)

      // No mail server, no public address: said in words, no setting names.
      const channels = page.getByTestId('channels')
      expect(await channels.getByTestId('email-note').textContent()).toBe(
        '未配置邮件服务，提醒仅以站内通知发送',
      )
      expect(await channels.textContent()).toContain('邮件未配置')
      expect(await channels.getByTestId('link-note').textContent()).toBe('消息中的链接需要配置系统访问地址')
      expect(await page.locator('main').textContent()).not.toMatch(/SMTP|PUBLIC_URL|MAIL_FROM|task_status/)

      await channels.getByRole('button', { name: '立即运行' }).click()
      const summary = channels.getByTestId('run-summary')
      await summary.waitFor({ timeout: 110_000 })
      const said = (await summary.getByRole('status').textContent())!
      const m = /^本次运行：发送 (\d+) 条，此前已发送而跳过 (\d+) 条，失败 (\d+) 条。$/.exec(said)
      expect(m, said).not.toBeNull()
      expect(Number(m![1])).toBeGreaterThan(0)
      expect(Number(m![3])).toBe(0)

      // The log: rows, and 渠道 站内通知 narrows it to in-app rows.
      const log = page.getByTestId('deliveries')
      const table = log.getByTestId('deliveries-table')
      await expect.poll(() => table.locator('tbody tr').count(), { timeout: 30_000 }).toBeGreaterThan(0)
      expect(await log.getByTestId('deliveries-pager').textContent()).toMatch(/共 \d+ 条/)
      await screenshot(page, 'alerts-admin')
      await log.getByLabel('渠道').selectOption({ label: '站内通知' })
      await settled(page)
      const channelsShown = await table.locator('tbody td[data-col=channel]').allTextContents()
      expect(channelsShown.length).toBeGreaterThan(0)
      expect(new Set(channelsShown)).toEqual(new Set(['站内通知']))
      const inapp = await trpcQuery<{ total: number }>(page, 'alerts.deliveries', {
        channel: 'inapp',
        limit: 1,
        offset: 0,
      })
      expect(await log.getByTestId('deliveries-pager').textContent()).toContain(`共 ${inapp.data.total} 条`)
      // The bureau's account got the rule's task notifications; a leader got them too. It is
      // found by its name and shown by it, the account under it.
      await log.getByLabel('接收人').fill(BUREAU)
      const recipients = table.locator('tbody td[data-recipient]')
      await expect
        .poll(
          async () => new Set(await recipients.evaluateAll((tds) => tds.map((td) => td.dataset.recipient))),
          { timeout: 30_000 },
        )
        .toEqual(new Set([deptUser]))
      expect(await recipients.first().textContent()).toBe(`${BUREAU}${deptUser}`)
      expect(await table.locator('tbody tr', { hasText: RULE }).count()).toBeGreaterThan(0)
      // Status in words; in-app rows are never sent again.
      expect(await table.locator('tbody .badge').first().textContent()).toBe('已发送')
      expect(await table.getByRole('button', { name: '重新发送' }).count()).toBe(0)
      // Every rule and subscription could be evaluated (the run says which could not, and why).
      expect(await summary.locator('.form-error').allTextContents()).toEqual([])
      // An indicator rule may watch one department's figures: the form offers 指标范围 for
      // it (and not for task rules), and the rules table says whose.
      await form.getByLabel('规则名称').fill(`${BUREAU}指标提醒`)
      await form.getByLabel('提醒类型').selectOption({ label: '指标状态变为有风险/落后/未达标' })
      await form.getByLabel('指标范围').selectOption({ label: BUREAU })
      await form.getByRole('button', { name: '创建规则' }).click()
      const scoped = page.getByTestId('rules-table').locator('tr', { hasText: `${BUREAU}指标提醒` })
      await scoped.waitFor({ timeout: 30_000 })
      expect((await scoped.locator('th, td').allTextContents())[2]).toContain(`仅${BUREAU}`)
      await screenshot(page, 'alerts-rule-department')
      await form.getByLabel('提醒类型').selectOption({ label: '规划任务有风险或逾期' })
      expect(await form.getByLabel('指标范围').count()).toBe(0)
      // 系统管理 has the same: the channel note and the delivery log.
      await goTo(page, '#/admin/alerts')
      expect(await page.getByTestId('channels').getByTestId('email-note').textContent()).toBe(
        '未配置邮件服务，提醒仅以站内通知发送',
      )
      expect(await page.getByTestId('deliveries').locator('tbody tr').count()).toBeGreaterThan(0)
    })
  })

  it('the alerts page fits a phone', async () => {
    await app.withPage(async ({ page }) => {
      await signIn(page, app.server.url, 'admin')
      await goTo(page, '#/alerts')
      await page.getByTestId('rules-table').waitFor({ timeout: 60_000 })
      await page.getByTestId('deliveries-table').waitFor({ timeout: 60_000 })
      expect(await pageWidth(page)).toMatchObject({ width: PHONE.width, past: [] })
      await screenshot(page, 'phone-alerts-admin')
    }, PHONE)
  })

  it('the leader’s bell counts the new notifications, and 全部标为已读 clears it', async () => {
    await app.withPage(async ({ page }) => {
      await signIn(page, app.server.url, 'leader')
      const badge = page.getByTestId('bell-badge')
      await badge.waitFor({ timeout: 30_000 })
      const count = await trpcQuery<{ unread: number }>(page, 'alerts.unreadCount', undefined)
      expect(count.data.unread).toBeGreaterThan(0)
      expect(await badge.textContent()).toBe(count.data.unread > 99 ? '99+' : String(count.data.unread))
      expect(await bell(page).getAttribute('aria-label')).toBe(`通知（${count.data.unread} 条未读）`)

      await bell(page).click()
      await page.waitForURL('**/#/notifications')
      await page.getByRole('heading', { name: '通知中心', level: 1 }).waitFor()
      const list = page.getByTestId('notifications')
      await list.locator('li.al-note').first().waitFor({ timeout: 30_000 })
      const titles = await list.locator('.al-note-title').allTextContents()
      expect(
        titles.some((t) => /指标监测简报（.+）$/.test(t)),
        titles.join('\n'),
      ).toBe(true)
      expect(
        titles.some((t) => /^指标「.+」(有风险|落后|未达标)$/.test(t)),
        titles.join('\n'),
      ).toBe(true)
      // The rule's task notifications reach leaders too.
      expect(
        titles.some((t) => /^规划任务「.+」(有风险|逾期)$/.test(t)),
        titles.join('\n'),
      ).toBe(true)
      expect(await list.locator('li[data-unread=true]').count()).toBe(titles.length)
      // Newest first.
      const ids = await list
        .locator('li.al-note')
        .evaluateAll((lis) => lis.map((li) => Number(li.dataset.id)))
      expect(ids).toEqual([...ids].sort((a, b) => b - a))
      // The body keeps its lines.
      const body = list.locator('li.al-note .al-note-body').first()
      expect(await body.evaluate((el) => getComputedStyle(el).whiteSpace)).toBe('pre-line')
      await screenshot(page, 'alerts-notifications-leader')

      // Following a notification's link marks it read and opens the page it is about.
      const first = list.locator('li.al-note', { has: page.getByRole('link', { name: '查看' }) }).first()
      const firstId = Number(await first.getAttribute('data-id'))
      const href = (await first.getByRole('link', { name: '查看' }).getAttribute('href'))!
      expect(href).toMatch(/^#\//)
      await first.getByRole('link', { name: '查看' }).click()
      await page.waitForURL(`**/${href}`)
      await expect
        .poll(async () => {
          const all = await trpcQuery<{ rows: Note[] }>(page, 'alerts.notifications', { limit: 100 })
          return all.data.rows.find((n) => n.id === firstId)?.read_at ?? null
        })
        .not.toBeNull()
      await expect.poll(() => badge.textContent()).toBe(badgeOf(count.data.unread - 1))

      await bell(page).click()
      await list.locator('li.al-note').first().waitFor({ timeout: 30_000 })
      expect(await list.locator(`li[data-id="${firstId}"]`).getAttribute('data-unread')).toBe('false')
      // 仅看未读 leaves the one read out.
      await page.getByRole('checkbox', { name: '仅看未读' }).check()
      await page.waitForURL(/unread=1/)
      await settled(page)
      expect(await list.locator(`li[data-id="${firstId}"]`).count()).toBe(0)

      await page.getByRole('button', { name: '全部标为已读' }).click()
      await expect.poll(() => badge.count(), { timeout: 30_000 }).toBe(0)
      expect(await bell(page).getAttribute('aria-label')).toBe('通知')
      expect(await list.getByTestId('notifications-empty').textContent()).toBe('没有未读通知。')
      const after = await trpcQuery<{ unread: number }>(page, 'alerts.unreadCount', undefined)
      expect(after.data.unread).toBe(0)
      expect(await page.getByRole('button', { name: '全部标为已读' }).isDisabled()).toBe(true)
    })
  })

  it('the notification centre fits a phone', async () => {
    await app.withPage(async ({ page }) => {
      await signIn(page, app.server.url, 'leader')
      await bell(page).click()
      await page.getByTestId('notifications').locator('li.al-note').first().waitFor({ timeout: 30_000 })
      expect(await pageWidth(page)).toMatchObject({ width: PHONE.width, past: [] })
      await screenshot(page, 'phone-alerts-notifications-leader')
    }, PHONE)
  })

  it('an analyst with nothing yet is told what will arrive, and where to subscribe', async () => {
    await app.withPage(async ({ page }) => {
      await signIn(page, app.server.url, 'analyst')
      expect(await bell(page).getAttribute('aria-label')).toBe('通知')
      expect(await page.getByTestId('bell-badge').count()).toBe(0)
      await bell(page).click()
      const empty = page.getByTestId('notifications-empty')
      await empty.waitFor({ timeout: 30_000 })
      expect(await empty.textContent()).toContain('还没有通知。')
      expect(await page.getByRole('button', { name: '全部标为已读' }).isDisabled()).toBe(true)
      await screenshot(page, 'alerts-notifications-empty')
      await empty.getByRole('link', { name: '管理我的订阅' }).click()
      await page.waitForURL('**/#/subscriptions')
      const list = page.getByTestId('subscriptions')
      await list.getByRole('switch').first().waitFor({ timeout: 30_000 })
      expect(await list.locator('.al-sub-label').allTextContents()).toEqual([
        '指标状态变化（有风险、落后、未达标）',
      ])
    })
  })

  it('the bureau reads only its own tasks’ notifications and cannot open 提醒', async () => {
    await app.withPage(async ({ page, allow }) => {
      await signIn(page, app.server.url, deptUser)
      const tasks = await trpcQuery<{ tasks: TaskListRow[] }>(page, 'tasks.list', { plan: 'fyp14' })
      const ours = new Set(tasks.data.tasks.map((t) => t.id))
      const notes = await trpcQuery<{ rows: Note[]; unread: number }>(page, 'alerts.notifications', {
        limit: 100,
      })
      const others = departments.filter((d) => d.code !== deptCode).map((d) => d.name)
      // None names another department.
      for (const n of notes.data.rows)
        for (const name of others) expect(`${n.title}\n${n.body}`, n.title).not.toContain(name)
      // The rule's task notifications: each about a task the bureau leads or works on.
      const taskNotes = notes.data.rows.filter((n) => n.title.startsWith('规划任务「'))
      expect(taskNotes.length).toBeGreaterThan(0)
      for (const n of taskNotes) {
        const task = /^#\/tasks\/([^?]+)/.exec(n.link ?? '')?.[1]
        expect(task, n.title).toBeDefined()
        expect(ours.has(decodeURIComponent(task!)), n.title).toBe(true)
        expect(n.body, n.title).toContain(`牵头部门：${BUREAU}`)
      }

      await bell(page).click()
      const list = page.getByTestId('notifications')
      await list.locator('li.al-note').first().waitFor({ timeout: 30_000 })
      expect(await list.locator('li.al-note').count()).toBe(notes.data.rows.length)
      await screenshot(page, 'alerts-notifications-department')

      // 提醒 is not theirs: not in the navigation, refused by the page and by the server.
      const nav = page.getByRole('navigation', { name: '主导航' })
      expect(await nav.getByRole('link', { name: '提醒' }).count()).toBe(0)
      await goTo(page, '#/alerts')
      expect(await page.getByRole('alert').textContent()).toBe('当前角色无权访问此页面。')
      const rules = await trpcQuery(page, 'alerts.rules', undefined)
      expect(rules.status).toBe(403)
      allow(/status of 403/)
    })
  })
})

const badgeOf = (n: number) => (n > 99 ? '99+' : String(n))
