import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { samplePdf } from '../../../files/testing/sample-pdf'
import { setupApp } from './app'
import { goTo, pageWidth, screenshot, settled, signIn, trpcQuery } from './browser'
import { ARTIFACTS, SCREENSHOTS } from './testing'

const PHONE = { width: 390, height: 844 }
const PLAN = 'fyp14'
/**
 * A 十四五 task whose text names no lead (待分配): the demo's task history leaves it untouched,
 * so its story here starts from nothing reported. An evaluator assigns it to the bureau first.
 */
const TASK = 'service_data_decision_platform'
const TITLE = '建设政务服务数据分析决策平台'
/** Tasks that department neither leads nor co-operates on: one with no lead, and 政府办公室's. */
const NOT_OURS = ['phase1_foundations', 'shared_office_system']
const ASSIGN_NOTE = '区数字政府建设领导小组分工方案明确由区政务服务数据管理局牵头'
const RETURN_REASON = '证明材料缺少平台验收记录，请补充后重新填报'
const BUREAU = '区政务服务数据管理局'

interface TaskListRow {
  id: string
  status: string
  title_zh: string
  lead: { code: string | null; name: string } | null
  partners: Array<{ code: string | null; name: string }>
}

const countOf = async (page: Page, status: string) =>
  Number(
    await page
      .getByTestId('tasks-overview')
      .locator(`[data-status=${status}] .tk-count-n`)
      .textContent({ timeout: 60_000 }),
  )

/**
 * Plan tasks in real Chromium against the real server on fresh demo data, one serial story:
 * an evaluator assigns an unassigned task to 区政务服务数据管理局; that department's account
 * sees only its tasks, reports 60% with a PDF, the evaluator returns it with a reason, the
 * department reports 100% and the evaluator accepts it — the task is then 逾期完成 (十四五
 * deadlines are past) on 总览, on the task list and in the leaders' briefing; the evidence
 * downloads as an attachment.
 */
