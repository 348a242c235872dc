import { TRPCError } from '@trpc/server'
import ExcelJS from 'exceljs'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadPlans } from '../../../indicators/plans'
import type { MetaStore } from '../../../meta/store'
import { createDatabase, pgServerAvailable, startPgServer } from '../../../meta/testing/pg-server'
import { openTempMetaStore } from '../../../meta/testing/temp-store'
import { zh } from '../../client/src/i18n/zh'
import { AUDIT_ACTIONS, AUDIT_EXPORT_MAX, AUDIT_FIELDS, AUDIT_VALUES } from '../../shared/audit'
import { actionsPresent, actorsPresent, countAudit, listAudit } from '../audit/audit.store'
import { AUDIT_XLSX_HEADERS } from '../audit/audit.xlsx'
import { CHANGE_MAX_BYTES } from '../audit/change'
import { ACTION_WORDS, FIELD_WORDS, ROLE_WORDS, VALUE_WORDS } from '../audit/words'
import { hashPassword } from '../auth/password'
import type { Role } from '../auth/roles'
import { SessionStore } from '../auth/sessions.store'
import { LoginThrottle } from '../auth/throttle'
import { audit, type PublicUser, saveUser } from '../auth/users.store'
import { reviewCheckin } from '../tasks/tasks.service'
import { insertCheckin } from '../tasks/tasks.store'
import { type AppDeps, type Context, createCallerFactory } from '../trpc'
import { appRouter } from './app.router'
import { filesRouter } from './files.router'

/**
 * The audit page's procedures on a real metadata store (embedded PostgreSQL), without a
 * warehouse: the log is application state only. Entries are written by the real callers
 * (sign-in, account changes, task reviews) and read back through the router and its export.
 */

const PASSWORD = 'Audit-pass-2048x'
const ACCOUNTS: Array<[string, Role, string, string | null]> = [
  ['admin', 'admin', '管理员甲', null],
  ['evaluator', 'evaluator', '考核员乙', null],
  ['leader', 'leader', '领导丙', null],
  ['analyst', 'analyst', '分析员丁', null],
  ['dept_a', 'department', '部门填报员', '11440306001'],
]

let store: MetaStore
let deps: AppDeps
const users: Record<string, PublicUser> = {}
const plans = loadPlans()

const ctxFor = (username: string | null, over: Partial<Context> = {}): Context => ({
  deps,
  user: username ? users[username]! : null,
  sessionToken: null,
  csrfOk: true,
  ip: '10.1.2.3',
  res: null,
  ...over,
})
const caller = (username: string | null, over: Partial<Context> = {}) =>
  createCallerFactory(appRouter)(ctxFor(username, over))
const files = (username: string | null) => createCallerFactory(filesRouter)(ctxFor(username))

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'OK',
    (e: unknown) => (e instanceof TRPCError ? e.code : String(e)),
  )

async function workbook(body: Buffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(body as unknown as ArrayBuffer)
  return wb.worksheets[0]!
}

/** A row's cells as text, the 7 columns of the sheet. */
const rowTexts = (ws: ExcelJS.Worksheet, n: number) =>
  Array.from({ length: AUDIT_XLSX_HEADERS.length }, (_, i) => ws.getRow(n).getCell(i + 1).text)

beforeAll(async () => {
  store = await openTempMetaStore()
  deps = {
    meta: store.db,
    plans,
    sessions: new SessionStore(store.db, 3_600_000),
    throttle: new LoginThrottle(store.db),
  } as unknown as AppDeps
  const hash = await hashPassword(PASSWORD)
  for (const [username, role, display_name, dept_code] of ACCOUNTS) {
    await saveUser(
      store.db,
      { username, display_name, role, dept_code, disabled: false, password_hash: hash },
      true,
    )
    users[username] = { username, display_name, role, dept_code, disabled: false, password_changed_at: 0 }
  }
}, 120_000)
afterAll(() => store?.close())

