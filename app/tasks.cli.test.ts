import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadPlans } from '../indicators/plans'
import { TASK_STATUSES } from '../indicators/tasks/status'
import { openMetaStore } from '../meta/store'
import { decideCheckin, insertCheckin } from '../web/server/tasks/tasks.store'
import { cli } from './testing'

interface Listed {
  plan: { id: string }
  tasks: Array<{
    id: string
    title_zh: string
    clause: string
    source_document: string
    source_file: string
    lead_department: string
    deadline: string
    status: string
    status_zh: string
  }>
}

/**
 * `npm run tasks -- list` on a fresh DATA_DIR, in its own process: the 十四五 plan's tasks, each
 * quoted exactly from its document, with a deadline, a lead or 待分配 and its status; an
 * accepted completion (written to the metadata store as the app writes it) is 逾期完成.
 */
describe('npm run tasks -- list', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tasks-cli-'))
  const env = { DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'warn' }
  const plan = loadPlans().get('fyp14')!
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
  const list = async (...args: string[]) => {
    const r = await cli(['app/tasks.cli.ts', 'list', '--json', ...args], env)
    expect(r.code, r.stderr).toBe(0)
    return JSON.parse(r.stdout) as Listed
  }

  it('lists every task of the plan with its clause, document, lead (or 待分配), deadline and status', async () => {
    const { plan: listed, tasks } = await list()
    expect(listed.id).toBe('fyp14')
    expect(tasks.length).toBeGreaterThanOrEqual(25)
    expect(tasks.length).toBe(plan.tasks.tasks.length)
    for (const t of tasks) {
      const text = fs.readFileSync(path.join(plan.dir, 'documents', t.source_file), 'utf8')
      expect(text, t.id).toContain(t.clause)
      expect(t.source_document).toBe(plan.catalog.seeds[t.source_file]!.title)
      expect(t.deadline).toMatch(/^\d{4}-\d{2}-\d{2}$/)
      expect(t.lead_department.length).toBeGreaterThan(0)
      expect(TASK_STATUSES).toContain(t.status)
    }
    expect(tasks.some((t) => t.lead_department === '待分配')).toBe(true)
    // The plan is over and nothing was reported: everything is overdue.
    expect(new Set(tasks.map((t) => t.status_zh))).toEqual(new Set(['逾期']))
  }, 240_000)

  it('shows an accepted completion as 逾期完成 and filters by status (code or Chinese)', async () => {
    const store = await openMetaStore({ dataDir: env.DATA_DIR, maxConnections: 1 })
    try {
      const id = await insertCheckin(store.db, {
        plan_id: 'fyp14',
        task_id: 'data_census',
        dept_code: '11440306001',
        percent: 100,
        note: '普查完成',
        filed_by: 'dept_11440306001',
      })
      expect(await decideCheckin(store.db, id, { state: 'accepted', by: 'evaluator', reason: null })).toBe(
        true,
      )
    } finally {
      await store.close()
    }
    const done = await list('--status', '逾期完成')
    expect(done.tasks.map((t) => [t.id, t.status])).toEqual([['data_census', 'done_late']])
    expect((await list('--status', 'overdue')).tasks.length).toBe(plan.tasks.tasks.length - 1)
    const bad = await cli(['app/tasks.cli.ts', 'list', '--status', '完成了'], env)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('未知状态')
    const noPlan = await cli(['app/tasks.cli.ts', 'list', '--plan', 'fyp99'], env)
    expect(noPlan.code).toBe(2)
    expect(noPlan.stderr).toContain('没有这个规划')
  }, 240_000)
})
