import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { samplePdf as pdf } from '../../../files/testing/sample-pdf'
import { runAlerts } from '../alerts/run'
import { saveUser } from '../auth/users.store'
import { openTestApp } from '../testing'

/**
 * The evaluation loop's state machine over the real app (tRPC callers, embedded PostgreSQL,
 * the demo warehouse): publicity, appeals, decisions, two-person publication, isolation.
 */
describe('公示 → 申诉 → 复核 → 发布', () => {
  let app: Awaited<ReturnType<typeof openTestApp>>
  const period = { type: 'year' as const, year: 2024 }
  const scope = { unitType: 'department' as const, period }
  const DEPT_B = '11440306002'
  /** Moves the window's close into the past: what the days of publicity do. */
  const closeWindow = async () => {
    await app.deps.meta
      .updateTable('publicity_windows')
      .set({ closes_at: new Date(Date.now() - 1000), opened_at: new Date(Date.now() - 86_400_000) })
      .where('ended_at', 'is', null)
      .execute()
  }

  /** In-app notifications of one person from the evaluation loop, oldest first. */
  const notes = (username: string) =>
    app.deps.meta
      .selectFrom('notifications as n')
      .innerJoin('alert_deliveries as d', 'd.id', 'n.delivery_id')
      .select(['n.title', 'd.kind', 'd.dept_code'])
      .where('n.username', '=', username)
      .where('d.origin', '=', 'evaluation')
      .orderBy('n.id')
      .execute()

  beforeAll(async () => {
    app = await openTestApp(0.02)
    await app.addDepartmentAccount('dept_b', DEPT_B)
    // A second evaluator, to approve publications the first one asked for.
    await saveUser(
      app.deps.meta,
      { ...app.users.evaluator!, username: 'evaluator2', display_name: '第二考核员', password_hash: 'x' },
      true,
    )
    app.users.evaluator2 = { ...app.users.evaluator!, username: 'evaluator2', display_name: '第二考核员' }
  }, 240_000)
  afterAll(async () => {
    await app?.dispose()
  })

  it('freezing with publicity shows each department its own report card, nobody else’s', async () => {
    await expect(app.caller('dept_a').appeals.mine({ period })).resolves.toMatchObject({
      window: null,
      unit: null,
    })
    await expect(
      app.caller('evaluator').ranking.freeze({ ...scope, publicityDays: 2, remindDays: 3 }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    await app.caller('evaluator').ranking.freeze({ ...scope, publicityDays: 5, remindDays: 1 })
    const a = await app.caller('dept_a').appeals.mine({ period })
    expect(a.accepting).toBe(true)
    expect(a.unit?.unit_code).toBe('11440306001')
    expect(a.unit?.indicators.length).toBeGreaterThan(0)
    const b = await app.caller('dept_b').appeals.mine({ period })
    expect(b.unit?.unit_code).toBe(DEPT_B)
    // The published-results route still says "not published" to everyone.
    await expect(app.caller('dept_a').results.unit(scope)).rejects.toMatchObject({ code: 'NOT_FOUND' })
    // Leaders, analysts and evaluators have no department report card to appeal.
    await expect(app.caller('leader').appeals.mine({ period })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(app.caller('evaluator').appeals.mine({ period })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    })
    // A town ranking has no publicity.
    await expect(
      app.caller('evaluator').ranking.freeze({ unitType: 'town', period, publicityDays: 5 }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' })
  })

  let appealA = 0
  let appealB = 0
  it('a department drafts with evidence, files, and cannot touch another department’s appeal', async () => {
    const dept = app.caller('dept_a')
    const card = (await dept.appeals.mine({ period })).unit!
    const indicator = card.indicators[0]!.indicator_id
    const file = await app
      .files('dept_a')
      .appeals.uploadEvidence({ file: await pdf('申诉材料'), name: '核查说明.pdf' })
    expect(file).toMatchObject({
      file_name: '核查说明.pdf',
      content_type: 'application/pdf',
      dept_code: '11440306001',
    })
    // A line that is not on its report card is refused.
    await expect(
      dept.appeals.saveDraft({
        period,
        subjectKind: 'indicator',
        subjectRef: 'no_such_indicator',
        reason: '数据有误',
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    await expect(
      dept.appeals.saveDraft({ period, subjectKind: 'indicator', subjectRef: indicator, reason: '  ' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    appealA = (
      await dept.appeals.saveDraft({
        period,
        subjectKind: 'indicator',
        subjectRef: indicator,
        reason: '部分办件系统迁移期间漏报',
        evidenceIds: [file.id],
      })
    ).id
    // Drafts are the department's own: evaluators don't see them yet.
    expect((await app.caller('evaluator').appeals.review(scope)).appeals).toEqual([])
    // Another department can neither file, discard, nor download it.
    const other = app.caller('dept_b')
    await expect(other.appeals.file({ period, id: appealA })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(other.appeals.discard({ period, id: appealA })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    const otherRef = (await other.appeals.mine({ period })).unit!.indicators[0]!.indicator_id
    await expect(
      other.appeals.saveDraft({
        period,
        appealId: appealA,
        subjectKind: 'indicator',
        subjectRef: otherRef,
        reason: '改',
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(app.files('dept_b').appeals.evidence({ id: file.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    })
    await expect(app.files('leader').appeals.evidence({ id: file.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    })
    expect((await other.appeals.mine({ period })).appeals).toEqual([])
    // Its own department and the evaluators can read the evidence.
    const own = await app.files('dept_a').appeals.evidence({ id: file.id })
    expect(own.body.subarray(0, 5).toString()).toBe('%PDF-')
    await expect(app.files('evaluator').appeals.evidence({ id: file.id })).resolves.toMatchObject({
      contentType: 'application/pdf',
    })

    await dept.appeals.file({ period, id: appealA })
    await expect(dept.appeals.discard({ period, id: appealA })).rejects.toMatchObject({ code: 'CONFLICT' })
    const b = app.caller('dept_b')
    const bCard = (await b.appeals.mine({ period })).unit!
    appealB = (
      await b.appeals.saveDraft({
        period,
        subjectKind: 'indicator',
        subjectRef: bCard.indicators[0]!.indicator_id,
        reason: '统计口径不一致',
      })
    ).id
    // The evaluator asked for a reminder one day before the close: not at a day and a half; at
    // one day the department holding a draft is reminded, the one that filed is not.
    const window = (await b.appeals.mine({ period })).window!
    await runAlerts(app.deps, { now: new Date(Date.parse(window.closes_at) - 129_600_000) })
    expect(await notes('dept_b')).toEqual([])
    await runAlerts(app.deps, { now: new Date(Date.parse(window.closes_at) - 86_400_000) })
    expect((await notes('dept_b')).map((n) => n.kind)).toEqual(['publicity_closing'])
    expect(await notes('dept_a')).toEqual([])
    await b.appeals.file({ period, id: appealB })
    await runAlerts(app.deps)
    // Filed appeals reach the evaluators and admins, never a department.
    for (const reviewer of ['evaluator', 'evaluator2', 'admin']) {
      expect((await notes(reviewer)).map((n) => [n.kind, n.dept_code])).toEqual([
        ['appeal_filed', '11440306001'],
        ['appeal_filed', DEPT_B],
      ])
    }
    expect((await notes('leader')).length).toBe(0)
    expect((await notes('dept_a')).length).toBe(0)
    const review = await app.caller('evaluator').appeals.review(scope)
    expect(review.appeals.map((a) => [a.id, a.status, a.evidence.length])).toEqual([
      [appealA, 'filed', 1],
      [appealB, 'filed', 0],
    ])
    // Departments cannot review.
    await expect(app.caller('dept_a').appeals.review(scope)).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })

  it('publication waits for the window and for every decision', async () => {
    await expect(app.caller('evaluator').ranking.publish(scope)).rejects.toMatchObject({ code: 'CONFLICT' })
    await closeWindow()
    // A late appeal is refused.
    const dept = app.caller('dept_a')
    const indicator = (await dept.appeals.mine({ period })).unit!.indicators[1]!.indicator_id
    await expect(
      dept.appeals.saveDraft({ period, subjectKind: 'indicator', subjectRef: indicator, reason: '补充申诉' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' })
    await expect(app.caller('evaluator').ranking.publish(scope)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('2 条申诉未复核'),
    })
  })

  it('two evaluators deciding one appeal at once: one decision, the other is told', async () => {
    const before = await app.caller('evaluator').ranking.get(scope)
    const unitBefore = before.result.units.find((u) => u.unit_code === '11440306001')!
    const decisions = await Promise.allSettled([
      app
        .caller('evaluator')
        .appeals.decide({ ...scope, id: appealA, accept: true, points: 2, reason: '核实属实' }),
      app.caller('evaluator2').appeals.decide({ ...scope, id: appealA, accept: false, reason: '证据不足' }),
    ])
    expect(decisions.filter((d) => d.status === 'fulfilled')).toHaveLength(1)
    expect(decisions.find((d) => d.status === 'rejected')).toMatchObject({ reason: { code: 'CONFLICT' } })
    const decided = (await app.caller('dept_a').appeals.mine({ period })).appeals[0]!
    expect(['accepted', 'rejected']).toContain(decided.status)
    const after = await app.caller('evaluator').ranking.get(scope)
    const unitAfter = after.result.units.find((u) => u.unit_code === '11440306001')!
    if (decided.status === 'accepted') {
      expect(unitAfter.total! - unitBefore.total!).toBeCloseTo(2, 9)
      expect(unitAfter.adjustments.at(-1)?.reason).toBe(`申诉 #${appealA} 复核采纳：核实属实`)
      expect(decided.adjustment_id).toBeGreaterThan(0)
    } else {
      expect(unitAfter.total).toBe(unitBefore.total)
      expect(decided.decision_reason).toBe('证据不足')
    }
    // Rejecting needs a reason; accepting needs points.
    await expect(
      app.caller('evaluator').appeals.decide({ ...scope, id: appealB, accept: false, reason: ' ' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    await expect(
      app.caller('evaluator').appeals.decide({ ...scope, id: appealB, accept: true, reason: '采纳' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    await app
      .caller('evaluator')
      .appeals.decide({ ...scope, id: appealB, accept: false, reason: '口径符合考核办法' })
    const b = (await app.caller('dept_b').appeals.mine({ period })).appeals[0]!
    expect(b).toMatchObject({
      status: 'rejected',
      decision_reason: '口径符合考核办法',
      decided_by: 'evaluator',
    })
    // Each department is told its own decision.
    await runAlerts(app.deps)
    expect((await notes('dept_a')).map((n) => [n.kind, n.dept_code])).toEqual([
      ['appeal_decided', '11440306001'],
    ])
    expect((await notes('dept_b')).map((n) => [n.kind, n.dept_code])).toEqual([
      ['publicity_closing', DEPT_B],
      ['appeal_decided', DEPT_B],
    ])
  })

  it('publication: asked by one person, approved by another; then everyone sees it', async () => {
    const ev = app.caller('evaluator')
    await expect(ev.ranking.publish(scope)).resolves.toMatchObject({ status: 'requested' })
    await expect(ev.ranking.publish(scope)).rejects.toMatchObject({ code: 'FORBIDDEN' })
    expect((await ev.ranking.get(scope)).status).toBe('frozen')
    await expect(app.caller('admin').ranking.publish(scope)).resolves.toMatchObject({ status: 'published' })
    const mine = await app.caller('dept_a').results.unit(scope)
    expect(mine.unit.unit_code).toBe('11440306001')
    const whole = await app.caller('leader').results.get(scope)
    expect(whole.status).toBe('published')
    expect(whole.publication?.published_by).toBe('admin')
    // Everyone who may see it is told: leaders and evaluators, and each department about its own card.
    await runAlerts(app.deps)
    expect((await notes('leader')).map((n) => n.kind)).toEqual(['ranking_published'])
    expect((await notes('dept_a')).at(-1)).toMatchObject({
      kind: 'ranking_published',
      dept_code: '11440306001',
    })
    expect((await notes('analyst')).length).toBe(0)
    // A second run sends nothing again.
    const again = await runAlerts(app.deps)
    expect(again.sent.filter((x) => x.origin.startsWith('考核'))).toEqual([])
    // The window is over: no more appeals or decisions; the department still sees its decisions.
    const view = await app.caller('dept_a').appeals.mine({ period })
    expect(view).toMatchObject({ accepting: false, unit: null })
    expect(view.window?.end_reason).toBe('published')
    expect(view.appeals).toHaveLength(1)
    const actions = await app.deps.meta
      .selectFrom('audit_log')
      .select(['action', 'actor'])
      .where('action', 'in', [
        'ranking_frozen',
        'appeal_drafted',
        'appeal_filed',
        'appeal_accepted',
        'appeal_rejected',
        'ranking_publish_requested',
        'ranking_published',
      ])
      .orderBy('id')
      .execute()
    expect(actions.map((a) => a.action)).toEqual([
      'ranking_frozen',
      'appeal_drafted',
      'appeal_filed',
      'appeal_drafted',
      'appeal_filed',
      expect.stringMatching(/^appeal_(accepted|rejected)$/),
      'appeal_rejected',
      'ranking_publish_requested',
      'ranking_published',
    ])
  })

  it('bounds: 50 appeals per department per window, 10 files per appeal, 10 uploads held unattached', async () => {
    const other = { ...scope, period: { type: 'year' as const, year: 2023 } }
    await app.caller('evaluator').ranking.freeze({ ...other, publicityDays: 5 })
    const dept = app.caller('dept_b')
    const subjectRef = (await dept.appeals.mine({ period: other.period })).unit!.indicators[0]!.indicator_id
    const draft = (reason: string, evidenceIds: number[] = []) =>
      dept.appeals.saveDraft({
        period: other.period,
        subjectKind: 'indicator',
        subjectRef,
        reason,
        evidenceIds,
      })
    const upload = async (i: number) =>
      (
        await app
          .files('dept_b')
          .appeals.uploadEvidence({ file: await pdf(`材料${i}`), name: `材料${i}.pdf` })
      ).id
    const files: number[] = []
    for (let i = 0; i < 10; i++) files.push(await upload(i))
    await expect(upload(10)).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' })
    const first = (await draft('附十个材料', files)).id
    // Attached, the uploads no longer count; an eleventh file on the same appeal is refused.
    const eleventh = await upload(11)
    await expect(
      dept.appeals.saveDraft({
        period: other.period,
        appealId: first,
        subjectKind: 'indicator',
        subjectRef,
        reason: '再附一个',
        evidenceIds: [eleventh],
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    for (let i = 1; i < 50; i++) await draft(`申诉 ${i}`)
    await expect(draft('第51条')).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' })
    const mine = await dept.appeals.mine({ period: other.period })
    expect(mine.appeals).toHaveLength(50)
    expect(mine.appeals.find((a) => a.id === first)?.evidence).toHaveLength(10)
    // Another department's count is its own.
    const own = (await app.caller('dept_a').appeals.mine({ period: other.period })).unit!.indicators[0]!
    await expect(
      app.caller('dept_a').appeals.saveDraft({
        period: other.period,
        subjectKind: 'indicator',
        subjectRef: own.indicator_id,
        reason: '本部门第一条',
      }),
    ).resolves.toMatchObject({ id: expect.any(Number) })
  })
})
