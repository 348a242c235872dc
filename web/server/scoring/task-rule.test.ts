import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_PLANS_DIR } from '../../../indicators/plan-files'
import { loadPlans } from '../../../indicators/plans'
import type { IndicatorScore, ScoreResult } from '../../../indicators/scoring/score'
import { TASK_ON_TIME, TASK_OVERDUE } from '../../../indicators/scoring/task-rule'
import { hashPassword } from '../auth/password'
import { saveUser } from '../auth/users.store'
import { departmentDirectory } from '../tasks/departments'
import { openTestApp, TEST_PASSWORD } from '../testing'

/**
 * The plan-task rule through the real app: tasks filed and accepted through the tasks API
 * move the ranking. The pilot plan's 2027+ scheme (test/fixtures/plans) scores tasks with
 * weight 20, proportional, 5 points per overdue task (at most 10); 2030 is scored so that
 * a task due at the plan's end can still be completed on time whenever the test runs.
 * The 十四五 plan's 2025-v2 scores them for its final year, when every deadline is past.
 */

const PILOT = 'fyp15-pilot'

const pdfText = (pdf: Buffer) => {
  const f = path.join(os.tmpdir(), `task-rule-${process.pid}-${Date.now()}.pdf`)
  fs.writeFileSync(f, pdf)
  try {
    return execFileSync('pdftotext', ['-layout', f, '-'], { encoding: 'utf8' })
  } finally {
    fs.rmSync(f, { force: true })
  }
}
const PILOT_PLANS = path.resolve('test/fixtures/plans')
const scope2030 = { unitType: 'department' as const, period: { type: 'year' as const, year: 2030 } }
const scope2025 = { unitType: 'department' as const, period: { type: 'year' as const, year: 2025 } }
/** Led by 政务服务数据管理局 (dept_a's department) in the 十四五 plan. */
const FYP14_TASK = 'data_census'

