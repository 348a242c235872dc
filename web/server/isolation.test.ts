import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { samplePdf } from '../../files/testing/sample-pdf'
import { briefingReport } from './briefing'
import { serveApp } from './http.testing'
import { pdfTextCompact } from './reports/pdf-text.testing'
import { openTestApp } from './testing'

/**
 * A department account sees its own department's rows and nothing else, on every path it
 * can reach. Each check looks at the data returned, and a leader's answer to the same
 * question shows the other departments are there, so a leak would make it fail.
 */
const OWN = '11440306001' // dept_a's department (testing.ts)

/** Every department code and name anywhere in a result, by member or breakdown key. */
function departmentsIn(value: unknown, out = { codes: new Set<string>(), names: new Set<string>() }) {
  if (Array.isArray(value)) for (const v of value) departmentsIn(v, out)
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (/(^|\.)dept_code$/.test(k) && v !== null) out.codes.add(String(v))
      else if (/(^|\.)dept_name$/.test(k) && v !== null) out.names.add(String(v))
      else departmentsIn(v, out)
    }
  }
  return out
}

describe('department isolation on every path a department account reaches', () => {
  let app: Awaited<ReturnType<typeof openTestApp>>
  let web: Awaited<ReturnType<typeof serveApp>>
  let own = { code: OWN, name: '' }
  let others: Array<{ code: string; name: string }> = []
  const dept = () => app.caller('dept_a')
  const leader = () => app.caller('leader')

  beforeAll(async () => {
    app = await openTestApp(0.01)
    web = await serveApp(app.deps)
    const all = await leader().reference.departments()
    own = all.find((d) => d.code === OWN)!
    others = all.filter((d) => d.code !== OWN)
    // A second department with data must exist, or none of this could fail.
    expect(own).toBeDefined()
    expect(others.length).toBeGreaterThan(1)
  }, 240_000)
  afterAll(async () => {
    web?.close()
    await app?.dispose()
  })

  const other = () => others[0]!
  const expectOnlyOwn = (result: unknown) => {
    const found = departmentsIn(result)
    expect([...found.codes].filter((c) => c !== own.code)).toEqual([])
    expect([...found.names].filter((n) => n !== own.name)).toEqual([])
  }

  it('scorecard.get: its own department whatever it asks for, equal to a leader asking for it', async () => {
    const asDept = await dept().scorecard.get({ year: 2024, deptCode: other().code })
    const ownByLeader = await leader().scorecard.get({ year: 2024, deptCode: own.code })
    const otherByLeader = await leader().scorecard.get({ year: 2024, deptCode: other().code })
    const figures = (r: typeof asDept) => r.indicators.map((i) => [i.id, i.applicable, i.value, i.series])
    expect(asDept.scope.deptCode).toBe(own.code)
    expect(figures(asDept)).toEqual(figures(ownByLeader))
    expect(figures(asDept)).not.toEqual(figures(otherByLeader))
    // City-wide indicators (no department breakdown) are not shown as if they were its own.
    for (const i of asDept.indicators.filter((x) => !x.applicable)) expect(i.value).toBeNull()
  })

  it('scorecard.detail: yearly, monthly, department and region breakdowns and drill-downs', async () => {
    let compared = 0
    for (const ind of app.deps.plans.current.catalog.indicators) {
      const ask = { id: ind.id, year: 2024, deptCode: other().code }
      if (!ind.cube.breakdowns.includes('dept')) {
        // No department dimension: refused, not answered with city-wide figures.
        await expect(dept().scorecard.detail(ask)).rejects.toMatchObject({ code: 'FORBIDDEN' })
        continue
      }
      const d = await dept().scorecard.detail(ask)
      const l = await leader().scorecard.detail({ ...ask, deptCode: own.code })
      expectOnlyOwn(d)
      expect(d.byDepartment.map((r) => r.code)).toEqual(d.byDepartment.length ? [own.code] : [])
      expect([d.yearly, d.monthly, d.byDepartment, d.byRegion]).toEqual([
        l.yearly,
        l.monthly,
        l.byDepartment,
        l.byRegion,
      ])
      compared++
    }
    expect(compared).toBeGreaterThan(10)
    // Drill from a town to its villages (hotline tickets are recorded at village level): still
    // only its own department's rows.
    const id = 'hotline_ontime_rate'
    const all = await leader().scorecard.detail({ id, year: 2024 })
    expect(new Set(all.byDepartment.map((r) => r.code)).size).toBeGreaterThan(1)
    const town = (await dept().scorecard.detail({ id, year: 2024 })).byRegion.find((r) => r.code)!
    const villages = await dept().scorecard.detail({
      id,
      year: 2024,
      regionCode: town.code,
      deptCode: other().code,
    })
    const byLeader = await leader().scorecard.detail({
      id,
      year: 2024,
      regionCode: town.code,
      deptCode: own.code,
    })
    const leaderTown = await leader().scorecard.detail({ id, year: 2024, regionCode: town.code })
    expect(villages.byRegion.length).toBeGreaterThan(0)
    expect(villages.byRegion).toEqual(byLeader.byRegion)
    expect(villages.yearly).not.toEqual(leaderTown.yearly)
  })

  it('explore.run on every view it may query: only its own rows, equal to a leader filtering for it', async () => {
    const views = await dept().explore.meta()
    expect(views.map((v) => v.name)).not.toContain('app_kpis')
    let withRows = 0
    for (const view of views) {
      const q = {
        measures: view.measures.map((m) => m.name).slice(0, 20),
        dimensions: [`${view.name}.dept_code`, `${view.name}.dept_name`],
        limit: 5000,
      }
      const mine = await dept().explore.run(q)
      const everyone = await leader().explore.run(q)
      if (mine.data.length) withRows++
      expect(new Set(everyone.data.map((r) => r[`${view.name}.dept_code`])).size, view.name).toBeGreaterThan(
        1,
      )
      expectOnlyOwn(mine.data)
      expect(mine.data).toEqual(everyone.data.filter((r) => r[`${view.name}.dept_code`] === own.code))
    }
    // Its own rows are there (a department has no data in some views, e.g. no events).
    expect(withRows).toBeGreaterThanOrEqual(4)
  })

  it('explore filters naming another department narrow to nothing; dimensions list only its own', async () => {
    const v = 'application_kpis'
    type Filter = { member: string; operator: 'equals' | 'notEquals' | 'contains' | 'set'; values?: string[] }
    const run = (filters: Filter[]) =>
      dept().explore.run({
        measures: [`${v}.applications`],
        dimensions: [`${v}.dept_code`, `${v}.dept_name`],
        filters,
      })
    for (const o of others) {
      expect((await run([{ member: `${v}.dept_code`, operator: 'equals', values: [o.code] }])).data).toEqual(
        [],
      )
      expect(
        (await run([{ member: `${v}.dept_name`, operator: 'contains', values: [o.name] }])).data,
      ).toEqual([])
    }
    expect(
      (await run([{ member: `${v}.dept_code`, operator: 'notEquals', values: [own.code] }])).data,
    ).toEqual([])
    expectOnlyOwn((await run([{ member: `${v}.dept_code`, operator: 'set' }])).data)
    // Dimensions that would list departments list one.
    for (const member of ['department_kpis.dept_name', 'item_kpis.dept_name', 'evaluation_kpis.dept_code']) {
      const r = await dept().explore.run({ dimensions: [member] })
      expect(r.data.map((x) => x[member])).toEqual([member.endsWith('name') ? own.name : own.code])
    }
    // A sharing request's provider is named on the requester's own rows, and only there.
    const provider = { measures: ['sharing_kpis.requests'], dimensions: ['sharing_kpis.provider_dept_code'] }
    const byLeader = await leader().explore.run({
      ...provider,
      filters: [{ member: 'sharing_kpis.dept_code', operator: 'equals', values: [own.code] }],
    })
    expect((await dept().explore.run(provider)).data).toEqual(byLeader.data)
    // Members of other views, and views without a department, are refused.
    await expect(
      dept().explore.run({ measures: [`${v}.applications`], order: [['hotline_kpis.tickets', 'desc']] }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    await expect(dept().explore.run({ measures: ['region_kpis.regions'] })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    })
  })

  it('explore.sql: the SQL preview carries its own department as a parameter', async () => {
    const q = { measures: ['hotline_kpis.tickets'], dimensions: ['hotline_kpis.dept_name'] }
    const plain = await dept().explore.sql(q)
    expect(plain.sql).toMatch(/dept_code/)
    expect(plain.params).toContain(own.code)
    const asked = await dept().explore.sql({
      ...q,
      filters: [{ member: 'hotline_kpis.dept_code', operator: 'equals', values: [other().code] }],
    })
    expect(asked.params).toEqual(expect.arrayContaining([own.code, other().code]))
    expect((await leader().explore.sql(q)).params).not.toContain(own.code)
  })

  const exportQuery = {
    measures: ['application_kpis.applications'],
    dimensions: ['application_kpis.dept_code', 'application_kpis.dept_name', 'application_kpis.town_name'],
    limit: 5000,
  }
  const csvCells = (file: Buffer) =>
    file
      .toString('utf8')
      .split(/\r\n/)
      .flatMap((l) => l.split(','))
  const xlsxCells = async (file: Buffer) => {
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(file as unknown as ArrayBuffer)
    const cells: string[] = []
    wb.worksheets[0]!.eachRow((row) => {
      row.eachCell((c) => {
        cells.push(String(c.value))
      })
    })
    return cells
  }
  const cellsOf = (file: Buffer, format: 'csv' | 'xlsx') =>
    format === 'csv' ? csvCells(file) : xlsxCells(file)

  it('explore.export CSV and XLSX, read back: no other department in any cell', async () => {
    const otherValues = new Set(others.flatMap((o) => [o.code, o.name]))
    const exported = async (who: 'dept_a' | 'leader', format: 'csv' | 'xlsx') =>
      cellsOf((await app.files(who).explore.export({ query: exportQuery, format })).body, format)
    for (const format of ['csv', 'xlsx'] as const) {
      const mine = await exported('dept_a', format)
      expect(mine, format).toContain(own.code)
      expect(
        mine.filter((c) => otherValues.has(c)),
        format,
      ).toEqual([])
      const everyone = await exported('leader', format)
      expect(everyone.filter((c) => otherValues.has(c)).length, format).toBeGreaterThan(0)
    }
  })

  it('over HTTP: the export route gives its own department only, whatever the query asks for, under its Chinese name', async () => {
    const otherValues = new Set(others.flatMap((o) => [o.code, o.name]))
    const jar = await web.session('dept_a')
    const leaderJar = await web.session('leader')
    const asked = {
      ...exportQuery,
      filters: [{ member: 'application_kpis.dept_code', operator: 'equals', values: [other().code] }],
    }
    for (const format of ['csv', 'xlsx'] as const) {
      for (const query of [exportQuery, asked]) {
        const res = await web.download('explore.export', { query, format }, jar)
        expect(res.status, res.text.slice(0, 300)).toBe(200)
        const cells = await cellsOf(res.body, format)
        expect(
          cells.filter((c) => otherValues.has(c)),
          format,
        ).toEqual([])
        if (query === exportQuery) expect(cells, format).toContain(own.code)
      }
      // The leader's answer to the same request holds other departments: a leak would show.
      const everyone = await web.download('explore.export', { query: exportQuery, format }, leaderJar)
      expect((await cellsOf(everyone.body, format)).filter((c) => otherValues.has(c)).length).toBeGreaterThan(
        0,
      )
      const res = await web.download('explore.export', { query: exportQuery, format }, jar)
      const disposition = res.headers.get('content-disposition') ?? ''
      expect(disposition).toMatch(/^attachment; filename="explore_\d{4}-\d{2}-\d{2}\.(csv|xlsx)"; /)
      const name = decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(disposition)![1]!)
      expect(name).toMatch(new RegExp(`^自助分析_\\d{4}-\\d{2}-\\d{2}\\.${format}$`))
      expect(res.headers.get('cache-control')).toBe('no-store')
      expect(Number(res.headers.get('x-export-rows'))).toBeGreaterThan(0)
    }
    // Signed out: no file.
    const anonymous = await web.download('explore.export', { query: exportQuery, format: 'csv' })
    expect(anonymous.status).toBe(401)
    expect(anonymous.error?.message).toMatch(/^请先登录 \(/)
  })

  it('reference lookups: its own department only; towns and the catalog hold no department rows', async () => {
    expect(await dept().reference.departments()).toEqual([own])
    expectOnlyOwn(await dept().reference.towns())
    expectOnlyOwn(await dept().reference.catalog())
  })

  it('over HTTP: scope forced, data status and every ranking or briefing download or upload refused', async () => {
    const jar = await web.session('dept_a')
    const sc = await web.query<{ scope: { deptCode: string } }>(
      'scorecard.get',
      { year: 2024, deptCode: other().code },
      jar,
    )
    expect(sc.status).toBe(200)
    expect(sc.data.scope.deptCode).toBe(own.code)
    const scope = { unitType: 'department', period: { type: 'year', year: 2024 } }
    const refused = [
      await web.query('data.status', undefined, jar),
      await web.query('data.runs', {}, jar),
      await web.query('data.quarantine', {}, jar),
      await web.query('ranking.get', scope, jar),
      await web.download('ranking.exportRanking', { ...scope, format: 'xlsx' }, jar),
      await web.download('ranking.exportUnit', { ...scope, unitCode: other().code, format: 'pdf' }, jar),
      await web.download('ranking.exportUnit', { ...scope, unitCode: own.code, format: 'xlsx' }, jar),
      await web.download('ranking.briefing', { year: 2024 }, jar),
      await web.upload('ranking.uploadTargets', Buffer.from('PK'), jar),
    ]
    for (const r of refused) {
      expect(r.status, r.text).toBe(403)
      expect(r.error?.message).toMatch(/^当前角色无权执行此操作 \(.+\)$/)
      expect(r.text).not.toContain(other().code)
    }
  })

  it('the evaluation loop: its own report card in publicity, its own appeals and evidence, by tRPC and HTTP', async () => {
    await app.addDepartmentAccount('dept_other', other().code)
    const period = { type: 'year' as const, year: 2024 }
    const scope = { unitType: 'department' as const, period }
    await app.caller('evaluator').ranking.freeze({ ...scope, publicityDays: 5 })
    // The other department appeals with a file; dept_a drafts one of its own.
    const otherWeb = await web.session('dept_other')
    const upload = await web.upload<{ id: number }>(
      'appeals.uploadEvidence',
      await samplePdf('另一部门材料'),
      otherWeb,
      {
        name: '另一部门材料.pdf',
      },
    )
    expect(upload.status, upload.text).toBe(200)
    const otherCard = (await app.caller('dept_other').appeals.mine({ period })).unit!
    expect(otherCard.unit_code).toBe(other().code)
    const otherAppeal = (
      await app.caller('dept_other').appeals.saveDraft({
        period,
        subjectKind: 'indicator',
        subjectRef: otherCard.indicators[0]!.indicator_id,
        reason: '另一部门的申诉理由',
        evidenceIds: [upload.data.id],
      })
    ).id
    await app.caller('dept_other').appeals.file({ period, id: otherAppeal })
    const ownCard = (await dept().appeals.mine({ period })).unit!
    await dept().appeals.saveDraft({
      period,
      subjectKind: 'indicator',
      subjectRef: ownCard.indicators[0]!.indicator_id,
      reason: '本部门的申诉理由',
    })
    const leaks = (value: unknown) => {
      const text = JSON.stringify(value)
      return [other().code, other().name, '另一部门'].filter((s) => text.includes(s))
    }
    // The evaluators' review holds the other department's appeal: a leak would show.
    expect(leaks(await app.caller('evaluator').appeals.review(scope)).length).toBeGreaterThan(0)

    const jar = await web.session('dept_a')
    const mine = await web.query<{ unit: { unit_code: string }; appeals: Array<{ unit_code: string }> }>(
      'appeals.mine',
      { period },
      jar,
    )
    expect(mine.status, mine.text).toBe(200)
    expect(mine.data.unit.unit_code).toBe(own.code)
    expect(mine.data.appeals.map((a) => a.unit_code)).toEqual([own.code])
    expect(leaks(mine.data)).toEqual([])
    expect(leaks((await web.query('appeals.windows', undefined, jar)).data)).toEqual([])
    // Nothing of the other department's appeal, whatever path names it.
    const refused = [
      await web.download('appeals.evidence', { id: upload.data.id }, jar),
      await web.mutate('appeals.file', { period, id: otherAppeal }, jar),
      await web.mutate('appeals.discard', { period, id: otherAppeal }, jar),
      await web.mutate(
        'appeals.saveDraft',
        {
          period,
          appealId: otherAppeal,
          subjectKind: 'indicator',
          subjectRef: ownCard.indicators[0]!.indicator_id,
          reason: '改',
        },
        jar,
      ),
    ]
    for (const r of refused) {
      expect(r.status, r.text).toBe(404)
      expect(leaks(r.text)).toEqual([])
    }
    for (const r of [
      await web.query('appeals.review', scope, jar),
      await web.mutate('appeals.decide', { ...scope, id: otherAppeal, accept: false, reason: '否' }, jar),
      await web.query('ranking.get', scope, jar),
    ]) {
      expect(r.status, r.text).toBe(403)
      expect(leaks(r.text)).toEqual([])
    }
    // Before publication no one's card is a result; after it, only its own.
    expect((await web.query('results.unit', scope, jar)).status).toBe(404)
    await app.deps.meta
      .updateTable('publicity_windows')
      .set({ closes_at: new Date(Date.now() - 1000), opened_at: new Date(Date.now() - 86_400_000) })
      .where('ended_at', 'is', null)
      .execute()
    await app.caller('dept_other').appeals.mine({ period })
    await app
      .caller('evaluator')
      .appeals.decide({ ...scope, id: otherAppeal, accept: false, reason: '证据不足' })
    await app.caller('evaluator').ranking.publish(scope)
    await app.caller('admin').ranking.publish(scope)
    const card = await web.query<{ unit: { unit_code: string } }>('results.unit', scope, jar)
    expect(card.status, card.text).toBe(200)
    expect(card.data.unit.unit_code).toBe(own.code)
    expect(leaks(card.data)).toEqual([])
    const after = await web.query('appeals.mine', { period }, jar)
    expect(leaks(after.data)).toEqual([])
    expect((await web.download('appeals.evidence', { id: upload.data.id }, jar)).status).toBe(404)
  })

  it('notes on indicators: its own department’s only, by tRPC, HTTP, its 通报 and the report downloads', async () => {
    await app.addDepartmentAccount('dept_notes_other', other().code)
    const page = { indicatorId: 'online_application_rate', year: 2024 }
    const otherScope = { kind: 'department' as const, code: other().code }
    const ownScope = { kind: 'department' as const, code: own.code }
    const theirs = [
      await leader().notes.add({
        ...page,
        scope: otherScope,
        month: 2,
        kind: 'cause',
        body: '另一部门的原因',
      }),
      await app
        .caller('dept_notes_other')
        .notes.add({ ...page, scope: otherScope, kind: 'measure', body: '另一部门的措施' }),
      await leader().notes.add({
        ...page,
        scope: { kind: 'district' },
        kind: 'explanation',
        body: '全区的说明',
      }),
    ]
    const mine = await dept().notes.add({
      ...page,
      scope: ownScope,
      month: 5,
      kind: 'measure',
      body: '本部门措施',
    })
    for (const n of [...theirs, mine])
      await app.caller('evaluator').notes.select({ id: n.id, selected: true })
    const leaks = (value: unknown) => {
      const text = typeof value === 'string' ? value : JSON.stringify(value)
      return [other().code, other().name, '另一部门', '全区的说明'].filter((s) => text.includes(s))
    }
    // A leader's answers hold them: a leak would show.
    expect(leaks(await leader().notes.list({ ...page, scope: { kind: 'district' } })).length).toBe(4)

    // tRPC: whatever scope it names, its own department's notes.
    for (const scope of [otherScope, { kind: 'district' as const }, ownScope]) {
      const r = await dept().notes.list({ ...page, scope })
      expect(r.notes.map((n) => n.id)).toEqual([mine.id])
      expect(leaks(r)).toEqual([])
    }
    // Over HTTP, with its session: the same; writing, deleting or selecting theirs is refused.
    const jar = await web.session('dept_a')
    const listed = await web.query<{ notes: Array<{ id: number }> }>(
      'notes.list',
      { ...page, scope: otherScope },
      jar,
    )
    expect(listed.status, listed.text).toBe(200)
    expect(listed.data.notes.map((n) => n.id)).toEqual([mine.id])
    expect(leaks(listed.text)).toEqual([])
    for (const n of theirs) {
      const r = await web.mutate('notes.remove', { id: n.id }, jar)
      expect(r.status, r.text).toBe(404)
      expect(leaks(r.text)).toEqual([])
      const s = await web.mutate('notes.select', { id: n.id, selected: false }, jar)
      expect(s.status, s.text).toBe(403)
    }
    const write = await web.mutate(
      'notes.add',
      { ...page, scope: otherScope, kind: 'cause', body: '越权' },
      jar,
    )
    expect(write.status, write.text).toBe(403)
    expect(leaks(write.text)).toEqual([])

    // Its 通报 (the alerts' PDF): its own department's selected note, nobody else's.
    const { briefing, body } = await briefingReport(app.deps, app.users.dept_a!, 2024, { title: '月度通报' })
    expect(briefing.notes?.items.map((n) => n.body)).toEqual(['本部门措施'])
    expect(leaks(briefing.notes)).toEqual([])
    // (The 通报's tasks section may name another department as a task's lead: the notes' words are checked.)
    const noteWords = (text: string) => ['另一部门', '全区的说明'].filter((s) => text.includes(s))
    expect(pdfTextCompact(body)).toContain('本部门措施')
    expect(noteWords(pdfTextCompact(body))).toEqual([])
    // The leaders' briefing and the final report carry them, and a department downloads neither.
    const leaders = pdfTextCompact((await app.files('leader').ranking.briefing({ year: 2024 })).body)
    expect(noteWords(leaders)).toEqual(['另一部门', '全区的说明'])
    for (const r of [
      await web.download('ranking.briefing', { year: 2024 }, jar),
      await web.download('reports.finalEvaluation', { plan: 'fyp14', format: 'pdf' }, jar),
      await web.download('reports.finalEvaluation', { plan: 'fyp14', format: 'docx' }, jar),
      await web.query('reports.finalEvaluationData', { plan: 'fyp14' }, jar),
    ]) {
      expect(r.status, r.text).toBe(403)
      expect(leaks(r.text)).toEqual([])
    }
  })
})
