import { describe, expect, it } from 'vitest'
import { loadPlans } from '../../../indicators/plans'
import { acceptedProgress, buildBoard, matchDepartment } from './board'
import type { CheckinRow } from './tasks.store'

const depts = [
  { code: '1', name: '区政务服务数据管理局' },
  { code: '2', name: '区公安分局' },
  { code: '3', name: '市公安分局' },
  { code: '4', name: '财政局' },
]

let nextId = 1
const checkin = (over: Partial<CheckinRow>): CheckinRow => ({
  id: nextId++,
  plan_id: 'fyp14',
  task_id: 'data_census',
  dept_code: '1',
  percent: 50,
  note: 'n',
  filed_by: 'd',
  filed_at: '2025-03-01T02:00:00.000Z',
  state: 'accepted',
  reviewed_by: 'e',
  reviewed_at: '2025-03-02T02:00:00.000Z',
  review_reason: null,
  ...over,
})

describe('task board', () => {
  it('matches a plan’s department name to the one district department with a level prefix, never a guess', () => {
    expect(matchDepartment('政务服务数据管理局', depts)?.code).toBe('1')
    expect(matchDepartment('财政局', depts)?.code).toBe('4')
    // 区公安分局 and 市公安分局: ambiguous, left unmatched.
    expect(matchDepartment('公安分局', depts)).toBeUndefined()
    expect(matchDepartment('数据管理局', depts)).toBeUndefined()
  })

  it('counts only accepted check-ins; completion is the day (Shanghai) the accepted 100% was filed', () => {
    expect(acceptedProgress([])).toEqual({ percent: 0, completed_on: null })
    expect(
      acceptedProgress([
        checkin({ percent: 40 }),
        checkin({ percent: 80, state: 'returned' }),
        checkin({ percent: 90, state: 'pending' }),
      ]),
    ).toEqual({ percent: 40, completed_on: null })
    // Filed 2025-12-31 17:00 UTC = 2026-01-01 01:00 in Shanghai: the next day there.
    const late = checkin({ percent: 100, filed_at: '2025-12-31T17:00:00.000Z' })
    expect(acceptedProgress([checkin({ percent: 30 }), late])).toEqual({
      percent: 100,
      completed_on: '2026-01-01',
    })
  })

  it('builds each task’s status from its check-ins; an assignment replaces the plan’s naming', () => {
    const plan = loadPlans().get('fyp14')!
    const board = buildBoard({
      plan,
      local: [],
      assignments: new Map([
        [
          'data_catalogue',
          {
            task_id: 'data_catalogue',
            lead: depts[1]!,
            partners: [],
            note: '分工',
            assigned_by: 'e',
            assigned_at: '2025-01-01T00:00:00.000Z',
          },
        ],
      ]),
      checkins: [checkin({ percent: 100, filed_at: '2025-06-01T02:00:00.000Z' })],
      departments: depts,
      today: '2025-07-01',
    })
    expect(board).toHaveLength(plan.tasks.tasks.length)
    const census = board.find((t) => t.id === 'data_census')!
    expect(census).toMatchObject({
      status: 'done_on_time',
      status_zh: '按期完成',
      lead: { code: '1' },
      assigned: null,
    })
    expect(board.find((t) => t.id === 'data_catalogue')).toMatchObject({
      lead: { code: '2', name: '区公安分局' },
      assigned: { by: 'e' },
    })
    const unnamed = board.find((t) => plan.tasks.tasks.find((p) => p.id === t.id)?.lead === null)!
    expect(unnamed.lead).toBeNull()
  })
})