describe('audit log: who may read it', () => {
  it('admins and evaluators read it; leaders, analysts and departments get FORBIDDEN, anonymous UNAUTHORIZED', async () => {
    for (const who of ['admin', 'evaluator']) {
      expect(await codeOf(caller(who).audit.list({})), who).toBe('OK')
      expect(await codeOf(caller(who).audit.facets()), who).toBe('OK')
      expect(await codeOf(files(who).audit.export({})), who).toBe('OK')
    }
    for (const who of ['leader', 'analyst', 'dept_a']) {
      expect(await codeOf(caller(who).audit.list({})), who).toBe('FORBIDDEN')
      expect(await codeOf(caller(who).audit.facets()), who).toBe('FORBIDDEN')
      expect(await codeOf(files(who).audit.export({})), who).toBe('FORBIDDEN')
    }
    expect(await codeOf(caller(null).audit.list({}))).toBe('UNAUTHORIZED')
    expect(await codeOf(files(null).audit.export({}))).toBe('UNAUTHORIZED')
  })

  it('bounds every input: page size, action allow-list, lengths, times', async () => {
    const admin = caller('admin')
    for (const input of [
      { limit: 201 },
      { limit: 0 },
      { action: 'drop_table' },
      { actor: 'x'.repeat(65) },
      { target: 'x'.repeat(101) },
      { from: 'yesterday' },
      { before: -1 },
      { from: '2024-02-01T00:00:00+08:00', to: '2024-01-01T00:00:00+08:00' },
    ]) {
      expect(await codeOf(admin.audit.list(input as never)), JSON.stringify(input)).toBe('BAD_REQUEST')
    }
    expect((await admin.audit.list({ limit: 200 })).rows.length).toBeLessThanOrEqual(200)
  })
})

