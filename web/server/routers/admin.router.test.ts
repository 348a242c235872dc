import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { shanghaiYear } from '../../../warehouse/workdays'
import { zh } from '../../client/src/i18n/zh'
import { passwordProblem } from '../auth/password'
import { openTestApp, TEST_PASSWORD } from '../testing'
import { generatePassword } from './admin.router'

/** Accounts and data loads as the admin screens use them: real PGlite, real chDB with demo data. */
describe('admin and data procedures (real stores)', () => {
  let app: Awaited<ReturnType<typeof openTestApp>>
  beforeAll(async () => {
    app = await openTestApp(0.01)
  }, 240_000)
  afterAll(() => app?.dispose())

  const signIn = (username: string, password: string) =>
    app
      .caller(null)
      .auth.signIn({ username, password })
      .then(
        () => 'ok',
        (e: { code?: string }) => e.code,
      )

  it('creates, refuses a taken name, disables, re-enables and resets a password', async () => {
    const admin = app.caller('admin')
    const input = {
      username: 'clerk.new',
      display_name: '新科员',
      role: 'analyst' as const,
      password: 'Quiet-river-2048x',
      mode: 'create' as const,
    }
    await admin.admin.saveUser(input)
    await expect(admin.admin.saveUser(input)).rejects.toMatchObject({ code: 'CONFLICT' })
    expect(await signIn('clerk.new', input.password)).toBe('ok')
    const listed = (await admin.admin.users()).find((u) => u.username === 'clerk.new')
    expect(listed).toMatchObject({ display_name: '新科员', role: 'analyst', disabled: false })
    expect(listed?.last_sign_in_at).toBeGreaterThan(Date.now() - 60_000)

    await admin.admin.setDisabled({ username: 'clerk.new', disabled: true })
    expect(await signIn('clerk.new', input.password)).toBe('UNAUTHORIZED')
    await admin.admin.setDisabled({ username: 'clerk.new', disabled: false })

    const { password } = await admin.admin.resetPassword({ username: 'clerk.new' })
    expect(password).toMatch(/^[A-Za-z0-9]{16}$/)
    expect(await signIn('clerk.new', input.password)).toBe('UNAUTHORIZED')
    expect(await signIn('clerk.new', password!)).toBe('ok')
    await expect(
      admin.admin.resetPassword({ username: 'clerk.new', password: 'password123' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    await expect(admin.admin.resetPassword({ username: 'nobody' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    })

    const audit = await app.deps.meta
      .selectFrom('audit_log')
      .select(['action'])
      .where('target', '=', 'clerk.new')
      .orderBy('id')
      .execute()
    expect(audit.map((a) => a.action)).toEqual([
      'user_created',
      'user_disabled',
      'user_enabled',
      'password_reset',
    ])
  })

  it('an admin cannot disable or demote their own account', async () => {
    const admin = app.caller('admin')
    await expect(admin.admin.setDisabled({ username: 'admin', disabled: true })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    })
    await expect(
      admin.admin.saveUser({ username: 'admin', display_name: 'admin', role: 'analyst' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    expect(await signIn('admin', TEST_PASSWORD)).toBe('ok')
  })

  it('generated passwords pass the password policy', () => {
    for (let i = 0; i < 50; i++) expect(passwordProblem(generatePassword('someone'), 'someone')).toBeNull()
  })

  it('pages through load runs and quarantine with Chinese names and readable rows', async () => {
    const data = app.caller('leader').data
    const first = await data.runs({ limit: 5 })
    expect(first.total).toBeGreaterThan(5)
    expect(first.rows).toHaveLength(5)
    const second = await data.runs({ limit: 5, offset: 5 })
    expect(second.rows.map((r) => r.run_id)).not.toContain(first.rows[0]!.run_id)
    for (const r of [...first.rows, ...second.rows]) expect(r.dataset_label).toMatch(/[\u4e00-\u9fff]/)

    const q = await data.quarantine({ limit: 3 })
    expect(q.total, 'the demo data has quarantined rows').toBeGreaterThan(3)
    expect(q.rows).toHaveLength(3)
    const next = await data.quarantine({ limit: 3, offset: 3 })
    expect(next.rows[0]).not.toEqual(q.rows[0])
    for (const r of q.rows) {
      expect(r.dataset_label).toMatch(/[\u4e00-\u9fff]/)
      expect(r.fields.length).toBeGreaterThan(0)
      expect(r.reason.length).toBeGreaterThan(0)
    }

    const runId = q.rows[0]!.run_id
    const perRun = await data.quarantine({ runId, limit: 1 })
    const file = await app.files('analyst').data.quarantineCsv({ runId })
    const text = file.body.toString('utf8')
    expect(file.filename).toMatch(/^隔离行_.+\.csv$/)
    expect(text.startsWith('\uFEFF数据集,文件行号,原因,')).toBe(true)
    expect(text.trim().split('\r\n')).toHaveLength(perRun.total + 1)
    expect(file.rows).toBe(perRun.total)
  })

  it('status gives each dataset its load time and, for event data, the data’s own latest date', async () => {
    const status = await app.caller('admin').data.status()
    const apps = status.find((s) => s.dataset === 'service_applications')!
    expect(apps.last_success).toMatch(/^\d{4}-\d\d-\d\d /)
    expect(apps.data_until).toMatch(/^20\d\d-\d\d-\d\d/)
    expect(apps.data_until! < apps.last_success!).toBe(true)
    expect(status.find((s) => s.dataset === 'regions')!.data_until).toBeNull()
  })

  it('calendarGaps names the previous and current year without calendar rows, for admins only', async () => {
    const y = shanghaiYear(new Date())
    const { wh } = app.deps
    const admin = app.caller('admin').admin
    await wh.command(
      'ALTER TABLE calendar DELETE WHERE toYear(date) IN {years:Array(UInt16)} SETTINGS mutations_sync = 2',
      { years: [y - 1, y] },
    )
    expect(await admin.calendarGaps()).toEqual({ missing_years: [y - 1, y] })
    await wh.insert('calendar', [{ date: `${y}-05-01`, is_workday: false, _version: 1, _run_id: 'test' }])
    expect(await admin.calendarGaps()).toEqual({ missing_years: [y - 1] })
    await wh.insert('calendar', [{ date: `${y - 1}-05-01`, is_workday: false, _version: 1, _run_id: 'test' }])
    expect(await admin.calendarGaps()).toEqual({ missing_years: [] })
    await expect(app.caller('analyst').admin.calendarGaps()).rejects.toMatchObject({ code: 'FORBIDDEN' })
    // What the admin page shows for the years (CalendarWarning).
    expect(zh['adm.calendarMissing'].replace('{years}', `${y - 1}、${y}`)).toBe(
      `工作日历缺少 ${y - 1}、${y} 年：按周一至周五计算工作日，节假日与调休不准确。请导入国务院办公厅公布的放假安排。`,
    )
  })

  it('the target-override template uploads as it is', async () => {
    const files = app.files('evaluator')
    const template = await files.targets.template({ year: 2025 })
    expect(template.filename).toBe('目标值调整模板_2025.xlsx')
    const result = await files.ranking.uploadTargets({ file: template.body, name: template.filename })
    expect(result).toMatchObject({ ok: true, errors: [] })
    expect(result.stored).toBeGreaterThan(0)
  })
})
