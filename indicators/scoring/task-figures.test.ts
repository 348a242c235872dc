import { describe, expect, it } from 'vitest'
import { onTimeRate, type TaskOutcome, taskFigures } from './task-figures'

const task = (code: string | null, deadline: string, completed_on: string | null = null): TaskOutcome => ({
  lead: code === null ? null : { code },
  deadline,
  completed_on,
})

/** A closed year: the figures as of its end, whatever happened since. */
const CLOSED = { periodEnd: '2025-12-31', today: '2026-11-30' }

describe('plan-task figures for a period', () => {
  it('counts the tasks a department leads that are due by the period end: on time, late, overdue', () => {
    const figures = taskFigures(
      [
        task('D1', '2023-12-31', '2023-06-01'), // on time, in an earlier year: plan-to-date
        task('D1', '2025-06-30', '2025-06-30'), // completed on the deadline: on time
        task('D1', '2025-06-30', '2025-07-01'), // a day late, within the period
        task('D1', '2024-12-31'), // never done: overdue
        task('D1', '2026-03-31', '2025-01-10'), // due after the period: not counted, though done
        task('D2', '2025-12-31', '2025-12-31'),
      ],
      CLOSED,
    )
    expect(Object.fromEntries(figures)).toEqual({
      D1: { due: 4, on_time: 2, done_late: 1, overdue: 1 },
      D2: { due: 1, on_time: 1, done_late: 0, overdue: 0 },
    })
    expect(onTimeRate(figures.get('D1'))).toBe(0.5)
  })

  it('a task due exactly on the period end counts once that day is over, or once it is done', () => {
    const open = [task('D1', '2025-12-31')]
    expect(taskFigures(open, CLOSED).get('D1')).toEqual({ due: 1, on_time: 0, done_late: 0, overdue: 1 })
    // On its last day the period still runs: not overdue yet, so not counted at all.
    expect(taskFigures(open, { periodEnd: '2025-12-31', today: '2025-12-31' }).size).toBe(0)
    // Done that day: on time, counted at once.
    const done = [task('D1', '2025-12-31', '2025-12-31')]
    expect(taskFigures(done, { periodEnd: '2025-12-31', today: '2025-12-31' }).get('D1')).toEqual({
      due: 1,
      on_time: 1,
      done_late: 0,
      overdue: 0,
    })
  })

  it('completed after the period end but before today: overdue for that period, late for the next', () => {
    const late = [task('D1', '2025-06-30', '2026-02-01')]
    expect(taskFigures(late, CLOSED).get('D1')).toEqual({ due: 1, on_time: 0, done_late: 0, overdue: 1 })
    expect(taskFigures(late, { periodEnd: '2026-12-31', today: '2026-11-30' }).get('D1')).toEqual({
      due: 1,
      on_time: 0,
      done_late: 1,
      overdue: 0,
    })
  })

  it('in a running period only settled tasks count: deadline over, or done early', () => {
    const running = { periodEnd: '2026-12-31', today: '2026-11-30' }
    const figures = taskFigures(
      [
        task('D1', '2026-11-29'), // deadline over yesterday: overdue
        task('D1', '2026-11-30'), // due today: not yet
        task('D1', '2026-12-15', '2026-11-02'), // done early: on time
        task('D1', '2026-12-20'), // still running: not counted
      ],
      running,
    )
    expect(figures.get('D1')).toEqual({ due: 2, on_time: 1, done_late: 0, overdue: 1 })
  })

  it('local tasks count like the plan’s; unassigned and unmatched leads count for nobody', () => {
    const local = { ...task('D1', '2025-03-31', '2025-03-01'), origin: 'local', partners: [{ code: 'D2' }] }
    const figures = taskFigures(
      [local, task(null, '2025-01-31'), { lead: { code: null }, deadline: '2025-01-31', completed_on: null }],
      CLOSED,
    )
    // Partners are not scored: D2 co-operates on the local task but has no figures.
    expect([...figures.keys()]).toEqual(['D1'])
    expect(figures.get('D1')).toEqual({ due: 1, on_time: 1, done_late: 0, overdue: 0 })
  })

  it('no task due: no figures, no rate', () => {
    expect(taskFigures([task('D1', '2026-06-30')], CLOSED).size).toBe(0)
    expect(onTimeRate(undefined)).toBeNull()
    expect(onTimeRate({ due: 0, on_time: 0, done_late: 0, overdue: 0 })).toBeNull()
  })
})
