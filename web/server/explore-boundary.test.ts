import { TRPCError } from '@trpc/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveApp } from './http.testing'
import { openTestApp } from './testing'

/**
 * 自助分析 reaches the governed views and nothing else: private cubes, warehouse tables,
 * SQL in member names or values, unknown operators, foreign members and huge limits are
 * refused with a bilingual 400 (or answered safely), and nothing outside the views comes back.
 */
// Chinese first, then English words (the project's convention for user-facing messages).
const BILINGUAL = /^[\u4e00-\u9fff].*[A-Za-z]{3,} [A-Za-z]{2,}/s
const M = 'application_kpis.applications'

describe('explore cannot reach past the views', () => {
  let app: Awaited<ReturnType<typeof openTestApp>>
  beforeAll(async () => {
    app = await openTestApp(0.01)
  }, 240_000)
  afterAll(() => app?.dispose())

  /** Runs a query as analyst and as a department account; both must be refused with a 400. */
  async function refused(query: unknown, pattern?: RegExp) {
    for (const who of ['analyst', 'dept_a']) {
      for (const path of ['run', 'sql'] as const) {
        let err: unknown
        try {
          await app.caller(who).explore[path](query as never)
        } catch (e) {
          err = e
        }
        const label = `${who} explore.${path} ${JSON.stringify(query)}`
        expect(err, label).toBeInstanceOf(TRPCError)
        expect((err as TRPCError).code, label).toBe('BAD_REQUEST')
        expect((err as TRPCError).message, label).toMatch(BILINGUAL)
        if (pattern) expect((err as TRPCError).message, label).toMatch(pattern)
      }
    }
  }

  it('members of private cubes and raw warehouse tables are unknown members', async () => {
    for (const member of [
      'service_applications.applications',
      'departments.dept_name',
      'regions.region_name',
      'users.password_hash',
      'sessions.token_hash',
      'audit_log.detail',
      'system.tables',
      'schema_migrations.version',
    ]) {
      await refused({ dimensions: [member] }, /unknown or private member/)
      await refused({ filters: [{ member, operator: 'set' }] }, /unknown or private member/)
      await refused({ measures: [M], filters: [{ member, operator: 'set' }] }, /同一个数据视图/)
    }
  })

  it('SQL-looking member names never reach the engine', async () => {
    for (const member of [
      'application_kpis.dept_code; DROP TABLE users',
      'application_kpis.dept_code) OR (1=1',
      'application_kpis.dept_code--',
      '(SELECT password_hash FROM users)',
      'default.users.password_hash',
      'application_kpis.date.sql',
      'APPLICATION_KPIS.APPLICATIONS',
      'application_kpis.*',
    ]) {
      await refused({ measures: [member] }, /输入无效 \(invalid input\)/)
      await refused({ measures: [M], order: [[member, 'asc']] }, /输入无效/)
    }
  })

  it('injection in filter values is only a value: no rows, no error, the warehouse intact', async () => {
    const before = (await app.caller('admin').admin.users()).length
    for (const value of ["' OR 1=1 --", "x') OR ('1'='1", '"; DROP TABLE users; --', "\\' OR 1=1 --"]) {
      for (const operator of ['equals', 'contains', 'notEquals'] as const) {
        const q = {
          measures: [M],
          dimensions: ['application_kpis.dept_code'],
          filters: [{ member: 'application_kpis.dept_name', operator, values: [value] }],
        }
        const mine = await app.caller('dept_a').explore.run(q)
        if (operator === 'notEquals')
          expect(mine.data.map((r) => r['application_kpis.dept_code'])).toEqual(['11440306001'])
        else expect(mine.data).toEqual([])
        const all = await app.caller('analyst').explore.run(q)
        if (operator !== 'notEquals') expect(all.data).toEqual([])
        const { params } = await app.caller('analyst').explore.sql(q)
        // The value travels as a parameter, never spliced into the SQL text.
        expect(params.some((p) => String(p).includes(value))).toBe(true)
      }
    }
    expect((await app.caller('admin').admin.users()).length).toBe(before)
  })

  it('unknown operators, foreign members in order, huge or bad limits: refused', async () => {
    for (const operator of ['raw', 'sql', 'in', 'like', 'equals OR 1=1']) {
      await refused(
        { measures: [M], filters: [{ member: 'application_kpis.dept_code', operator, values: ['x'] }] },
        /不支持的筛选运算符/,
      )
    }
    await refused(
      { dimensions: ['application_kpis.dept_code'], order: [['users.password_hash', 'asc']] },
      /同一个数据视图/,
    )
    await refused({ order: [['users.password_hash', 'asc']] }, /unknown or private member/)
    // Members of another view (views are not joined): one clear 400, not an engine failure.
    await refused({ measures: [M], order: [['hotline_kpis.tickets', 'desc']] }, /同一个数据视图/)
    await refused({ measures: [M, 'hotline_kpis.tickets'] }, /同一个数据视图/)
    await refused(
      { measures: [M], filters: [{ member: 'event_kpis.dept_code', operator: 'equals', values: ['x'] }] },
      /同一个数据视图/,
    )
    await refused({ measures: [M], order: [[M, 'desc; DROP TABLE users']] }, /升序（asc）或降序（desc）/)
    for (const limit of [10_000_000, 50_001, 0, -1, 1.5]) await refused({ measures: [M], limit }, /行数上限/)
    await refused(
      {
        measures: [M],
        timeDimension: {
          dimension: 'application_kpis.date',
          dateRange: ["2024-01-01' OR 1=1", '2024-12-31'],
        },
      },
      /YYYY-MM-DD/,
    )
  })

  it('filters that do not fit their member (text in a number, contains on a count, an impossible date): a 400 naming it', async () => {
    const filter = (member: string, operator: string, values: string[]) => ({
      measures: [M],
      filters: [{ member, operator, values }],
    })
    await refused(filter(M, 'gt', ['not-a-number']), /application_kpis\.applications.*应为数字/)
    await refused(filter(M, 'contains', ['1']), /不支持运算符 contains/)
    await refused(
      filter('application_kpis.date', 'inDateRange', ['2024-02-30', '2024-03-31']),
      /2024-02-30.*不是有效日期/,
    )
    await refused(filter('application_kpis.date', 'contains', ['2024']), /不支持运算符 contains/)
    await refused(
      filter('application_kpis.dept_code', 'inDateRange', ['2024-01-01', '2024-12-31']),
      /不支持运算符/,
    )
    // The same filters with fitting values run.
    const ok = await app.caller('analyst').explore.run(filter(M, 'gte', ['0']) as never)
    expect(ok.data.length).toBeGreaterThan(0)
  })

  it('extra query keys (raw SQL, ungrouped rows, segments) are dropped, not obeyed', async () => {
    const q = { measures: [M], dimensions: ['application_kpis.dept_code'] }
    const plain = await app.caller('dept_a').explore.run(q)
    const sneaky = await app.caller('dept_a').explore.run({
      ...q,
      sql: 'SELECT * FROM users',
      ungrouped: true,
      segments: ['users.all'],
      filters: [{ member: 'application_kpis.dept_code', operator: 'set', or: [{ member: 'x' }] }],
    } as never)
    expect(sneaky.data).toEqual(plain.data)
    expect(JSON.stringify(sneaky)).not.toMatch(/scrypt|password/)
  })

  it('over HTTP: a 400 with the bilingual message, no stack or SQL', async () => {
    const web = await serveApp(app.deps)
    try {
      const jar = await web.session('dept_a')
      for (const input of [
        { measures: ['users.password_hash'] },
        { measures: [M], limit: 10_000_000 },
        { measures: [M], order: [['hotline_kpis.tickets', 'asc']] },
      ]) {
        const r = await web.query('explore.run', input, jar)
        expect(r.status, r.text).toBe(400)
        expect(r.error?.message).toMatch(BILINGUAL)
        expect(r.text).not.toMatch(/SELECT|FROM|\.ts:\d+|node_modules/)
      }
    } finally {
      web.close()
    }
  })
})
