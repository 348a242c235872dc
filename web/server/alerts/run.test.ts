import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEPARTMENTS } from '../../../etl/demo/departments.data'
import { openTestApp } from '../testing'
import type { AppDeps } from '../trpc'
import { insertRule, upsertSubscription } from './alerts.store'
import { verifyGenericSignature } from './channels/webhook'
import { backoffMs, listDeliveries } from './deliveries.store'
import { INTERRUPTED_AFTER_MS, runAlerts } from './run'
import { type SmtpSink, startSmtpSink } from './testing/smtp-sink'
import { startWebhookSink, type WebhookSink } from './testing/webhook-sink'

/**
 * The alert run against real endpoints on 127.0.0.1 (an SMTP server, a webhook receiver) and
 * the real stores: what each recipient gets, department isolation in every message, once per
 * key, retries with back-off, and claims left behind by a sender that stopped.
 */

/** dept_a's department (testing.ts): leads plan tasks. */
const OWN = '11440306001'
/** 区档案馆: named by no task; has data. */
const DEPT_B = '11440306028'
const SECRET = 'robot-secret-0f3a'
const PUBLIC_URL = 'https://scorecard.example.gov.cn'

const pdfText = (pdf: Buffer) => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'alerts-pdf-')), 'a.pdf')
  fs.writeFileSync(file, pdf)
  return execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' })
}