describe('plan tasks in a real browser', () => {
  const app = setupApp()
  let dept = ''
  /** 逾期完成 tasks before this story (the demo's task history has some). */
  let doneLateBefore = -1

  it('an evaluator assigns a task whose text names no lead', async () => {
    await app.withPage(async ({ page }) => {
      await signIn(page, app.server.url, 'evaluator')
      const depts = await trpcQuery<Array<{ code: string; name: string }>>(
        page,
        'reference.departments',
        undefined,
      )
      const code = depts.data.find((d) => d.name === BUREAU)!.code
      dept = `dept_${code.toLowerCase()}`
      expect(app.demoUsers()).toContain(dept)
      const before = await trpcQuery<{ counts: Array<{ status: string; count: number }> }>(
        page,
        'tasks.list',
        {
          plan: PLAN,
        },
      )
      doneLateBefore = before.data.counts.find((c) => c.status === 'done_late')!.count

      await goTo(page, `#/tasks?plan=${PLAN}&lead=none`)
      const table = page.getByTestId('task-table')
      await table.waitFor({ timeout: 60_000 })
      expect(await page.getByRole('form', { name: '筛选' }).getByLabel('牵头部门').inputValue()).toBe('none')
      const leads = await table.locator('tbody td[data-col=lead]').allTextContents()
      expect(leads.length).toBeGreaterThan(3)
      expect(new Set(leads)).toEqual(new Set(['待分配']))
      await screenshot(page, 'tasks-evaluator-unassigned')
      await table.getByRole('link', { name: TITLE }).click()
      await page.getByTestId('task-facts').waitFor({ timeout: 60_000 })
      expect(await page.getByTestId('task-lead').textContent()).toBe('待分配')
      expect(await page.getByTestId('checkins-panel').textContent()).toContain('还没有牵头部门')

      const assign = page.getByTestId('assign')
      await assign.locator('summary').click()
      await assign.getByLabel('牵头部门', { exact: true }).selectOption({ label: BUREAU })
      await assign.getByRole('button', { name: '保存分配' }).click()
      expect(await assign.getByRole('alert').textContent()).toBe('请填写分配依据')
      await assign.getByLabel('分配依据').fill(ASSIGN_NOTE)
      await assign.getByRole('button', { name: '保存分配' }).click()
      await expect.poll(() => page.getByTestId('task-lead').textContent(), { timeout: 30_000 }).toBe(BUREAU)
      expect(await page.getByTestId('task-facts').textContent()).toContain(ASSIGN_NOTE)
    })
  })

  it('a department sees only its own tasks, and files 60% with a PDF', async () => {
    await app.withPage(async ({ page, allow }) => {
      await signIn(page, app.server.url, dept)
      // 总览 says whose tasks these are.
      const overview = page.getByTestId('tasks-overview')
      await overview.getByRole('heading', { name: '本部门任务' }).waitFor({ timeout: 60_000 })
      await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '任务' }).click()
      await page.getByRole('heading', { name: '本部门任务', level: 1 }).waitFor()
      const table = page.getByTestId('task-table')
      await table.waitFor({ timeout: 60_000 })
      const api = await trpcQuery<{ tasks: TaskListRow[] }>(page, 'tasks.list', { plan: PLAN })
      const rows = await table
        .locator('tbody tr')
        .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-task')))
      // The list is the server's, most urgent first; each involves the department.
      expect(rows).toEqual(api.data.tasks.map((t) => t.id))
      expect(rows.length).toBeGreaterThan(3)
      for (const t of api.data.tasks)
        expect(t.lead?.name === BUREAU || t.partners.some((p) => p.name === BUREAU), t.id).toBe(true)
      for (const id of NOT_OURS) expect(rows).not.toContain(id)
      expect(rows).toContain(TASK)
      const other = await trpcQuery(page, 'tasks.detail', { plan: PLAN, id: NOT_OURS[1] })
      expect(other.status).toBe(404)
      allow(/status of 404/)
      await screenshot(page, 'tasks-department-list')

      // Filters live in the address: words narrow the list, and a link keeps them.
      await page.getByRole('form', { name: '筛选' }).getByLabel('搜索').fill('决策平台')
      await page.waitForURL(new RegExp(`q=${encodeURIComponent('决策平台')}`))
      await expect.poll(() => table.locator('tbody tr').count()).toBeLessThan(rows.length)
      expect(await table.locator(`tr[data-task=${TASK}]`).count()).toBe(1)

      await table.getByRole('link', { name: TITLE }).click()
      await page.waitForURL(`**/#/tasks/${TASK}?plan=${PLAN}`)
      const facts = page.getByTestId('task-facts')
      await facts.waitFor({ timeout: 60_000 })
      expect(await facts.getByRole('heading', { level: 1 }).textContent()).toBe(TITLE)
      expect(await page.getByTestId('task-clause').textContent()).toMatch(/出处：《.+》/)
      expect(await page.getByTestId('task-lead').textContent()).toBe(BUREAU)
      expect(await facts.locator('.badge').textContent()).toBe('逾期')
      expect(await page.getByTestId('task-progress').textContent()).toBe('未填报')

      const form = page.getByTestId('checkin-form')
      // A file that only claims to be a PDF is refused by the server, readably, before filing.
      await form.getByLabel('证明材料（可选，最多5个）').setInputFiles({
        name: '伪装.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from('not a pdf at all'),
      })
      const refused = form.locator('[data-state=failed]')
      await refused.waitFor({ timeout: 30_000 })
      // One language at a time: the Chinese half of the server's message.
      const why = (await refused.getByRole('alert').textContent())!
      expect(why).toContain('不支持的文件类型')
      expect(why).not.toContain('unsupported')
      allow(/status of 4\d\d/)
      await refused.getByRole('button', { name: '移除 伪装.pdf' }).click()

      await form.getByLabel('证明材料（可选，最多5个）').setInputFiles({
        name: '平台建设进展报告.pdf',
        mimeType: 'application/pdf',
        buffer: await samplePdf('Platform progress report: 60%'),
      })
      await form.locator('[data-state=done]').waitFor({ timeout: 30_000 })
      expect(await form.getByTestId('checkin-files').textContent()).toMatch(
        /平台建设进展报告\.pdf（[\d.]+ KB）已上传/,
      )
      await form.getByLabel('完成进度（%）').fill('60')
      await form.screenshot({ path: path.join(SCREENSHOTS, 'tasks-department-checkin-form.png') })
      await form.getByRole('button', { name: '提交填报' }).click()
      // The note is required.
      expect(await form.getByRole('alert').textContent()).toBe('请填写进展说明')
      await form.getByLabel('进展说明').fill('决策平台已完成需求调研和数据接入，分析模型开发中。')
      await form.getByRole('button', { name: '提交填报' }).click()
      await page.getByTestId('checkin-state').waitFor({ timeout: 30_000 })
      expect(await page.getByTestId('checkin-state').textContent()).toContain('60% 进展待审核')
      const first = page.getByTestId('checkins').locator('li[data-state=pending]')
      expect(await first.locator('.tk-checkin-percent').textContent()).toBe('60%')
      expect(await first.getByRole('link', { name: '平台建设进展报告.pdf' }).count()).toBe(1)
      expect(await facts.locator('.tk-pending').textContent()).toBe('待审核')
      // Nothing accepted yet, and the 60% awaiting review is said beside the 0%.
      expect(await page.getByTestId('task-progress').textContent()).toBe('0%（60% 待审核）')
      await screenshot(page, 'tasks-department-filed')
    })
  })

  it('an evaluator sees it 待审核, downloads the evidence and returns it with a reason', async () => {
    await app.withPage(async ({ page }) => {
      await signIn(page, app.server.url, 'evaluator')
      await goTo(page, `#/tasks?plan=${PLAN}`)
      const row = page.getByTestId('task-table').locator(`tr[data-task=${TASK}]`)
      await row.waitFor({ timeout: 60_000 })
      expect(await row.locator('.tk-pending').textContent()).toBe('待审核')
      await row.getByRole('link', { name: TITLE }).click()
      const pending = page.getByTestId('checkins').locator('li[data-state=pending]')
      await pending.waitFor({ timeout: 60_000 })

      // The evidence: an attachment, typed by its content.
      const link = pending.getByRole('link', { name: '平台建设进展报告.pdf' })
      const res = await page.request.get(
        new URL((await link.getAttribute('href'))!, app.server.url).toString(),
      )
      expect(res.status()).toBe(200)
      expect(res.headers()['content-type']).toBe('application/pdf')
      expect(res.headers()['content-disposition']).toMatch(/^attachment;/)
      expect(res.headers()['content-disposition']).toContain(encodeURIComponent('平台建设进展报告.pdf'))
      const body = await res.body()
      expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-')
      fs.mkdirSync(ARTIFACTS, { recursive: true })
      fs.writeFileSync(path.join(ARTIFACTS, 'task-evidence.pdf'), body)

      const review = pending.getByTestId('review-form')
      await review.getByRole('button', { name: '退回' }).click()
      expect(await review.getByRole('alert').textContent()).toBe('退回时请说明原因')
      await review.getByLabel('审核意见（退回时必填）').fill(RETURN_REASON)
      await review.getByRole('button', { name: '退回' }).click()
      const returned = page.getByTestId('checkins').locator('li[data-state=returned]')
      await returned.waitFor({ timeout: 30_000 })
      expect(await returned.getByTestId('return-reason').textContent()).toBe(`退回原因：${RETURN_REASON}`)
      expect(await page.getByTestId('review-form').count()).toBe(0)
    })
  })

  it('the department reads the reason and reports 100%, asking to confirm completion', async () => {
    await app.withPage(async ({ page }) => {
      await signIn(page, app.server.url, dept)
      await goTo(page, `#/tasks/${TASK}?plan=${PLAN}`)
      const returned = page.getByTestId('checkins').locator('li[data-state=returned]')
      await returned.waitFor({ timeout: 60_000 })
      expect(await returned.getByTestId('return-reason').textContent()).toContain(RETURN_REASON)
      expect(await returned.textContent()).toContain('已退回')

      const form = page.getByTestId('checkin-form')
      await form.getByLabel('完成进度（%）').fill('100')
      await form.getByLabel('进展说明').fill('已补充平台验收记录，政务服务数据分析决策平台建成上线。')
      await form.getByLabel('证明材料（可选，最多5个）').setInputFiles({
        name: '平台验收记录.pdf',
        mimeType: 'application/pdf',
        buffer: await samplePdf('Platform acceptance record'),
      })
      await form.locator('[data-state=done]').waitFor({ timeout: 30_000 })
      // 100% is a request to confirm completion, and the page makes one say so.
      await form.getByRole('button', { name: '提交并申请确认完成' }).click()
      expect(await form.getByRole('alert').textContent()).toBe('填报100%即申请确认完成，请勾选确认')
      await form.getByLabel('申请确认完成：本部门确认该任务已全部完成').check()
      await form.getByRole('button', { name: '提交并申请确认完成' }).click()
      await page.getByTestId('checkin-state').waitFor({ timeout: 30_000 })
      const items = page.getByTestId('checkins').locator('li[data-checkin]')
      // Newest first.
      expect(await items.evaluateAll((lis) => lis.map((li) => li.getAttribute('data-state')))).toEqual([
        'pending',
        'returned',
      ])
      expect(await items.first().textContent()).toContain('申请确认完成')
      await screenshot(page, 'tasks-department-complete-filed')
    })
  })

  it('the evaluator accepts; 总览 and the task list show the task 逾期完成', async () => {
    await app.withPage(async ({ page }) => {
      await signIn(page, app.server.url, 'evaluator')
      await goTo(page, `#/tasks/${TASK}?plan=${PLAN}`)
      const review = page.getByTestId('review-form')
      await review.waitFor({ timeout: 60_000 })
      expect(await review.textContent()).toContain('通过后任务即记为完成')
      await review.getByRole('button', { name: '通过' }).click()
      const facts = page.getByTestId('task-facts')
      await expect.poll(() => facts.locator('.badge').textContent(), { timeout: 30_000 }).toBe('逾期完成')
      expect(await page.getByTestId('task-progress').textContent()).toMatch(
        /^100%（\d{4}年\d+月\d+日 填报完成，已确认）$/,
      )
      await screenshot(page, 'tasks-evaluator-accepted')

      await goTo(page, '#/')
      expect(doneLateBefore).toBeGreaterThanOrEqual(0)
      await expect.poll(() => countOf(page, 'done_late'), { timeout: 30_000 }).toBe(doneLateBefore + 1)
      await page.getByTestId('tasks-overview').locator('[data-status=done_late]').click()
      await page.waitForURL(`**/#/tasks?plan=${PLAN}&status=done_late`)
      const table = page.getByTestId('task-table')
      await expect.poll(() => table.locator('tbody tr').count(), { timeout: 60_000 }).toBe(doneLateBefore + 1)
      expect(new Set(await table.locator('tbody .badge').allTextContents())).toEqual(new Set(['逾期完成']))
      const row = table.locator(`tr[data-task=${TASK}]`)
      expect(await row.locator('.badge').textContent()).toBe('逾期完成')
      expect(await row.textContent()).toContain('100%')
      expect(await page.getByRole('form', { name: '筛选' }).getByLabel('状态').inputValue()).toBe('done_late')
    })
  })

  it('the leader sees it on 总览 and in the briefing PDF', async () => {
    await app.withPage(async ({ page }) => {
      await signIn(page, app.server.url, 'leader')
      const overview = page.getByTestId('tasks-overview')
      await overview.getByRole('heading', { name: '规划任务' }).waitFor({ timeout: 60_000 })
      const api = await trpcQuery<{ counts: Array<{ status: string; count: number }>; tasks: TaskListRow[] }>(
        page,
        'tasks.list',
        { plan: PLAN },
      )
      for (const { status, count } of api.data.counts) expect(await countOf(page, status), status).toBe(count)
      expect(await countOf(page, 'done_late')).toBe(doneLateBefore + 1)
      // The most urgent open tasks, as the server orders them; a done one is not among them.
      const open = api.data.tasks.filter((t) => t.status !== 'done_late' && t.status !== 'done_on_time')
      const urgent = page.getByTestId('tasks-urgent').locator('li')
      expect(await urgent.evaluateAll((lis) => lis.map((li) => li.getAttribute('data-task')))).toEqual(
        open.slice(0, 5).map((t) => t.id),
      )
      expect(await page.getByTestId('tasks-urgent').locator(`[data-task=${TASK}]`).count()).toBe(0)
      await screenshot(page, 'tasks-leader-overview')

      const res = await page.request.get(
        `${app.server.url}/files/ranking.briefing?input=${encodeURIComponent(JSON.stringify({ year: 2025 }))}`,
      )
      expect(res.status()).toBe(200)
      const pdf = path.join(ARTIFACTS, 'briefing-with-tasks.pdf')
      fs.writeFileSync(pdf, await res.body())
      const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '')
      expect(text).toContain(TITLE.replace(/\s+/g, ''))
      expect(text).toContain('逾期完成')

      // One language at a time: the same task in English (the plan's own words stay Chinese).
      await goTo(page, `#/tasks/${TASK}?plan=${PLAN}`)
      const facts = page.getByTestId('task-facts')
      await facts.waitFor({ timeout: 60_000 })
      await page.getByRole('button', { name: 'EN', exact: true }).click()
      await expect.poll(() => facts.locator('.badge').textContent()).toBe('Done late')
      expect(await page.getByTestId('task-deadline').textContent()).toBe('Plan end (end of 2025)')
      expect(await page.getByTestId('task-clause').locator('footer').textContent()).toMatch(
        /^Source: 《.+》$/,
      )
      expect(await page.getByTestId('checkins').locator('li[data-checkin]').first().textContent()).toContain(
        'Accepted by',
      )
      await screenshot(page, 'tasks-leader-en')
    })
  })

  it('fits a phone: 总览 stays small, the list and the task do not overflow', async () => {
    await app.withPage(async ({ page }) => {
      await signIn(page, app.server.url, dept)
      const overview = page.getByTestId('tasks-overview')
      await overview.locator('.tk-counts').waitFor({ timeout: 60_000 })
      await settled(page, 60_000)
      expect(await pageWidth(page)).toMatchObject({ width: PHONE.width, past: [] })
      // Three urgent tasks on a phone, and the whole panel well under half a screen.
      expect(await page.getByTestId('tasks-urgent').locator('li:visible').count()).toBeLessThanOrEqual(3)
      const box = (await overview.boundingBox())!
      expect(box.height).toBeLessThan(PHONE.height / 2)
      await screenshot(page, 'phone-department-scorecard-tasks')
      await goTo(page, `#/tasks?plan=${PLAN}`)
      await page.getByTestId('task-table').waitFor({ timeout: 60_000 })
      expect(await pageWidth(page)).toMatchObject({ width: PHONE.width, past: [] })
      await screenshot(page, 'phone-department-tasks')
      await goTo(page, `#/tasks/${TASK}?plan=${PLAN}`)
      await page.getByTestId('checkins').waitFor({ timeout: 60_000 })
      expect(await pageWidth(page)).toMatchObject({ width: PHONE.width, past: [] })
      await screenshot(page, 'phone-department-task')
    }, PHONE)
  })

  it('an evaluator adds a local task, marked 本地任务 with its basis', async () => {
    await app.withPage(async ({ page }) => {
      await signIn(page, app.server.url, 'evaluator')
      await goTo(page, `#/tasks?plan=${PLAN}`)
      const add = page.getByTestId('local-task')
      await add.waitFor({ timeout: 60_000 })
      await add.locator('summary').click()
      await add.getByRole('button', { name: '新增任务' }).click()
      expect(await add.getByRole('alert').textContent()).toBe('请填写任务名称')
      await add.getByLabel('任务名称').fill('建设区级政务数据共享交换监测看板')
      await add.getByLabel('领域').selectOption({ label: '数据共享' })
      await add.getByLabel('截止日期').fill('2025-06-30')
      await add.getByLabel('牵头部门', { exact: true }).selectOption({ label: BUREAU })
      await add.getByLabel('依据').fill('区数字政府建设领导小组第5次会议纪要')
      await add.getByRole('button', { name: '新增任务' }).click()
      await page.waitForURL(/#\/tasks\/local_/, { timeout: 30_000 })
      const facts = page.getByTestId('task-facts')
      await facts.waitFor({ timeout: 60_000 })
      expect(await facts.getByRole('heading', { level: 1 }).textContent()).toBe(
        '建设区级政务数据共享交换监测看板',
      )
      expect(await facts.locator('.tag').textContent()).toBe('本地任务')
      expect(await page.getByTestId('task-basis').textContent()).toBe(
        '依据（本地任务）：区数字政府建设领导小组第5次会议纪要',
      )
      expect(await page.getByTestId('task-deadline').textContent()).toBe('2025-06-30')
      expect(await page.getByTestId('task-lead').textContent()).toBe(BUREAU)
      expect(await facts.locator('.badge').textContent()).toBe('逾期')
    })
  })
})
