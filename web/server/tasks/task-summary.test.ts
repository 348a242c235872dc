import { describe, expect, it } from 'vitest'
import { loadPlans } from '../../../indicators/plans'
import { TASK_STATUS_ZH, TASK_STATUSES } from '../../../indicators/tasks/status'
import { SAMPLE_TASKS, sampleTaskBoard } from '../reports/final-evaluation.fixtures'
import { ATTENTION_MAX, briefingTasks, COMPLETED_MAX, finalTasks, UNASSIGNED } from './task-summary'
import { visibleTo } from './tasks.service'

const plan = loadPlans().get('fyp14')!
const areas = plan.catalog.areas

describe('briefingTasks', () => {
  // Early 2024: the 2021–2023 deadlines are past, the plan-end tasks behind their time.
  const board = sampleTaskBoard('2024-03-01')
  const b = briefingTasks(board, areas, '2024-03-01')

  it('counts every status in urgency order with its label, adding up to the board', () => {
    expect(b.as_of).toBe('2024-03-01')
    expect(b.total).toBe(plan.tasks.tasks.length + 1)
    expect(b.counts.map((c) => c.status)).toEqual([...TASK_STATUSES])
    expect(b.counts.map((c) => c.label)).toEqual(TASK_STATUSES.map((s) => TASK_STATUS_ZH[s]))
    expect(b.counts.reduce((n, c) => n + c.count, 0)).toBe(b.total)
    for (const c of b.counts)
      expect(c.count, c.status).toBe(board.filter((t) => t.status === c.status).length)
    // The fixture has a task in every status.
    expect(b.counts.every((c) => c.count > 0)).toBe(true)
  })

  it('lists at most ATTENTION_MAX overdue and at-risk tasks, overdue first, then by deadline', () => {
    const urgent = board.filter((t) => t.status === 'overdue' || t.status === 'at_risk')
    expect(urgent.length).toBeGreaterThan(ATTENTION_MAX)
    expect(b.attention_total).toBe(urgent.length)
    expect(b.attention).toHaveLength(ATTENTION_MAX)
    const overdue = urgent.filter((t) => t.status === 'overdue').length
    expect(b.attention.slice(0, overdue).every((t) => t.status === 'overdue')).toBe(true)
    expect(b.attention.slice(overdue).every((t) => t.status === 'at_risk')).toBe(true)
    for (let i = 1; i < overdue; i++)
      expect(b.attention[i - 1]!.deadline <= b.attention[i]!.deadline).toBe(true)
    // A task whose text names no department reads 待分配; a named one, the district's department.
    expect(b.attention.find((t) => t.id === 'phase1_foundations')?.lead).toBe(UNASSIGNED)
    const named = b.attention.find((t) => t.lead !== UNASSIGNED)!
    expect(named.lead).toMatch(/^区/)
  })

  it('lists accepted completions, latest first; a returned or pending check-in completes nothing', () => {
    expect(b.completed.map((t) => [t.id, t.status, t.completed_on])).toEqual([
      [SAMPLE_TASKS.late, 'done_late', '2022-03-01'],
      [SAMPLE_TASKS.onTime, 'done_on_time', '2021-06-01'],
    ])
    expect(b.completed_total).toBe(2)
    expect(COMPLETED_MAX).toBeGreaterThanOrEqual(2)
    expect(board.find((t) => t.id === SAMPLE_TASKS.underway)).toMatchObject({
      status: 'in_progress',
      progress: 60,
    })
  })

  it('shows a department only the tasks it leads or co-operates on', () => {
    const own = visibleTo(board, { role: 'department', dept_code: 'D01' })
    const mine = briefingTasks(own, areas, '2024-03-01')
    expect(mine.total).toBe(own.length)
    expect(mine.total).toBeLessThan(b.total)
    expect(mine.attention.every((t) => t.lead === '区政务服务数据管理局')).toBe(true)
  })
})

describe('finalTasks', () => {
  // After the plan: every task without an accepted completion is overdue.
  const board = sampleTaskBoard('2026-11-30')
  const f = finalTasks(board, areas)

  it('totals completed on time, late and not at all, with the completion rate', () => {
    expect(f).toMatchObject({ total: board.length, done_on_time: 1, done_late: 1, local: 1 })
    expect(f.not_done).toBe(board.length - 2)
    expect(f.completion_rate).toBeCloseTo(2 / board.length, 10)
    expect(f.open.every((t) => t.status === 'overdue')).toBe(true)
  })

  it('counts by area in catalog order, adding up to the totals', () => {
    const rank = f.by_area.map((a) => areas.findIndex((x) => x.code === a.area))
    expect(rank.every((r) => r >= 0)).toBe(true)
    expect(rank).toEqual([...rank].sort((x, y) => x - y))
    for (const k of ['total', 'done_on_time', 'done_late', 'not_done'] as const)
      expect(
        f.by_area.reduce((n, a) => n + a[k], 0),
        k,
      ).toBe(f[k])
    const evaluations = f.by_area.find((a) => a.area === 'evaluations')!
    expect(evaluations.area_zh).toBe(areas.find((a) => a.code === 'evaluations')!.name_zh)
  })

  it('lists the tasks not completed by deadline with their clause, a local one with where it was agreed', () => {
    expect(f.open).toHaveLength(f.not_done)
    for (let i = 1; i < f.open.length; i++) expect(f.open[i - 1]!.deadline <= f.open[i]!.deadline).toBe(true)
    const fromPlan = f.open.filter((t) => t.origin === 'plan')
    expect(fromPlan.every((t) => t.source !== null && t.source.document.length > 0)).toBe(true)
    const local = f.open.find((t) => t.id === SAMPLE_TASKS.local)!
    expect(local).toMatchObject({
      source: null,
      basis: '区数字政府建设领导小组第一次会议纪要',
      lead: UNASSIGNED,
    })
    expect(f.completed.map((t) => t.id)).toEqual([SAMPLE_TASKS.onTime, SAMPLE_TASKS.late])
  })

  it('says nothing is rated without tasks', () => {
    expect(finalTasks([], areas)).toMatchObject({ total: 0, completion_rate: null, by_area: [], open: [] })
  })
})
