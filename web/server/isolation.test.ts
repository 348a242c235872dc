import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveApp } from './http.testing'
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
})
