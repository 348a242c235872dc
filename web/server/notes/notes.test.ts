import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NOTE_BODY_MAX, NOTES_PER_SCOPE_MAX } from '../../shared/notes'
import { briefingReport } from '../briefing'
import { serveApp } from '../http.testing'
import { finalEvaluationContent } from '../reports'
import { docxText } from '../reports/final-evaluation.testing'
import { pdfTextCompact } from '../reports/pdf-text.testing'
import { openTestApp } from '../testing'

const pdfText = pdfTextCompact

/**
 * Notes on indicators (动态与说明) over the real app: who writes, reads, deletes and selects
 * them, their bounds, the audit trail, and the selected ones in the briefing and the final
 * evaluation report.
 */
describe('notes on indicators', () => {
  let app: Awaited<ReturnType<typeof openTestApp>>
  const DEPT_A = '11440306001'
  const DEPT_B = '11440306002'
  const id = 'online_application_rate'
  const year = 2024
  const district = { kind: 'district' as const }
  const deptA = { kind: 'department' as const, code: DEPT_A }
  const deptB = { kind: 'department' as const, code: DEPT_B }
  const page = (scope: { kind: 'district' | 'department' | 'town'; code?: string }) => ({
    indicatorId: id,
    year,
    scope,
  })

  beforeAll(async () => {
    app = await openTestApp(0.01)
    await app.addDepartmentAccount('dept_b', DEPT_B)
    await app.addDepartmentAccount('dept_a2', DEPT_A)
  }, 240_000)
  afterAll(async () => {
    await app?.dispose()
  })

  const ids: Record<string, number> = {}

  it('leaders, evaluators and departments write dated notes; the page lists them newest first', async () => {
    const leader = app.caller('leader')
    const a = await leader.notes.add({
      ...page(district),
      month: 3,
      kind: 'cause',
      body: '  三月系统切换，部分事项暂停网上申请。 ',
    })
    expect(a).toMatchObject({
      scope_kind: 'district',
      scope_code: '',
      scope_name: '全区',
      month: 3,
      kind: 'cause',
      body: '三月系统切换，部分事项暂停网上申请。',
      author: 'leader',
      selected: false,
      mine: true,
    })
    ids.district = a.id
    ids.a = (
      await app.caller('dept_a').notes.add({
        ...page(deptA),
        month: 6,
        kind: 'measure',
        body: '本部门已恢复全部事项网上申请。',
      })
    ).id
    ids.b = (
      await app.caller('dept_b').notes.add({
        ...page(deptB),
        month: null,
        kind: 'explanation',
        body: 'B部门全年口径说明。',
      })
    ).id
    ids.evalA = (
      await app.caller('evaluator').notes.add({
        ...page(deptA),
        kind: 'explanation',
        body: '考核办核实：A部门数据已补录。',
      })
    ).id

    // On the district, every scope's notes, newest first, each named by its scope.
    const all = await app.caller('leader').notes.list(page(district))
    expect(all.notes.map((n) => n.id)).toEqual([ids.evalA, ids.b, ids.a, ids.district])
    expect(all.notes.find((n) => n.id === ids.a)?.scope_name).toBe('区政务服务数据管理局')
    expect(all).toMatchObject({ every_scope: true, can_write: true, can_select: false })
    // A department's page: that department's notes only.
    const a2 = await app.caller('leader').notes.list(page(deptA))
    expect(a2.notes.map((n) => n.id)).toEqual([ids.evalA, ids.a])
    expect(a2.notes.every((n) => !n.mine)).toBe(true)
    // Analysts read, and write nothing.
    const analyst = await app.caller('analyst').notes.list(page(district))
    expect(analyst).toMatchObject({ can_write: false, can_select: false })
    expect(analyst.notes).toHaveLength(4)
    await expect(
      app.caller('analyst').notes.add({ ...page(district), kind: 'cause', body: 'x' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' })
    // A town's note, named by the town.
    const town = (await app.caller('leader').reference.towns())[0]!
    const t = await leader.notes.add({
      ...page({ kind: 'town', code: town.code }),
      kind: 'cause',
      body: '镇',
    })
    expect(t.scope_name).toBe(town.name)
    await leader.notes.remove({ id: t.id })
  })

  it('bounds every input: body length, blank body, month, unknown indicator and scope, notes per scope', async () => {
    const leader = app.caller('leader')
    const bad = [
      leader.notes.add({ ...page(district), kind: 'cause', body: 'x'.repeat(NOTE_BODY_MAX + 1) }),
      leader.notes.add({ ...page(district), kind: 'cause', body: '   ' }),
      leader.notes.add({ ...page(district), month: 13, kind: 'cause', body: 'x' }),
      leader.notes.add({ ...page({ kind: 'department' }), kind: 'cause', body: 'x' }),
      leader.notes.list({ ...page(district), scope: { kind: 'town', code: "1' OR 1=1" } }),
    ]
    for (const p of bad) await expect(p).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    await expect(
      leader.notes.add({ ...page(district), indicatorId: 'no_such_indicator', kind: 'cause', body: 'x' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(
      leader.notes.add({ ...page({ kind: 'department', code: '99999' }), kind: 'cause', body: 'x' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/^没有这个部门或镇/) })
    // At most NOTES_PER_SCOPE_MAX per indicator × scope × year.
    const full = { ...page({ kind: 'department', code: DEPT_B }), year: 2023 }
    await app.deps.meta
      .insertInto('indicator_notes')
      .values(
        Array.from({ length: NOTES_PER_SCOPE_MAX }, (_, i) => ({
          indicator_id: id,
          scope_kind: 'department' as const,
          scope_code: DEPT_B,
          year: 2023,
          month: null,
          kind: 'cause' as const,
          body: `n${i}`,
          author: 'leader',
        })),
      )
      .execute()
    await expect(leader.notes.add({ ...full, kind: 'cause', body: 'one more' })).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
    })
    // Another year of the same scope is its own count.
    await expect(leader.notes.add({ ...full, year: 2022, kind: 'cause', body: 'ok' })).resolves.toBeDefined()
    // Over HTTP: a 400 with the bilingual message, not a 500.
    const web = await serveApp(app.deps)
    try {
      const jar = await web.session('leader')
      const res = await web.mutate(
        'notes.add',
        { ...page(district), kind: 'cause', body: 'x'.repeat(NOTE_BODY_MAX + 1) },
        jar,
      )
      expect(res.status).toBe(400)
      expect(res.error?.message).toMatch(/^输入无效 \(invalid input\): body/)
    } finally {
      web.close()
    }
  })

  it('a department reads and writes its own department’s notes only, by every procedure', async () => {
    const dept = app.caller('dept_a')
    // Whatever scope it asks for, its own department's notes.
    for (const scope of [district, deptB, { kind: 'town' as const, code: 'x1' }]) {
      const r = await dept.notes.list(page(scope))
      expect(r.scope).toEqual(deptA)
      expect(r.notes.map((n) => n.id).sort()).toEqual([ids.a, ids.evalA].sort())
      expect(r.notes.every((n) => n.scope_code === DEPT_A)).toBe(true)
    }
    // Writing to another scope is refused; another department's note is not there.
    for (const scope of [district, deptB, { kind: 'town' as const, code: 'x1' }]) {
      await expect(dept.notes.add({ ...page(scope), kind: 'cause', body: 'x' })).rejects.toMatchObject({
        code: 'FORBIDDEN',
        message: expect.stringMatching(/^部门账号只能为本部门填写说明/),
      })
    }
    await expect(dept.notes.remove({ id: ids.b! })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(dept.notes.remove({ id: ids.district! })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(dept.notes.select({ id: ids.a!, selected: true })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    })
    // Its own department's note by someone else: visible, not its to delete.
    await expect(app.caller('dept_a2').notes.remove({ id: ids.a! })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    })
    // An indicator it has no department figures for.
    await expect(
      dept.notes.add({ ...page(deptA), indicatorId: 'gov_app_dau', kind: 'cause', body: 'x' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' })
    // Nothing it tried was written.
    const rows = await app.deps.meta
      .selectFrom('indicator_notes')
      .select('id')
      .where('author', '=', 'dept_a')
      .execute()
    expect(rows.map((r) => r.id)).toEqual([ids.a])
  })

  it('evaluators select notes for the reports; a selected note stays until unselected; all audited', async () => {
    const evaluator = app.caller('evaluator')
    await expect(
      app.caller('leader').notes.select({ id: ids.district!, selected: true }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' })
    for (const n of [ids.district!, ids.a!, ids.b!]) await evaluator.notes.select({ id: n, selected: true })
    const listed = await app.caller('evaluator').notes.list(page(district))
    expect(listed.can_select).toBe(true)
    expect(listed.notes.filter((n) => n.selected).map((n) => n.id)).toEqual([ids.b, ids.a, ids.district])
    expect(listed.notes.find((n) => n.id === ids.a)?.selected_by_name).toBe('evaluator')
    await expect(app.caller('dept_a').notes.remove({ id: ids.a! })).rejects.toMatchObject({
      code: 'CONFLICT',
    })
    await evaluator.notes.select({ id: ids.a!, selected: false })
    await evaluator.notes.select({ id: ids.a!, selected: false }) // no change, no entry
    await app.caller('dept_a').notes.remove({ id: ids.a! })
    await expect(evaluator.notes.select({ id: ids.a!, selected: true })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    })
    ids.a = (
      await app.caller('dept_a').notes.add({
        ...page(deptA),
        month: 6,
        kind: 'measure',
        body: '本部门已恢复全部事项网上申请。',
      })
    ).id
    await evaluator.notes.select({ id: ids.a, selected: true })

    const log = await app.deps.meta
      .selectFrom('audit_log')
      .select(['actor', 'action', 'target', 'before', 'after'])
      .where('action', 'like', 'indicator_note_%')
      .orderBy('id')
      .execute()
    const deleted = log.find((e) => e.action === 'indicator_note_deleted' && e.actor === 'dept_a')!
    expect(JSON.parse(deleted.before!)).toEqual({
      indicator_id: id,
      scope: `department:${DEPT_A}`,
      period: '2024-06',
      kind: 'measure',
      note: '本部门已恢复全部事项网上申请。',
    })
    const unselected = log.filter((e) => e.action === 'indicator_note_unselected')
    expect(unselected).toHaveLength(1)
    expect([JSON.parse(unselected[0]!.before!), JSON.parse(unselected[0]!.after!)]).toEqual([
      { selected: true },
      { selected: false },
    ])
    expect(log.filter((e) => e.action === 'indicator_note_selected').map((e) => e.target)).toContain(
      `indicator_note:${ids.b}`,
    )
    // The audit page names the object.
    const page1 = await app.caller('admin').audit.list({ action: 'indicator_note_added' })
    expect(page1.rows[0]!.target_label).toMatch(/^指标说明 #\d+$/)
  })

  it('the briefing prints the selected notes; a department’s 通报 only its own department’s', async () => {
    const leader = await briefingReport(app.deps, app.users.leader!, year)
    const bodies = leader.briefing.notes!.items.map((n) => n.body)
    expect(bodies).toEqual([
      '本部门已恢复全部事项网上申请。',
      'B部门全年口径说明。',
      '三月系统切换，部分事项暂停网上申请。',
    ])
    expect(leader.briefing.notes!.items[0]).toMatchObject({
      indicator_name: '网办率',
      scope_name: '区政务服务数据管理局',
      period_label: `${year}年6月`,
      kind: 'measure',
    })
    const text = pdfText(leader.body)
    expect(text).toContain('情况说明（考核人员选入）')
    expect(text).toContain('B部门全年口径说明。')
    // Not selected: not printed.
    expect(text).not.toContain('考核办核实')

    const dept = await briefingReport(app.deps, app.users.dept_a!, year, { title: '月度通报' })
    expect(dept.briefing.notes!.items.map((n) => n.body)).toEqual(['本部门已恢复全部事项网上申请。'])
    const deptText = pdfText(dept.body)
    expect(deptText).toContain('本部门已恢复全部事项网上申请。')
    expect(deptText).not.toContain('B部门全年口径说明')
    expect(deptText).not.toContain('三月系统切换')
  })

  it('the final evaluation report prints each indicator’s selected notes, in the DOCX and the PDF', async () => {
    const ev = await app.caller('evaluator').reports.finalEvaluationData({ plan: 'fyp14' })
    expect(ev.notes.map((n) => n.body)).toEqual([
      '本部门已恢复全部事项网上申请。',
      'B部门全年口径说明。',
      '三月系统切换，部分事项暂停网上申请。',
    ])
    const content = finalEvaluationContent({ ...ev, generated_at: new Date() })
    const lines = content.blocks.flatMap((b) => (b.kind === 'text' && b.label === '情况说明' ? [b.text] : []))
    expect(lines).toEqual([
      expect.stringMatching(
        /^【措施】\d{4}年6月 · 区政务服务数据管理局：本部门已恢复全部事项网上申请。（dept_a，\d{4}-\d{2}-\d{2}）$/,
      ),
      expect.stringMatching(/^【说明】\d{4}年 · .+：B部门全年口径说明。（dept_b，\d{4}-\d{2}-\d{2}）$/),
      expect.stringMatching(/^【原因】\d{4}年3月 · 全区：三月系统切换，部分事项暂停网上申请。（leader，/),
    ])
    // Under its indicator's heading, before the next indicator.
    const at = content.blocks.findIndex((b) => b.kind === 'text' && b.label === '情况说明')
    const heading = content.blocks.slice(0, at).findLast((b) => b.kind === 'heading' && b.level === 3)
    expect(heading).toMatchObject({ text: expect.stringContaining('网办率') })

    const docx = await app.files('evaluator').reports.finalEvaluation({ plan: 'fyp14', format: 'docx' })
    expect(docxText(docx.body)).toContain('B部门全年口径说明。')
    const pdf = await app.files('leader').reports.finalEvaluation({ plan: 'fyp14', format: 'pdf' })
    expect(pdfText(pdf.body)).toContain('三月系统切换，部分事项暂停网上申请。')
    expect(pdfText(pdf.body)).not.toContain('考核办核实')
  }, 120_000)
})
