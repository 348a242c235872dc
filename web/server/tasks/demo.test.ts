import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestApp } from '../testing'
import { seedDemoTasks } from './demo'

describe('demo task history', () => {
  let app: Awaited<ReturnType<typeof openTestApp>>
  beforeAll(async () => {
    app = await openTestApp(0.01)
  }, 240_000)
  afterAll(() => app?.dispose())

  it('gives the closed plan’s led tasks a mix of statuses, once; unled tasks stay untouched', async () => {
    const messages: string[] = []
    await seedDemoTasks(app.deps, (m) => messages.push(m))
    const count = async () => (await app.deps.meta.selectFrom('task_checkins').select('id').execute()).length
    const seeded = await count()
    expect(seeded).toBeGreaterThan(0)
    expect(messages).toHaveLength(1)
    await seedDemoTasks(app.deps)
    expect(await count()).toBe(seeded)

    const { tasks } = await app.caller('leader').tasks.list({ plan: 'fyp14' })
    const led = tasks.filter((t) => t.lead?.code)
    const statuses = new Set(led.map((t) => t.status))
    expect(statuses).toContain('done_on_time')
    expect(statuses).toContain('done_late')
    expect(statuses).toContain('overdue')
    for (const t of tasks.filter((x) => !x.lead?.code)) {
      expect(t.status, t.id).toBe('overdue')
      expect(t.last_checkin_at).toBeNull()
    }
    // The history reads as the department's own: its demo account filed it.
    const detail = await app
      .caller('dept_a')
      .tasks.detail({ plan: 'fyp14', id: led.find((t) => t.status === 'done_on_time')!.id })
    expect(detail.checkins.map((c) => c.state)).toEqual(['accepted', 'accepted'])
  })
})