describe('the alert run', () => {
  let app: Awaited<ReturnType<typeof openTestApp>>
  let smtp: SmtpSink
  let hooks: WebhookSink
  let deps: AppDeps
  /** Three days on: the data loaded now is stale for the 1-day rule. */
  const T0 = new Date(Date.now() + 3 * 86_400_000)

  beforeAll(async () => {
    ;[app, smtp, hooks] = await Promise.all([
      openTestApp(0.01),
      startSmtpSink({ rejectRecipients: /^bounce@/, tempFailRecipients: /^busy@/ }),
      startWebhookSink(),
    ])
    deps = {
      ...app.deps,
      config: {
        ...app.deps.config,
        alerts: {
          ...app.deps.config.alerts,
          smtpUrl: smtp.url,
          mailFrom: '规划监测 <scorecard@example.gov.cn>',
          publicUrl: PUBLIC_URL,
        },
      },
    }
    await app.addDepartmentAccount('dept_b', DEPT_B, '档案馆填报员')
    const db = app.deps.meta
    await upsertSubscription(db, {
      username: 'leader',
      kind: 'briefing_weekly',
      email: 'leader@example.gov.cn',
    })
    await upsertSubscription(db, { username: 'leader', kind: 'indicator_status', email: null })
    await upsertSubscription(db, {
      username: 'dept_a',
      kind: 'department_monthly',
      email: 'a@example.gov.cn',
    })
    await upsertSubscription(db, { username: 'dept_a', kind: 'indicator_status', email: null })
    await upsertSubscription(db, {
      username: 'dept_b',
      kind: 'department_monthly',
      email: 'b@example.gov.cn',
    })
    await insertRule(db, {
      name: '任务逾期提醒',
      kind: 'task_status',
      params: { statuses: ['overdue'] },
      audience: ['department', 'leader'],
      emails: ['ops@example.gov.cn'],
      webhook: { kind: 'generic', url: hooks.url('/hook?token=abc'), secret: SECRET },
      created_by: 'evaluator',
    })
    await insertRule(db, {
      name: '数据更新提醒',
      kind: 'data_stale',
      params: { days: 1 },
      audience: ['admin', 'department'],
      emails: [],
      webhook: { kind: 'dingtalk', url: hooks.url('/robot/send?access_token=xyz'), secret: SECRET },
      created_by: 'admin',
    })
  }, 240_000)
  afterAll(async () => {
    await Promise.all([smtp?.close(), hooks?.close()])
    await app?.dispose()
  })

  const notes = (username: string) => app.caller(username).alerts.notifications({ limit: 100 })
  const mailTo = (address: string) => smtp.messages.filter((m) => m.to.includes(address))

  it('delivers each subscription and rule: email with the PDF, robots, the notification centre', async () => {
    const summary = await runAlerts(deps, { force: true, now: T0 })
    expect(summary.errors).toEqual([])
    expect(summary.failed).toEqual([])
    expect(summary.skipped).toBe(0)
    // The leader's weekly briefing: Chinese subject (RFC 2047 on the wire), PDF attached, a link.
    const [briefing] = mailTo('leader@example.gov.cn')
    expect(briefing?.subject).toMatch(/^【规划监测】.*指标监测简报（\d{4}年第\d+周）$/)
    expect(briefing!.headers.find((h) => h.startsWith('Subject:'))).toMatch(/=\?UTF-8\?/i)
    expect(briefing!.attachments.map((a) => a.contentType)).toEqual(['application/pdf'])
    expect(briefing!.attachments[0]!.content.subarray(0, 5).toString()).toBe('%PDF-')
    expect(briefing!.text).toContain(`${PUBLIC_URL}/#/`)
    // The robots: the generic one signed, 钉钉 in its markdown shape.
    const generic = hooks.requests.filter((r) => r.path === '/hook')
    expect(generic).toHaveLength(1)
    const h = generic[0]!.headers
    expect(
      verifyGenericSignature(
        SECRET,
        String(h['x-plan-scorecard-timestamp']),
        generic[0]!.body,
        String(h['x-plan-scorecard-signature']),
      ),
    ).toBe(true)
    const ding = hooks.requests.filter((r) => r.path === '/robot/send')
    expect(ding).toHaveLength(1)
    expect((ding[0]!.json as { msgtype: string }).msgtype).toBe('markdown')
    expect(ding[0]!.query.get('sign')).toBeTruthy()
    // In the app: the leader has the briefing, the status changes and the overdue tasks.
    const leader = await notes('leader')
    expect(leader.unread).toBe(leader.rows.length)
    expect(leader.rows.some((n) => n.title.includes('指标监测简报'))).toBe(true)
    expect(leader.rows.some((n) => /^规划任务「.+」逾期$/.test(n.title))).toBe(true)
    for (const n of leader.rows) expect(n.link).toMatch(/^#\//)
    // The log has a row per message part, each sent.
    const log = await listDeliveries(app.deps.meta, { limit: 1000, offset: 0 })
    expect(log.total).toBeGreaterThanOrEqual(summary.sent.length)
    expect(log.rows.every((r) => r.status === 'sent')).toBe(true)
    expect(new Set(log.rows.map((r) => r.channel))).toEqual(new Set(['inapp', 'email', 'webhook']))
  })

  it('a department hears only of its own department: 通报, status changes and tasks', async () => {
    const year = (await app.caller('leader').scorecard.period({})).latest_year
    const own = await app.caller('dept_a').scorecard.get({ year })
    const offTrack = own.indicators.filter(
      (i) => i.applicable && ['at_risk', 'behind', 'missed'].includes(i.status),
    )
    expect(offTrack.length).toBeGreaterThan(0)
    const district = await app.caller('leader').scorecard.get({ year })
    // Its status changes are its own figures' (which differ from the district's).
    const mine = (await notes('dept_a')).rows
    const statusNotes = mine.filter((n) => n.title.startsWith('指标「'))
    const linked = (n: { link: string | null }) => /^#\/indicator\/([a-z0-9_]+)\?/.exec(n.link ?? '')?.[1]
    expect(statusNotes.map(linked).sort()).toEqual(offTrack.map((i) => i.id).sort())
    for (const n of statusNotes) expect(n.link).toContain(`dept=${OWN}`)
    expect(offTrack.map((i) => i.value)).not.toEqual(
      offTrack.map((i) => district.indicators.find((d) => d.id === i.id)!.value),
    )
    // Its tasks only: the ones it leads or co-operates on.
    const tasks = await app.caller('dept_a').tasks.list({ plan: 'fyp14' })
    const titles = new Set(tasks.tasks.map((t) => t.title_zh))
    const taskNotes = mine.filter((n) => n.title.startsWith('规划任务「'))
    expect(taskNotes.length).toBeGreaterThan(0)
    for (const n of taskNotes) expect(titles.has(/「(.+)」/.exec(n.title)![1]!)).toBe(true)
    // District-wide events (dataset freshness) never reach a department account.
    expect(mine.some((n) => n.title.startsWith('数据集'))).toBe(false)
    expect((await notes('admin')).rows.some((n) => n.title.startsWith('数据集'))).toBe(true)
    // 区档案馆 leads no task: no task notifications at all.
    expect((await notes('dept_b')).rows.filter((n) => n.title.startsWith('规划任务「'))).toEqual([])

    // The emailed 通报: its own figures; no other department's name but those on its own tasks.
    const [mail] = mailTo('a@example.gov.cn')
    expect(mail!.subject).toContain('月度通报')
    const allowed = new Set(tasks.tasks.flatMap((t) => [t.lead?.name, ...t.partners.map((p) => p.name)]))
    const ownName = DEPARTMENTS.map((d) => d.name).find((n) => mail!.subject.includes(n))
    expect(ownName).toBeDefined()
    const others = DEPARTMENTS.map((d) => d.name).filter((n) => n !== ownName && !allowed.has(n))
    const texts = [mail!.text, mail!.html, ...mail!.attachments.map((a) => pdfText(a.content))]
    for (const text of texts) for (const name of others) expect(text, name).not.toContain(name)
    expect(mail!.text).toContain(`需关注（有风险、落后、未达标） ${offTrack.length} 项`)
    const [other] = mailTo('b@example.gov.cn')
    expect(other!.text).not.toContain(ownName!)
  })

  it("nobody reads, marks or cancels another person's notifications or subscriptions", async () => {
    const leader = await notes('leader')
    const ids = leader.rows.slice(0, 3).map((n) => n.id)
    expect(await app.caller('dept_a').alerts.markRead({ ids })).toEqual({ updated: 0 })
    expect((await notes('leader')).unread).toBe(leader.unread)
    const mine = await app.caller('dept_a').alerts.notifications({ limit: 100 })
    expect(mine.rows.some((n) => ids.includes(n.id))).toBe(false)
    const [sub] = (await app.caller('leader').alerts.subscriptions()).rows
    await expect(app.caller('dept_a').alerts.unsubscribe({ id: sub!.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    })
    // A department may not subscribe to the district's briefing.
    await expect(
      app.caller('dept_a').alerts.subscribe({ kind: 'briefing_weekly', email: null }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })

  it('runs again: nothing new is sent, every part is counted as already sent', async () => {
    const before = { mails: smtp.messages.length, hooks: hooks.requests.length }
    const notesBefore = (await notes('leader')).rows.length
    const again = await runAlerts(deps, { force: true, now: T0 })
    expect(again.sent).toEqual([])
    expect(again.skipped).toBeGreaterThan(0)
    expect({ mails: smtp.messages.length, hooks: hooks.requests.length }).toEqual(before)
    expect((await notes('leader')).rows.length).toBe(notesBefore)
  })

  it('two runs at once (two app instances) send each message once', async () => {
    await upsertSubscription(app.deps.meta, {
      username: 'analyst',
      kind: 'indicator_status',
      email: 'an@example.gov.cn',
    })
    const [one, two] = await Promise.all([runAlerts(deps, { now: T0 }), runAlerts(deps, { now: T0 })])
    const mails = (l: typeof one) => l.sent.filter((x) => x.recipient === 'an@example.gov.cn').length
    expect(mails(one) + mails(two)).toBe(1)
    expect(mailTo('an@example.gov.cn')).toHaveLength(1)
    const inApp = (await notes('analyst')).rows
    expect(new Set(inApp.map((n) => n.title)).size).toBe(inApp.length)
  })

  it('retries a temporary failure with back-off; abandons a permanent one', async () => {
    const db = app.deps.meta
    await insertRule(db, {
      name: '加载失败提醒',
      kind: 'data_stale',
      params: { days: 1 },
      audience: [],
      emails: ['busy@example.gov.cn', 'bounce@example.gov.cn'],
      webhook: null,
      created_by: 'admin',
    })
    const now = T0
    const first = await runAlerts(deps, { now })
    expect(first.failed.map((f) => [f.recipient, f.status]).sort()).toEqual([
      ['bounce@example.gov.cn', 'abandoned'],
      ['busy@example.gov.cn', 'failed'],
    ])
    const busy = (await listDeliveries(db, { recipient: 'busy@', limit: 100, offset: 0 })).rows
    expect(busy.every((r) => r.status === 'failed' && r.attempts === 1)).toBe(true)
    expect(busy[0]!.next_attempt_at!.getTime() - now.getTime()).toBe(backoffMs(1))
    // Before the back-off has passed: not tried again.
    const early = await runAlerts(deps, { now: new Date(now.getTime() + backoffMs(1) - 1000) })
    expect(early.failed).toEqual([])
    // After: tried again (still failing: attempt 2, a longer wait); the bounce never again.
    const later = await runAlerts(deps, { now: new Date(now.getTime() + backoffMs(1) + 1000) })
    expect(later.failed.map((f) => f.recipient)).toEqual(['busy@example.gov.cn'])
    const retried = (await listDeliveries(db, { recipient: 'busy@', limit: 100, offset: 0 })).rows
    expect(retried.every((r) => r.attempts === 2 && r.status === 'failed')).toBe(true)
    expect(retried[0]!.last_error).toMatch(/451/)
  })

  it('a claim left by a sender that stopped is marked unknown and never sent again on its own', async () => {
    const db = app.deps.meta
    await upsertSubscription(db, {
      username: 'evaluator',
      kind: 'briefing_monthly',
      email: 'eval@example.gov.cn',
    })
    // Mid-month, ahead of the real clock: the runs below (10 minutes apart) stay in one monthly
    // period, and an admin's resend (due from the real now) is due for them.
    const real = new Date()
    const now = new Date(Date.UTC(real.getUTCFullYear(), real.getUTCMonth() + 1, 15, 2))
    // The sender dies right after the message left (what app/alerts.cli.test.ts does with kill -9).
    await expect(
      runAlerts(deps, {
        now,
        force: true,
        afterSend: () => {
          throw new Error('killed')
        },
      }),
    ).resolves.toBeDefined()
    // (A thrown hook is recorded as a failure; a real crash leaves the row `sending`.)
    await db
      .updateTable('alert_deliveries')
      .set({ status: 'sending', next_attempt_at: null })
      .where('recipient', '=', 'eval@example.gov.cn')
      .execute()
    const sent = mailTo('eval@example.gov.cn').length
    expect(sent).toBe(1)
    const soon = await runAlerts(deps, { now, force: true })
    expect(soon.sent.filter((l) => l.recipient === 'eval@example.gov.cn')).toEqual([])
    const late = await runAlerts(deps, {
      now: new Date(now.getTime() + INTERRUPTED_AFTER_MS + 1000),
      force: true,
    })
    expect(late.interrupted).toBe(1)
    const [row] = (await listDeliveries(db, { recipient: 'eval@', limit: 10, offset: 0 })).rows
    expect(row!.status).toBe('unknown')
    expect(mailTo('eval@example.gov.cn').length).toBe(1)
    // An admin sends it again: the next run does.
    await app.caller('admin').alerts.resend({ id: row!.id })
    await runAlerts(deps, { now: new Date(now.getTime() + INTERRUPTED_AFTER_MS + 2000), force: true })
    expect(mailTo('eval@example.gov.cn').length).toBe(2)
  })
})
