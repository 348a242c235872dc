import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadPlans, planInfo } from '../../../../indicators/plans'
import { buildBoard } from '../../../server/tasks/board'
import {
  deadlineText,
  deadlineYears,
  filterFromParams,
  filterTasks,
  filterToParams,
  formatBytes,
  hasFilter,
  leadKey,
  leadOptions,
  NO_LEAD,
  planFromParams,
  type TaskRow,
  taskHref,
  tasksHref,
} from './tasks'

const ROOT = path.resolve(import.meta.dirname, '../../../..')
const today = new Date('2026-11-30T12:00:00+08:00')
const set = loadPlans([path.join(ROOT, 'plans'), path.join(ROOT, 'test/fixtures/plans')], today)
const plans = set.plans.map((p) => planInfo(p, set, today))
const fyp14 = set.plans.find((p) => p.id === 'fyp14')!
const pilot = set.plans.find((p) => p.id === 'fyp15-pilot')!
const DATA_BUREAU = { code: '11440306001', name: '区政务服务数据管理局' }

/** The board the server builds from the real task catalogs (nothing reported yet). */
const board = (plan: typeof fyp14): TaskRow[] =>
  buildBoard({
    plan,
    local: [],
    assignments: new Map(),
    checkins: [],
    departments: [DATA_BUREAU, { code: '11440306002', name: '区公安分局' }],
    today: '2026-11-30',
  })
const tasks = board(fyp14)
const url = (q: string) => new URLSearchParams(q)

describe('task filters on the client', () => {
  it('reads the filters from the address and writes them back, ignoring what is not a filter', () => {
    const f = filterFromParams(url('plan=fyp14&status=overdue&area=data_sharing&lead=none&due=2023&q=+普查+'))
    expect(f).toEqual({ status: 'overdue', area: 'data_sharing', lead: NO_LEAD, due: 2023, q: '普查' })
    expect(filterToParams(f)).toEqual({
      area: 'data_sharing',
      lead: 'none',
      status: 'overdue',
      due: 2023,
      q: '普查',
    })
    expect(filterFromParams(url('status=late&due=23&q=%20'))).toEqual({})
    expect(hasFilter({})).toBe(false)
    expect(hasFilter({ due: 2023 })).toBe(true)
    expect(tasksHref('fyp14', { status: 'done_late' })).toBe('#/tasks?plan=fyp14&status=done_late')
    expect(taskHref('data_census', 'fyp14')).toBe('#/tasks/data_census?plan=fyp14')
  })

  it('keeps the tasks a filter names, in the order given', () => {
    expect(tasks.length).toBe(45)
    expect(filterTasks(tasks, {})).toEqual(tasks)
    const led = filterTasks(tasks, { lead: DATA_BUREAU.code })
    expect(led.length).toBeGreaterThan(5)
    expect(led.every((t) => t.lead?.name === DATA_BUREAU.name)).toBe(true)
    const unassigned = filterTasks(tasks, { lead: NO_LEAD })
    expect(unassigned.length).toBeGreaterThan(0)
    expect(unassigned.every((t) => t.lead === null)).toBe(true)
    const area = filterTasks(tasks, { area: 'data_sharing' })
    expect(area.length).toBeGreaterThan(0)
    expect(area.length).toBeLessThan(tasks.length)
    expect(area.every((t) => t.area === 'data_sharing')).toBe(true)
    // Every fyp14 task is past its deadline on this day, with nothing accepted.
    expect(filterTasks(tasks, { status: 'overdue' })).toHaveLength(45)
    expect(filterTasks(tasks, { status: 'done_late' })).toHaveLength(0)
    const y2021 = filterTasks(tasks, { due: 2021 })
    expect(y2021.length).toBeGreaterThan(0)
    expect(y2021.every((t) => t.deadline === '2021-12-31')).toBe(true)
    // Words: all of them, anywhere in the title, the quoted clause or the departments.
    const census = filterTasks(tasks, { q: '普查' })
    expect(census.map((t) => t.id)).toContain('data_census')
    expect(filterTasks(tasks, { q: '普查 编目' }).map((t) => t.id)).toEqual(
      census.filter((t) => `${t.title_zh}${t.source?.clause}`.includes('编目')).map((t) => t.id),
    )
    expect(filterTasks(tasks, { q: '数据管理局', lead: NO_LEAD })).toEqual([])
    expect(filterTasks(tasks, { q: 'DATA_CENSUS' }).map((t) => t.id)).toEqual(['data_census'])
  })

  it('offers each lead department once, by name, with 待分配 last', () => {
    const options = leadOptions(tasks)
    expect(options.at(-1)).toEqual({ key: NO_LEAD, name: null })
    expect(options.filter((o) => o.key === DATA_BUREAU.code)).toEqual([
      { key: DATA_BUREAU.code, name: DATA_BUREAU.name },
    ])
    expect(new Set(options.map((o) => o.key)).size).toBe(options.length)
    // A department the district does not have keeps the plan's name as its key.
    const unmatched = tasks.find((t) => t.id === 'shared_office_system')!
    expect(unmatched.lead).toEqual({ name: '政府办公室', code: null })
    expect(leadKey(unmatched)).toBe('name:政府办公室')
    expect(options).toContainEqual({ key: 'name:政府办公室', name: '政府办公室' })
    expect(deadlineYears(tasks)).toEqual([2021, 2023, 2025])
  })
})

describe('how a task reads', () => {
  it('states the deadline as the document does', () => {
    const yearEnd = tasks.find((t) => t.deadline_stated === 'year_end')!
    const planEnd = tasks.find((t) => t.deadline_stated === 'plan_end')!
    expect(deadlineText({ deadline: '2023-12-31', deadline_stated: 'year_end' }, 'zh')).toBe('2023年底')
    expect(deadlineText(yearEnd, 'en')).toMatch(/^End of 20\d\d$/)
    expect(deadlineText(planEnd, 'zh')).toBe('规划期末（2025年底）')
    expect(deadlineText(planEnd, 'en')).toBe('Plan end (end of 2025)')
    const dated = board(pilot).find((t) => t.deadline_stated === 'date')!
    expect(deadlineText(dated, 'zh')).toBe('2027-06-30')
  })

  it('gives file sizes in B, KB and MB', () => {
    expect(formatBytes(812)).toBe('812 B')
    expect(formatBytes(36_045)).toBe('35.2 KB')
    expect(formatBytes(10 * 1024 * 1024)).toBe('10.0 MB')
  })

  it('opens the plan the address names, else the current one', () => {
    expect(planFromParams(url('plan=fyp14'), plans)?.id).toBe('fyp14')
    expect(planFromParams(url('plan=nope'), plans)?.id).toBe(plans.find((p) => p.current)!.id)
    expect(planFromParams(url(''), plans)?.id).toBe(plans.find((p) => p.current)!.id)
    expect(planFromParams(url(''), [])).toBeUndefined()
  })
})