describe('audit log: what the callers write', () => {
  it('sign-in, failed sign-in and sign-out are entries, with the address', async () => {
    const anon = caller(null, { ip: '10.9.9.9' })
    await expect(
      anon.auth.signIn({ username: 'leader', password: 'wrong-password-1' }),
    ).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    })
    await anon.auth.signIn({ username: 'leader', password: PASSWORD })
    const token = (await deps.sessions.create('leader')).token
    await caller('leader', { sessionToken: token, ip: '10.9.9.9' }).auth.signOut()
    const { rows } = await caller('admin').audit.list({ actor: 'leader' })
    expect(rows.map((r) => [r.action, r.actor_name, r.detail])).toEqual([
      ['sign_out', '领导丙', 'IP 10.9.9.9'],
      ['sign_in', '领导丙', 'IP 10.9.9.9'],
      ['sign_in_failed', '领导丙', 'IP 10.9.9.9'],
    ])
    expect(rows.every((r) => r.change === null)).toBe(true)
  })

  it('an account change records before and after field by field, never the password hash', async () => {
    const admin = caller('admin')
    await admin.admin.saveUser({
      username: 'analyst',
      display_name: '分析员丁',
      role: 'department',
      dept_code: '11440306002',
      password: 'Another-pass-4096y',
    })
    await admin.admin.setDisabled({ username: 'analyst', disabled: true })
    const { rows } = await admin.audit.list({ target: 'analyst' })
    const [disabled, updated] = rows
    expect(disabled).toMatchObject({
      action: 'user_disabled',
      actor_name: '管理员甲',
      target_label: '分析员丁（analyst）',
    })
    expect(disabled!.change!.lines.filter((l) => l.changed)).toEqual([
      { field: 'status', before: 'active', after: 'disabled', changed: true, inBefore: true, inAfter: true },
    ])
    expect(updated).toMatchObject({ action: 'user_updated', detail: '部门' })
    const changed = Object.fromEntries(updated!.change!.lines.map((l) => [l.field, l.changed]))
    expect(changed).toEqual({ display_name: false, role: true, dept_code: true, status: false })
    expect(updated!.change!.lines.find((l) => l.field === 'role')).toMatchObject({
      before: 'analyst',
      after: 'department',
    })
    const raw = await store.db.selectFrom('audit_log').select(['before', 'after']).execute()
    const text = JSON.stringify(raw)
    expect(text).not.toMatch(/scrypt|password_hash|Another-pass/)
  })

  it('a data source run from the app is an entry, and so is its outcome (rows loaded, or the error)', async () => {
    const runs: Array<() => Promise<unknown>> = [
      async () => ({ ok: true, loaded: 13 }),
      async () => {
        throw new Error('源文件不存在 (no such file)\n    at read (etl/x.ts:1:1)')
      },
    ]
    Object.assign(deps, { sourceNames: () => ['app-drop'], runSource: () => runs.shift()!() })
    const admin = caller('admin')
    await admin.admin.runSource({ name: 'app-drop' })
    await expect(admin.admin.runSource({ name: 'app-drop' })).rejects.toThrow()
    const { rows } = await admin.audit.list({ target: 'app-drop' })
    expect(rows.map((r) => [r.action, r.change?.lines.map((l) => [l.field, l.after])])).toEqual([
      [
        'source_run_finished',
        [
          ['ok', false],
          ['error', '源文件不存在 (no such file)'],
        ],
      ],
      ['source_run', undefined],
      [
        'source_run_finished',
        [
          ['ok', true],
          ['loaded', 13],
        ],
      ],
      ['source_run', undefined],
    ])
  })

  it('a task review records the check-in state before and after', async () => {
    const plan = plans.get('fyp14')!
    const id = await insertCheckin(store.db, {
      plan_id: plan.id,
      task_id: 'data_census',
      dept_code: '11440306001',
      percent: 60,
      note: '普查完成六成',
      filed_by: 'dept_a',
    })
    await reviewCheckin(deps, plan, users.evaluator!, {
      checkinId: id,
      decision: 'return',
      reason: '缺少证明材料',
    })
    const [entry] = (await caller('evaluator').audit.list({ action: 'task_checkin_returned' })).rows
    expect(entry!.target_label).toMatch(/（data_census）$/)
    expect(entry!.detail).toBe('完成进度：60%；原因：缺少证明材料')
    expect(entry!.change!.lines.map((l) => [l.field, l.before, l.after, l.changed])).toEqual([
      ['state', 'pending', 'returned', true],
      ['percent', 60, 60, false],
      ['reason', undefined, '缺少证明材料', true],
    ])
  })

  it('audit() keeps a before/after within its bound, hides secrets, and older calls still work', async () => {
    await audit(store.db, 'system', 'alerts_run')
    // Long values are cut one by one: the change stays comparable field by field.
    await audit(store.db, 'evaluator', 'targets_uploaded', '目标.xlsx', '3 rows', {
      before: { rows: 2 },
      after: {
        rows: 3,
        token: 'abc',
        note: '长'.repeat(30_000),
        list: Array.from({ length: 5000 }, (_, i) => i),
      },
    })
    // Past the bound in all: a marker with the text's beginning.
    const wide = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, '宽'.repeat(1500)]))
    await audit(store.db, 'evaluator', 'targets_uploaded', '宽.xlsx', '', { after: wide })
    const rows = await store.db
      .selectFrom('audit_log')
      .select(['target', 'before', 'after'])
      .where('action', '=', 'targets_uploaded')
      .orderBy('id')
      .execute()
    for (const r of rows) {
      expect(Buffer.byteLength(r.after!, 'utf8')).toBeLessThanOrEqual(CHANGE_MAX_BYTES)
      expect(r.after).not.toContain('abc')
    }
    expect(rows[0]!.before).toBe('{"rows":2}')
    expect(rows[1]!.before).toBeNull()
    const [cut, long] = (await caller('admin').audit.list({ action: 'targets_uploaded' })).rows
    expect(long).toMatchObject({ detail: '3 行', target_label: '目标.xlsx' })
    expect(long!.change!.truncated).toBe(false)
    const after = Object.fromEntries(long!.change!.lines.map((l) => [l.field, l.after]))
    expect(after.token).toBe('（已隐藏）')
    expect(String(after.note)).toHaveLength(2_001)
    expect(after.list).toHaveLength(201)
    expect(long!.change!.lines.find((l) => l.field === 'rows')).toMatchObject({
      before: 2,
      after: 3,
      changed: true,
    })
    expect(cut!.change).toEqual({ lines: [], truncated: true })
    const [plain] = (await caller('admin').audit.list({ action: 'alerts_run' })).rows
    expect(plain).toMatchObject({ actor_name: '系统', system: true, change: null, detail: '' })
  })
})

