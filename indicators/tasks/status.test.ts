import { describe, expect, it } from 'vitest'
import { type AcceptedProgress, TASK_STATUS_ZH, taskStatus, timeElapsed } from './status'

const task = { start: '2021-01-01', deadline: '2021-12-31' } // 365 days
const none: AcceptedProgress = { percent: 0, completed_on: null }
const at = (percent: number): AcceptedProgress => ({ percent, completed_on: null })
const status = (p: AcceptedProgress, today: string, margin = 0.2) =>
  TASK_STATUS_ZH[taskStatus(task, p, today, margin)]

describe('task status (one rule)', () => {
  it('time elapsed counts whole days, both ends inclusive, clamped to 0–1', () => {
    expect(timeElapsed(task, '2020-12-31')).toBe(0)
    expect(timeElapsed(task, '2021-01-01')).toBeCloseTo(1 / 365, 12)
    expect(timeElapsed(task, '2021-07-02')).toBeCloseTo(183 / 365, 12)
    expect(timeElapsed(task, '2021-12-31')).toBe(1)
    expect(timeElapsed(task, '2022-06-01')).toBe(1)
    expect(timeElapsed({ start: '2021-05-01', deadline: '2021-05-01' }, '2021-05-01')).toBe(1)
  })

  it('done: on time up to the deadline day itself, late from the day after', () => {
    expect(status({ percent: 100, completed_on: '2021-12-31' }, '2026-11-30')).toBe('按期完成')
    expect(status({ percent: 100, completed_on: '2022-01-01' }, '2026-11-30')).toBe('逾期完成')
    // Done before the deadline stays done however late it is read.
    expect(status({ percent: 100, completed_on: '2021-03-01' }, '2021-03-02')).toBe('按期完成')
  })

  it('overdue from the day after the deadline, whatever the progress short of completion', () => {
    expect(status(at(99), '2021-12-31')).not.toBe('逾期')
    expect(status(at(99), '2022-01-01')).toBe('逾期')
    expect(status(none, '2022-01-01')).toBe('逾期')
    // 100% reported but not accepted as completion is not done.
    expect(status(at(100), '2022-01-01')).toBe('逾期')
  })

  it('at risk exactly when progress + margin falls below the time elapsed', () => {
    // 2021-07-02: 183/365 ≈ 0.5014 elapsed; margin 0.2 → at risk below ≈ 30.14%.
    expect(status(at(31), '2021-07-02')).toBe('进行中')
    expect(status(at(30), '2021-07-02')).toBe('有风险')
    // Equal is not behind: 0.5 + 0.5 vs 1 on the deadline day.
    expect(status(at(50), '2021-12-31', 0.5)).toBe('进行中')
    expect(status(at(49), '2021-12-31', 0.5)).toBe('有风险')
  })

  it('not started while nothing is accepted and time has not run ahead of the margin', () => {
    expect(status(none, '2020-06-01')).toBe('未开始')
    expect(status(none, '2021-03-14')).toBe('未开始') // 73/365 = 0.2 elapsed: not below 0 + 0.2
    expect(status(none, '2021-03-15')).toBe('有风险')
    expect(status(at(5), '2021-02-01')).toBe('进行中')
  })

  it('a zero margin puts any shortfall at risk; a margin of 1 never does', () => {
    expect(status(at(50), '2021-07-03', 0)).toBe('有风险')
    expect(status(none, '2021-12-31', 1)).toBe('未开始')
  })
})
