import { createHash } from 'node:crypto'
import { TRPCError } from '@trpc/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { samplePdf as pdf } from '../../../files/testing/sample-pdf'
import { xlsxBomb } from '../../../files/testing/xlsx-bombs'
import { serveApp } from '../http.testing'
import { openTestApp } from '../testing'

/**
 * Plan tasks through tRPC and the file routes: the review flow (check-in → return → re-file →
 * accept), two reviewers at once, assignment, local tasks, department isolation on tasks and
 * evidence, evidence limits and download headers. fyp14's deadlines are past, so a completion
 * accepted today is 逾期完成.
 */

const PLAN = 'fyp14'
/** Led by 政务服务数据管理局 (dept_a's department, 11440306001). */
const TASK = 'data_census'
const OTHER_TASK = 'data_catalogue'
/** 区档案馆: named by no task of the plan. */
const DEPT_B = '11440306028'

const codeOf = async (p: Promise<unknown>) => {
  try {
    await p
    return 'OK'
  } catch (err) {
    return err instanceof TRPCError ? err.code : String(err)
  }
}

describe('plan tasks', () => {
  let app: Awaited<ReturnType<typeof openTestApp>>
  beforeAll(async () => {
    app = await openTestApp(0.01)
    await app.addDepartmentAccount('dept_b', DEPT_B, '档案馆填报员')
  }, 240_000)
  afterAll(() => app?.dispose())

  const audits = (action: string) =>
    app.deps.meta.selectFrom('audit_log').selectAll().where('action', '=', action).execute()

  it('lists every task with a status; a department only the tasks it leads or co-operates on', async () => {
    const all = await app.caller('leader').tasks.list({ plan: PLAN })
    expect(all.tasks.length).toBeGreaterThanOrEqual(25)
    expect(all.counts.reduce((s, c) => s + c.count, 0)).toBe(all.tasks.length)
    const census = all.tasks.find((t) => t.id === TASK)!
    expect(census.lead).toEqual({ code: '11440306001', name: '区政务服务数据管理局' })
    expect(census.source?.document).toBe('梅江區數字政府改革建設“十四五”規劃')
    const own = await app.caller('dept_a').tasks.list({ plan: PLAN })
    expect(own.tasks.length).toBeGreaterThan(0)
    expect(own.tasks.length).toBeLessThan(all.tasks.length)
    for (const t of own.tasks) {
      expect(t.lead?.code === '11440306001' || t.partners.some((p) => p.code === '11440306001'), t.id).toBe(
        true,
      )
    }
    expect((await app.caller('dept_b').tasks.list({ plan: PLAN })).tasks).toEqual([])
  })

  it('check-in → return with a reason → re-file → accept: the task is done, late (逾期完成)', async () => {
    const dept = app.caller('dept_a')
    const evaluator = app.caller('evaluator')
    const before = await dept.tasks.detail({ plan: PLAN, id: TASK })
    expect(before.task.status).toBe('overdue')
    expect(before.can_check_in).toBe(true)

    const file = await app.files('dept_a').tasks.uploadEvidence({ file: await pdf(), name: '普查报告.pdf' })
    expect(file).toMatchObject({ file_name: '普查报告.pdf', content_type: 'application/pdf' })
    const first = await dept.tasks.checkIn({
      plan: PLAN,
      taskId: TASK,
      percent: 60,
      note: '已完成六成部门的数据普查',
      evidenceIds: [file.id],
    })
    // One check-in awaits review at a time.
    expect(
      await codeOf(
        dept.tasks.checkIn({ plan: PLAN, taskId: TASK, percent: 70, note: '再报', evidenceIds: [] }),
      ),
    ).toBe('CONFLICT')
    // Evidence already filed cannot be cited again.
    expect(
      await codeOf(
        dept.tasks.checkIn({
          plan: PLAN,
          taskId: OTHER_TASK,
          percent: 10,
          note: 'x',
          evidenceIds: [file.id],
        }),
      ),
    ).toBe('BAD_REQUEST')
    const pending = await evaluator.tasks.detail({ plan: PLAN, id: TASK })
    expect(pending.can_review).toBe(true)
    expect(pending.task.pending).toMatchObject({ id: first.id, percent: 60 })
    expect(pending.checkins[0]!.evidence).toEqual([
      expect.objectContaining({ id: file.id, file_name: '普查报告.pdf', bytes: file.bytes }),
    ])
    // A pending check-in moves nothing: accepted progress is still 0.
    expect(pending.task.progress).toBe(0)

    expect(
      await codeOf(
        evaluator.tasks.review({ plan: PLAN, checkinId: first.id, decision: 'return', reason: '  ' }),
      ),
    ).toBe('BAD_REQUEST')
    await evaluator.tasks.review({
      plan: PLAN,
      checkinId: first.id,
      decision: 'return',
      reason: '缺少普查清单',
    })
    const returned = await dept.tasks.detail({ plan: PLAN, id: TASK })
    expect(returned.checkins[0]).toMatchObject({
      state: 'returned',
      review_reason: '缺少普查清单',
      reviewed_by_name: 'evaluator',
    })
    expect(returned.task.status).toBe('overdue')
    expect(returned.can_check_in).toBe(true)

    const second = await dept.tasks.checkIn({
      plan: PLAN,
      taskId: TASK,
      percent: 100,
      note: '普查完成，附清单',
      evidenceIds: [],
    })
    // A department never reviews; an evaluator reviews each check-in once.
    expect(
      await codeOf(dept.tasks.review({ plan: PLAN, checkinId: second.id, decision: 'accept', reason: '' })),
    ).toBe('FORBIDDEN')
    await evaluator.tasks.review({ plan: PLAN, checkinId: second.id, decision: 'accept', reason: '' })
    expect(
      await codeOf(
        evaluator.tasks.review({ plan: PLAN, checkinId: second.id, decision: 'return', reason: '改判' }),
      ),
    ).toBe('CONFLICT')

    const done = (await app.caller('leader').tasks.list({ plan: PLAN })).tasks.find((t) => t.id === TASK)!
    expect(done).toMatchObject({ status: 'done_late', status_zh: '逾期完成', progress: 100, pending: null })
    expect(done.completed_on).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    const after = await dept.tasks.detail({ plan: PLAN, id: TASK })
    expect(after.can_check_in).toBe(false)
    expect(
      await codeOf(
        dept.tasks.checkIn({ plan: PLAN, taskId: TASK, percent: 100, note: '再报', evidenceIds: [] }),
      ),
    ).toBe('CONFLICT')
    expect((await audits('task_checkin_filed')).length).toBe(2)
    expect((await audits('task_checkin_returned')).map((a) => a.actor)).toEqual(['evaluator'])
    expect((await audits('task_checkin_accepted')).map((a) => a.target)).toEqual([`${PLAN}:${TASK}`])
  })

  it('two reviewers deciding one check-in at once: the first decision stands, the other gets 409', async () => {
    const filed = await app.caller('dept_a').tasks.checkIn({
      plan: PLAN,
      taskId: OTHER_TASK,
      percent: 30,
      note: '已明确首席数据官人选',
      evidenceIds: [],
    })
    const codes = await Promise.all([
      codeOf(
        app
          .caller('evaluator')
          .tasks.review({ plan: PLAN, checkinId: filed.id, decision: 'accept', reason: '' }),
      ),
      codeOf(
        app
          .caller('admin')
          .tasks.review({ plan: PLAN, checkinId: filed.id, decision: 'return', reason: '材料不全' }),
      ),
    ])
    expect([...codes].sort()).toEqual(['CONFLICT', 'OK'])
    const row = await app.deps.meta
      .selectFrom('task_checkins')
      .selectAll()
      .where('id', '=', filed.id)
      .executeTakeFirstOrThrow()
    // The decision stored is the one whose call succeeded.
    expect(row.state).toBe(codes[0] === 'OK' ? 'accepted' : 'returned')
    expect(row.reviewed_by).toBe(codes[0] === 'OK' ? 'evaluator' : 'admin')
  })

  it('an evaluator assigns a task to another department (audited): isolation follows the assignment', async () => {
    const evaluator = app.caller('evaluator')
    const task = 'cloud_migration'
    expect(
      await codeOf(
        evaluator.tasks.assign({
          plan: PLAN,
          taskId: task,
          leadCode: 'nope',
          partnerCodes: [],
          note: '分工',
        }),
      ),
    ).toBe('BAD_REQUEST')
    await evaluator.tasks.assign({
      plan: PLAN,
      taskId: task,
      leadCode: DEPT_B,
      partnerCodes: ['11440306001'],
      note: '区政府分工方案',
    })
    const b = await app.caller('dept_b').tasks.list({ plan: PLAN })
    expect(b.tasks.map((t) => t.id)).toEqual([task])
    expect(b.tasks[0]).toMatchObject({
      lead: { code: DEPT_B, name: '区档案馆' },
      assigned: { by: 'evaluator' },
    })
    // dept_a co-operates: it sees the task but does not file on it.
    const a = app.caller('dept_a')
    expect((await a.tasks.detail({ plan: PLAN, id: task })).can_check_in).toBe(false)
    expect(
      await codeOf(a.tasks.checkIn({ plan: PLAN, taskId: task, percent: 5, note: 'x', evidenceIds: [] })),
    ).toBe('FORBIDDEN')
    // dept_b sees nothing of dept_a's tasks.
    expect(await codeOf(app.caller('dept_b').tasks.detail({ plan: PLAN, id: TASK }))).toBe('NOT_FOUND')
    expect(
      await codeOf(
        app
          .caller('dept_b')
          .tasks.checkIn({ plan: PLAN, taskId: TASK, percent: 5, note: 'x', evidenceIds: [] }),
      ),
    ).toBe('NOT_FOUND')
    const [entry] = await audits('task_assigned')
    expect(JSON.parse(entry!.detail)).toMatchObject({
      before: { lead: { code: '11440306001' } },
      after: { lead: { code: DEPT_B }, partners: [{ code: '11440306001' }] },
      note: '区政府分工方案',
    })
  })

  it('evaluators add locally agreed tasks, marked as such, within the plan period', async () => {
    const evaluator = app.caller('evaluator')
    const base = {
      plan: PLAN,
      title: '政务服务中心适老化改造',
      area: 'one_network_service' as const,
      leadCode: '11440306001',
      indicators: [],
      basis: '区政府常务会议纪要',
    }
    expect(await codeOf(evaluator.tasks.addLocal({ ...base, deadline: '2030-01-01' }))).toBe('BAD_REQUEST')
    const { id } = await evaluator.tasks.addLocal({ ...base, deadline: '2025-06-30' })
    const local = (await app.caller('dept_a').tasks.list({ plan: PLAN })).tasks.find((t) => t.id === id)!
    expect(local).toMatchObject({
      origin: 'local',
      kind: 'local',
      basis: '区政府常务会议纪要',
      source: null,
      deadline: '2025-06-30',
    })
    expect((await audits('task_added_local')).length).toBe(1)
  })

  describe('evidence over HTTP', () => {
    let web: Awaited<ReturnType<typeof serveApp>>
    beforeAll(async () => {
      web = await serveApp(app.deps)
    })
    afterAll(() => web?.close())

    it('stores a sniffed file with its checksum and serves it only as an attachment, to those who may see it', async () => {
      const jar = await web.session('dept_a')
      const body = await pdf('签报')
      const up = await web.upload<{ id: number; sha256: string }>('tasks.uploadEvidence', body, jar, {
        name: '../../签报.exe',
        headers: { 'content-type': 'application/pdf' },
      })
      expect(up.status).toBe(200)
      const sha = createHash('sha256').update(body).digest('hex')
      expect(up.data.sha256).toBe(sha)
      // Unfiled: only its uploader may fetch it.
      const evalJar = await web.session('evaluator')
      expect((await web.download('tasks.evidence', { id: up.data.id }, evalJar)).status).toBe(404)
      const own = await web.download('tasks.evidence', { id: up.data.id }, jar)
      expect(own.status).toBe(200)
      await web.mutate(
        'tasks.checkIn',
        {
          plan: PLAN,
          taskId: 'vertical_systems_on_exchange_platform',
          percent: 40,
          note: '已接入部分系统',
          evidenceIds: [up.data.id],
        },
        jar,
      )
      for (const who of [evalJar, await web.session('analyst'), jar]) {
        const res = await web.download('tasks.evidence', { id: up.data.id }, who)
        expect(res.status).toBe(200)
        expect(res.headers.get('content-type')).toBe('application/pdf')
        expect(res.headers.get('content-disposition')).toMatch(
          /^attachment; filename="evidence-\d+\.pdf"; filename\*=UTF-8''/,
        )
        expect(decodeURIComponent(res.headers.get('content-disposition')!.split("''")[1]!)).toBe('签报.pdf')
        expect(res.headers.get('x-content-type-options')).toBe('nosniff')
        expect(createHash('sha256').update(res.body).digest('hex')).toBe(sha)
      }
      expect(
        (await web.download('tasks.evidence', { id: up.data.id }, await web.session('dept_b'))).status,
      ).toBe(404)
      expect((await web.download('tasks.evidence', { id: up.data.id })).status).toBe(401)
    })

    it('refuses what is not evidence: HTML named .pdf, a zip bomb, an oversized file, non-department uploads', async () => {
      const jar = await web.session('dept_a')
      const html = await web.upload(
        'tasks.uploadEvidence',
        Buffer.from('<html><script>alert(1)</script></html>'),
        jar,
        {
          name: '报告.pdf',
        },
      )
      expect(html.status).toBe(400)
      const bomb = await web.upload('tasks.uploadEvidence', await xlsxBomb(64), jar, { name: '台账.xlsx' })
      expect(bomb.status).toBe(400)
      const big = await web.upload(
        'tasks.uploadEvidence',
        Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(11 * 2 ** 20)]),
        jar,
        {
          name: '大文件.pdf',
        },
      )
      expect(big.status).toBe(413)
      const evaluator = await web.upload(
        'tasks.uploadEvidence',
        await pdf(),
        await web.session('evaluator'),
        { name: 'a.pdf' },
      )
      expect(evaluator.status).toBe(403)
      const rows = await app.deps.meta.selectFrom('task_evidence').select('file_name').execute()
      expect(rows.map((r) => r.file_name)).not.toContain('报告.pdf')
    })
  })
})