describe('audit log: filters, paging and facets', () => {
  it('filters by person, action, a piece of the object (wildcards literal) and time', async () => {
    await store.db
      .insertInto('audit_log')
      .values([
        {
          at: new Date('2024-03-01T02:00:00Z'),
          actor: 'evaluator',
          action: 'ranking_frozen',
          target: 'town:2023',
        },
        {
          at: new Date('2024-03-05T02:00:00Z'),
          actor: 'admin',
          action: 'ranking_published',
          target: 'town:2023',
        },
        {
          at: new Date('2024-03-09T02:00:00Z'),
          actor: 'evaluator',
          action: 'targets_uploaded',
          target: '100%_目标.xlsx',
        },
      ])
      .execute()
    const list = (input: Parameters<ReturnType<typeof caller>['audit']['list']>[0]) =>
      caller('evaluator')
        .audit.list(input)
        .then((r) => r.rows.map((e) => `${e.action}|${e.target}`))
    expect(await list({ action: 'ranking_frozen' })).toEqual(['ranking_frozen|town:2023'])
    expect(
      await list({ actor: 'evaluator', from: '2024-03-01T00:00:00+08:00', to: '2024-03-10T00:00:00+08:00' }),
    ).toEqual(['targets_uploaded|100%_目标.xlsx', 'ranking_frozen|town:2023'])
    expect(await list({ from: '2024-03-05T10:00:00+08:00', to: '2024-03-05T10:00:01+08:00' })).toEqual([
      'ranking_published|town:2023',
    ])
    expect(await list({ target: '100%_' })).toEqual(['targets_uploaded|100%_目标.xlsx'])
    expect(await list({ target: '0%' })).toEqual(['targets_uploaded|100%_目标.xlsx'])
    expect(await list({ target: '_目' })).toEqual(['targets_uploaded|100%_目标.xlsx'])
    expect(await list({ target: '1%0' })).toEqual([])
    const [frozen] = (await caller('admin').audit.list({ action: 'ranking_frozen' })).rows
    expect(frozen!.target_label).toBe('镇（街道）考核 · 2023年度')
  })

  it('pages newest first by keyset: every entry once, even when entries share a time or arrive meanwhile', async () => {
    // One transaction: every entry has the same `at` (the transaction's start).
    await store.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 7; i++)
        await audit(trx, 'admin', 'alert_rule_created', `rule:${i}`, `load_failed 规则${i}`)
    })
    const admin = caller('admin')
    const seen: string[] = []
    let before: number | undefined
    for (let n = 0; n < 10; n++) {
      const page = await admin.audit.list({
        action: 'alert_rule_created',
        limit: 3,
        ...(before ? { before } : {}),
      })
      seen.push(...page.rows.map((r) => r.target_label))
      // Written between pages: newer than the cursor, so it does not shift what follows.
      if (n === 0) await audit(store.db, 'admin', 'alert_rule_created', 'rule:99')
      if (page.next === null) break
      before = page.next
    }
    expect(seen).toEqual([6, 5, 4, 3, 2, 1, 0].map((i) => `提醒规则 #${i}`))
    const first = await admin.audit.list({ action: 'alert_rule_created', limit: 1 })
    expect(first.rows[0]).toMatchObject({ target_label: '提醒规则 #99', detail: '' })
  })

  it('facets: the actions present (allow-listed, in list order) and the people, by display name', async () => {
    await audit(store.db, 'system:demo', 'ranking_published', 'department:2024')
    const [published] = (await caller('admin').audit.list({ actor: 'system:demo' })).rows
    expect(published).toMatchObject({
      actor_name: '系统（演示数据）',
      system: true,
      target_label: '部门考核 · 2024年度',
    })
    // Who asked and who approved read as people, not account codes; an account since
    // removed still reads as its code. An older entry's "申请人 <account>" detail is not repeated.
    await audit(store.db, 'admin', 'ranking_published', 'department:2023', '申请人 evaluator', {
      before: { status: 'frozen' },
      after: { status: 'published', requested_by: 'evaluator', approved_by: 'admin' },
    })
    await audit(store.db, 'admin', 'ranking_publish_requested', 'town:2023', '', {
      after: { publish_requested_by: 'gone_user' },
    })
    const [requested, approved] = (await caller('admin').audit.list({ target: '2023' })).rows
    expect(approved!.detail).toBe('')
    expect(approved!.change?.lines.map((l) => [l.field, l.after])).toEqual([
      ['status', 'published'],
      ['requested_by', '考核员乙（evaluator）'],
      ['approved_by', '管理员甲（admin）'],
    ])
    expect(requested!.change?.lines.map((l) => l.after)).toEqual(['gone_user'])
    const f = await caller('admin').audit.facets()
    expect(f.actions).toEqual(AUDIT_ACTIONS.filter((a) => f.actions.includes(a)))
    expect(f.actions).toEqual(expect.arrayContaining(['sign_in', 'user_updated', 'task_checkin_returned']))
    expect(f.actions).not.toContain('demo_accounts_created')
    expect(f.actors).toEqual(
      expect.arrayContaining([
        { username: 'admin', name: '管理员甲', system: false },
        { username: 'leader', name: '领导丙', system: false },
        { username: 'system', name: '系统', system: true },
        { username: 'system:demo', name: '系统（演示数据）', system: true },
      ]),
    )
  })
})