describe('考核排名: plan tasks as a scheme rule', () => {
  let app: Awaited<ReturnType<typeof openTestApp>>
  /** A department that leads none of the pilot plan's own tasks: its figures are the test's. */
  let dept: string
  beforeAll(async () => {
    app = await openTestApp(0.01)
    app.deps.plans = loadPlans([DEFAULT_PLANS_DIR, PILOT_PLANS])
    const directory = await departmentDirectory(app.deps)
    dept = directory.find((d) => !['11440306001', '11440306002'].includes(d.code))!.code
    const account = {
      username: 'dept_x',
      display_name: '试点部门填报员',
      role: 'department' as const,
      dept_code: dept,
      disabled: false,
    }
    await saveUser(app.deps.meta, { ...account, password_hash: await hashPassword(TEST_PASSWORD) }, true)
    app.users.dept_x = { ...account, password_changed_at: 0 }
  }, 240_000)
  afterAll(() => app?.dispose())

  const evaluator = () => app.caller('evaluator')
  const unitOf = (r: { result: ScoreResult }, code: string) =>
    r.result.units.find((u) => u.unit_code === code)
  const lineOf = (r: { result: ScoreResult }, code: string, id: string): IndicatorScore | undefined =>
    unitOf(r, code)?.indicators.find((i) => i.indicator_id === id)

  /** A local task led by the test's department; returns its id. */
  const addTask = async (title: string, deadline: string) =>
    (
      await evaluator().tasks.addLocal({
        plan: PILOT,
        title,
        area: 'one_network_service',
        start: '2026-01-01',
        deadline,
        leadCode: dept,
        basis: '区数字政府建设领导小组会议纪要',
      })
    ).id

  /** The department reports the task complete; an evaluator accepts it (completion day: today). */
  const complete = async (taskId: string) => {
    const { id } = await app.caller('dept_x').tasks.checkIn({
      plan: PILOT,
      taskId,
      percent: 100,
      note: '已全部完成',
      evidenceIds: [],
    })
    await evaluator().tasks.review({ plan: PILOT, checkinId: id, decision: 'accept' })
  }

  it('an accepted on-time completion raises the score; an overdue task deducts; freezing keeps the figures', async () => {
    const before = await evaluator().ranking.get(scope2030)
    expect(before.result.scheme_id).toBe('pilot-2027-v2')
    // No task of the department is due yet: no data, left out (or the department is not listed).
    const none = lineOf(before, dept, TASK_ON_TIME)
    if (none) expect(none).toMatchObject({ status: 'no_data_excluded', applied: false })
    expect(before.indicator_names[TASK_ON_TIME]).toBe('规划任务按期完成率')

    const onTime = await addTask('试点部门数据目录编制', '2030-12-31')
    // Not done and not yet due: still no data.
    const open = await evaluator().ranking.get(scope2030)
    expect(lineOf(open, dept, TASK_ON_TIME)?.applied ?? false).toBe(false)

    await complete(onTime)
    const done = await evaluator().ranking.get(scope2030)
    const unit = unitOf(done, dept)!
    expect(lineOf(done, dept, TASK_ON_TIME)).toMatchObject({
      value: 1,
      target: 1,
      max: 20,
      score: 20,
      status: 'scored',
      tasks: { due: 1, on_time: 1, done_late: 0, overdue: 0 },
    })
    expect(lineOf(done, dept, TASK_OVERDUE)).toMatchObject({ value: 0, score: 0, max: 0, applied: true })
    expect(unit.total!).toBeGreaterThan(unitOf(before, dept)?.total ?? Number.NEGATIVE_INFINITY)
    expect(unit.rank).not.toBeNull()

    // A task whose deadline has passed, not done: overdue.
    const late = await addTask('试点部门系统迁移上云', '2026-01-31')
    const overdue = await evaluator().ranking.get(scope2030)
    const after = unitOf(overdue, dept)!
    const rate = lineOf(overdue, dept, TASK_ON_TIME)!
    const deduction = lineOf(overdue, dept, TASK_OVERDUE)!
    expect(rate).toMatchObject({ value: 0.5, score: 10, tasks: { due: 2, on_time: 1, overdue: 1 } })
    expect(deduction).toMatchObject({ value: 1, score: -5, full_points: 0 })
    expect(deduction.contribution).toBeCloseTo((-5 * 100) / after.max, 9)
    expect(after.total!).toBeLessThan(unit.total!)
    const parts = after.indicators.reduce((s, i) => s + i.contribution, 0)
    expect(after.total!).toBeCloseTo(parts + after.bonus + after.adjustment, 9)

    // Frozen: a completion accepted afterwards does not change the official figures.
    await evaluator().ranking.freeze(scope2030)
    await complete(late)
    const frozen = await evaluator().ranking.get(scope2030)
    expect(frozen.status).toBe('frozen')
    expect(lineOf(frozen, dept, TASK_OVERDUE)).toMatchObject({ value: 1, score: -5 })
    // Live again: done late — no longer overdue, still not on time.
    await evaluator().ranking.unfreeze(scope2030)
    const live = await evaluator().ranking.get(scope2030)
    expect(lineOf(live, dept, TASK_ON_TIME)).toMatchObject({
      value: 0.5,
      score: 10,
      tasks: { due: 2, on_time: 1, done_late: 1, overdue: 0 },
    })
    expect(lineOf(live, dept, TASK_OVERDUE)).toMatchObject({ value: 0, score: 0 })
  })

  it('the published report card shows the task lines: the rate with its counts, the overdue count', async () => {
    // On top of the two tasks above (one on time, one late): a third, overdue.
    await addTask('试点部门业务流程再造', '2026-02-28') // overdue: one line to deduct
    const ev = evaluator()
    await ev.ranking.freeze(scope2030)
    await ev.ranking.publish(scope2030)
    const own = await app.caller('dept_x').results.unit(scope2030)
    expect(own.indicator_names[TASK_OVERDUE]).toBe('逾期任务扣分')
    expect(own.unit.indicators.find((i) => i.indicator_id === TASK_OVERDUE)).toMatchObject({
      value: 1,
      score: -5,
    })
    const file = await app.files('dept_x').results.exportUnit({ ...scope2030, format: 'xlsx' })
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(file.body as unknown as ArrayBuffer)
    const ws = wb.getWorksheet('成绩单')!
    const header = (ws.getRow(3).values as unknown[]).map((v) => String(v ?? ''))
    const col = (name: string) => header.indexOf(name)
    const rowOf = (id: string) => {
      let found: ExcelJS.Row | undefined
      ws.eachRow((r) => {
        if (r.getCell(1).value === id) found = r
      })
      return found!
    }
    const rate = rowOf(TASK_ON_TIME)
    expect(rate.getCell(2).value).toBe('规划任务按期完成率')
    expect(rate.getCell(col('实际值')).value).toBeCloseTo(1 / 3, 9)
    expect(rate.getCell(col('实际值')).numFmt).toBe('0.0%')
    expect(rate.getCell(col('目标值')).value).toBe(1)
    expect(rate.getCell(col('说明')).value).toBe('到期3项：按期完成1项，逾期完成1项，逾期未完成1项')
    const overdue = rowOf(TASK_OVERDUE)
    expect(overdue.getCell(2).value).toBe('逾期任务扣分')
    expect(overdue.getCell(col('实际值')).value).toBe(1)
    expect(overdue.getCell(col('实际值')).numFmt).toBe('0"项"')
    // No weight or full marks of its own; the points it takes off, on the 0–100 scale.
    expect(overdue.getCell(col('权重')).value).toBeNull()
    expect(overdue.getCell(col('满分（百分制）')).value).toBeNull()
    const line = own.unit.indicators.find((i) => i.indicator_id === TASK_OVERDUE)!
    expect(Number(overdue.getCell(col('得分（百分制）')).value)).toBeCloseTo(line.contribution, 9)
    expect(line.contribution).toBeLessThan(0)

    // The PDF card: the rate line with its counts, the deduction without weight or 满分.
    const pdf = await app.files('dept_x').results.exportUnit({ ...scope2030, format: 'pdf' })
    const text = pdfText(pdf.body).replace(/\s+/g, '')
    // (the name cell wraps: its counts run on below the row's figures)
    expect(text).toContain('规划任务按期完成率（到期3项：')
    expect(text).toContain('按期完成1项，逾期完成1项，逾期未完成1项）')
    expect(text).toContain(`逾期任务扣分1项———${line.contribution.toFixed(2)}—`)
    expect(text).toContain('逾期任务扣分从规划任务一项的分值中扣除，扣完为止。')
  })

  it('十四五 final year: every task the department leads is overdue; a completion filed now stays overdue for 2025', async () => {
    const r = await evaluator().ranking.get(scope2025)
    expect(r.result.scheme_id).toBe('2025-v2')
    const board = await app.caller('leader').tasks.list({ plan: 'fyp14' })
    const led = board.tasks.filter((t) => t.lead?.code === '11440306001' && t.deadline <= '2025-12-31')
    expect(led.length).toBeGreaterThan(0)
    const figures = { due: led.length, on_time: 0, done_late: 0, overdue: led.length }
    expect(lineOf(r, '11440306001', TASK_ON_TIME)).toMatchObject({ value: 0, score: 0, tasks: figures })
    // Nothing on time, so nothing left to deduct from (扣完为止).
    expect(lineOf(r, '11440306001', TASK_OVERDUE)).toMatchObject({ value: led.length, score: 0 })

    const { id } = await app.caller('dept_a').tasks.checkIn({
      plan: 'fyp14',
      taskId: FYP14_TASK,
      percent: 100,
      note: '数据普查已完成',
      evidenceIds: [],
    })
    await evaluator().tasks.review({ plan: 'fyp14', checkinId: id, decision: 'accept' })
    const again = await evaluator().ranking.get(scope2025)
    expect(lineOf(again, '11440306001', TASK_ON_TIME)?.tasks).toEqual(figures)

    // Towns lead no tasks: their ranking has no task lines.
    const towns = await evaluator().ranking.get({ ...scope2025, unitType: 'town' })
    expect(towns.result.units.length).toBeGreaterThan(0)
    for (const u of towns.result.units) {
      expect(u.indicators.some((i) => i.indicator_id.startsWith('tasks.'))).toBe(false)
    }
  })
})
