import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestApp, TEST_PASSWORD } from '../testing'

describe('tRPC procedures through a caller, on real demo data', () => {
  let app: Awaited<ReturnType<typeof openTestApp>>
  beforeAll(async () => {
    app = await openTestApp()
  }, 240_000)
  afterAll(() => app.dispose())

  it('signs in with the right password and refuses a wrong one, then throttles', async () => {
    const anon = app.caller(null, { ip: '10.0.0.9' })
    await expect(anon.auth.signIn({ username: 'leader', password: 'wrong' })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    })
    expect(await anon.auth.signIn({ username: 'leader', password: TEST_PASSWORD })).toMatchObject({
      username: 'leader',
      role: 'leader',
    })
    for (let i = 0; i < 5; i++)
      await anon.auth.signIn({ username: 'analyst', password: 'nope' }).catch(() => {})
    await expect(anon.auth.signIn({ username: 'analyst', password: TEST_PASSWORD })).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
    })
  })

  it('refuses mutations without the CSRF token and data without a session', async () => {
    await expect(app.caller('leader', { csrfOk: false }).auth.signOut()).rejects.toMatchObject({
      code: 'FORBIDDEN',
    })
    await expect(app.caller(null).scorecard.get({ year: 2024 })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    })
  })

  it('scorecard: every catalog indicator with value, targets, status and freshness', async () => {
    const r = await app.caller('leader').scorecard.get({ year: 2024 })
    expect(r.indicators).toHaveLength(app.deps.plans.current.catalog.indicators.length)
    const cert = r.indicators.find((i) => i.id === 'e_certificate_usage_rate')!
    expect(cert.value).toBeGreaterThan(0)
    expect(cert.value).toBeLessThanOrEqual(1)
    expect(cert.target).toBe(0.95)
    expect(cert.series.map((s) => s.year)).toEqual([2021, 2022, 2023, 2024])
    // 2024 is over: an outcome, not 序时进度.
    expect(['met', 'missed']).toContain(cert.status)
    // Each card is dated by its data: the latest day with data in 2024, not the load time.
    expect(cert.data_as_of).toMatch(/^2024-\d{2}-\d{2}$/)
    const dated = r.indicators.filter((i) => !i.current_state)
    expect(dated.filter((i) => !i.data_as_of || i.data_as_of > '2024-12-31').map((i) => i.name_en)).toEqual(
      [],
    )
  })

  it('indicator detail: yearly actuals against targets, breakdowns sorted by gap, plan clauses', async () => {
    const d = await app.caller('leader').scorecard.detail({ id: 'online_application_rate', year: 2024 })
    expect(d.yearly.map((y) => y.year)).toEqual([2020, 2021, 2022, 2023, 2024, 2025])
    expect(d.monthly.length).toBeGreaterThan(0)
    expect(d.byDepartment.length).toBeGreaterThan(1)
    const gaps = d.byDepartment.map((x) => x.gap ?? Number.NEGATIVE_INFINITY)
    expect([...gaps].sort((a, b) => b - a)).toEqual(gaps)
    // Applications are recorded at town level: towns, and no village drill-down.
    expect(d.region_levels).toEqual(['town'])
    const town = d.byRegion[0]!
    const inTown = await app
      .caller('leader')
      .scorecard.detail({ id: 'online_application_rate', year: 2024, regionCode: town.code })
    expect(inTown.region_level).toBeNull()
    expect(inTown.byRegion).toEqual([])
    await expect(
      app.caller('leader').scorecard.detail({
        id: 'online_application_rate',
        year: 2024,
        regionCode: town.code,
        drill: 'village',
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    // Hotline tickets are recorded at village level: the town's villages.
    const villages = await app
      .caller('leader')
      .scorecard.detail({ id: 'hotline_ontime_rate', year: 2024, regionCode: town.code, drill: 'village' })
    expect(villages.region_level).toBe('village')
    expect(villages.byRegion.length).toBeGreaterThan(0)
    expect(villages.byRegion.every((v) => v.code === '' || v.code.startsWith(town.code))).toBe(true)
    await expect(app.caller('leader').scorecard.detail({ id: 'nope', year: 2024 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    })
  })

  it('a department account sees only its own department, whatever it asks for', async () => {
    const dept = app.caller('dept_a')
    const own = await dept.scorecard.get({ year: 2024, deptCode: '11440306002' })
    expect(own.scope.deptCode).toBe('11440306001')
    // Its cards are dated by its own data (in 2024); city-wide ones show no figures, so no date.
    const dated = own.indicators.filter((i) => i.applicable && !i.current_state)
    expect(dated.some((i) => i.data_as_of)).toBe(true)
    // A figure has the date of its data (none without rows); never a day after the year.
    const wrong = dated.filter(
      (i) => (i.value !== null && !i.data_as_of) || (i.data_as_of !== null && i.data_as_of > '2024-12-31'),
    )
    expect(wrong.map((i) => i.name_en)).toEqual([])
    const rows = await dept.explore.run({
      measures: ['application_kpis.applications'],
      dimensions: ['application_kpis.dept_code'],
      filters: [{ member: 'application_kpis.dept_code', operator: 'equals', values: ['11440306002'] }],
    })
    expect(rows.data).toEqual([])
    const all = await dept.explore.run({
      measures: ['application_kpis.applications'],
      dimensions: ['application_kpis.dept_code'],
    })
    expect(all.data.map((r) => r['application_kpis.dept_code'])).toEqual(['11440306001'])
    await expect(dept.data.status()).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })

  it('explore reaches views only, shows SQL, and exports XLSX with formulas neutralized', async () => {
    const analyst = app.caller('analyst')
    await expect(analyst.explore.run({ measures: ['service_applications.count'] })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    })
    const q = {
      measures: ['application_kpis.full_online_rate'],
      dimensions: ['application_kpis.dept_name'],
      limit: 50,
    }
    const sql = await analyst.explore.sql(q)
    expect(sql.sql).toMatch(/FROM/i)
    const x = await app.files('analyst').explore.export({ query: q, format: 'xlsx' })
    expect(x.contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(x.body as unknown as ArrayBuffer)
    const ws = wb.worksheets[0]!
    expect(ws.rowCount).toBe(x.rows! + 1)
    expect(String(ws.getRow(1).getCell(1).value)).toBeTruthy()
  })

  it('admin procedures are for admins only', async () => {
    await expect(app.caller('analyst').admin.users()).rejects.toMatchObject({ code: 'FORBIDDEN' })
    const users = await app.caller('admin').admin.users()
    expect(users.map((u) => u.username)).toContain('dept_a')
    expect(JSON.stringify(users)).not.toContain('scrypt$')
  })
})