describe('audit log: XLSX export', () => {
  it('holds the filtered entries under Chinese headers, with the change in words', async () => {
    const file = await files('admin').audit.export({ target: 'analyst' })
    expect(file.filename).toMatch(/^审计日志_\d{8}-\d{4}\.xlsx$/)
    expect(file.rows).toBe(2)
    const ws = await workbook(file.body)
    expect(rowTexts(ws, 1)[0]).toBe('审计日志')
    expect(rowTexts(ws, 2)[0]).toMatch(/^筛选条件：对象包含：analyst　导出时间：.+　共 2 条$/)
    expect(rowTexts(ws, 3)).toEqual([...AUDIT_XLSX_HEADERS])
    expect(rowTexts(ws, 3)).toEqual([
      '时间（北京时间）',
      '操作人',
      '账号',
      '操作',
      '对象',
      '详情',
      '变更内容（变更前 → 变更后）',
    ])
    const [disabled, updated] = [rowTexts(ws, 4), rowTexts(ws, 5)]
    expect(disabled[0]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
    expect(disabled.slice(1)).toEqual([
      '管理员甲',
      'admin',
      '停用账号',
      '分析员丁（analyst）',
      '',
      '状态：启用 → 已停用',
    ])
    expect(updated.slice(3)).toEqual([
      '修改账号',
      '分析员丁（analyst）',
      '部门',
      '角色：数据分析 → 部门\n所属部门：（空） → 11440306002',
    ])
    expect(ws.rowCount).toBe(5)
  })

  it('stops at the cap and says so in the file', async () => {
    await sql`INSERT INTO audit_log (actor, action, target)
      SELECT 'bulk', 'alerts_run', 'n' || g FROM generate_series(1, ${AUDIT_EXPORT_MAX + 1}::int) AS g`.execute(
      store.db,
    )
    const file = await files('admin').audit.export({ actor: 'bulk' })
    expect(file.rows).toBe(AUDIT_EXPORT_MAX)
    const ws = await workbook(file.body)
    expect(rowTexts(ws, 2)[0]).toContain(`共 ${AUDIT_EXPORT_MAX} 条`)
    expect(rowTexts(ws, 2)[0]).toContain(
      `符合条件的记录超过 ${AUDIT_EXPORT_MAX} 条，仅导出最新的 ${AUDIT_EXPORT_MAX} 条`,
    )
    expect(ws.rowCount).toBe(AUDIT_EXPORT_MAX + 3)
    expect(rowTexts(ws, 4).slice(2, 5)).toEqual(['bulk', '立即运行提醒', `n${AUDIT_EXPORT_MAX + 1}`])
  }, 120_000)
})

describe('audit log: words', () => {
  it('the export and the page say the same words for every action, field and value', () => {
    const dict = zh as Record<string, string>
    for (const a of AUDIT_ACTIONS) expect(dict[`au.action.${a}`], a).toBe(ACTION_WORDS[a])
    for (const f of AUDIT_FIELDS) expect(dict[`au.field.${f}`], f).toBe(FIELD_WORDS[f])
    for (const [field, codes] of Object.entries(AUDIT_VALUES)) {
      for (const c of codes) {
        expect(dict[`au.value.${field}.${c}`], `${field}.${c}`).toBe(
          (VALUE_WORDS as Record<string, Record<string, string>>)[field]![c],
        )
      }
    }
    for (const [role, words] of Object.entries(ROLE_WORDS)) expect(dict[`role.${role}`]).toBe(words)
  })
})

describe.skipIf(!pgServerAvailable())('audit log queries on a PostgreSQL server (DATABASE_URL)', () => {
  it('pages by keyset, counts, escapes wildcards and lists the facets as on the embedded store', async () => {
    const server = await startPgServer()
    const pg = await openTempMetaStore(createDatabase(server, 'audit_queries'))
    try {
      await saveUser(
        pg.db,
        {
          username: 'admin',
          display_name: '管理员甲',
          role: 'admin',
          dept_code: null,
          disabled: false,
          password_hash: 'x',
        },
        true,
      )
      await pg.db.transaction().execute(async (trx) => {
        for (let i = 0; i < 5; i++) await audit(trx, 'admin', 'targets_uploaded', `${i}%_目标.xlsx`)
      })
      await audit(pg.db, 'system:demo', 'ranking_frozen', 'department:2024')
      await audit(pg.db, 'system', 'demo_accounts_created', '', '5 accounts', { after: { rows: 5 } })
      const ids: number[] = []
      let before: number | undefined
      for (;;) {
        const page = await listAudit(pg.db, { action: 'targets_uploaded' }, { limit: 2, before })
        ids.push(...page.map((r) => r.id))
        if (page.length < 2) break
        before = page.at(-1)!.id
      }
      expect(ids).toEqual([...ids].sort((a, b) => b - a))
      expect(ids).toHaveLength(5)
      expect(await countAudit(pg.db, {}, 100)).toBe(7)
      expect(await countAudit(pg.db, {}, 3)).toBe(3)
      expect((await listAudit(pg.db, { target: '3%_' }, { limit: 10 })).map((r) => r.target)).toEqual([
        '3%_目标.xlsx',
      ])
      expect(await actionsPresent(pg.db)).toEqual([
        'demo_accounts_created',
        'ranking_frozen',
        'targets_uploaded',
      ])
      expect(await actorsPresent(pg.db)).toEqual(['admin', 'system', 'system:demo'])
      const [latest] = await listAudit(pg.db, {}, { limit: 1 })
      expect(latest).toMatchObject({ action: 'demo_accounts_created', after: '{"rows":5}', before: null })
    } finally {
      await pg.close()
      await server.stop()
    }
  }, 120_000)
})
