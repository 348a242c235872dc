import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openMetaStore } from '../meta/store'
import type { RunSummary } from '../web/server/alerts/run'
import { type SmtpSink, startSmtpSink } from '../web/server/alerts/testing/smtp-sink'
import { cli } from './testing'

const ROOT = path.resolve(import.meta.dirname, '..')

/** `npm start` on a fresh DATA_DIR until the demo district is loaded (subscriptions seeded), then stopped. */
async function startAndStop(env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'app/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  const collect = (c: Buffer) => {
    out += c.toString()
  }
  child.stdout.on('data', collect)
  child.stderr.on('data', collect)
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const deadline = Date.now() + 300_000
  while (!out.includes('demo subscriptions:')) {
    if (child.exitCode !== null) throw new Error(`the app stopped:\n${out}`)
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`the demo did not load in time:\n${out}`)
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  child.kill('SIGTERM')
  expect(await exited).toBe(0)
  return out
}

/**
 * The acceptance: after `npm start` has loaded the demo into a fresh DATA_DIR and been
 * stopped, `npm run alerts -- run --now --json` with SMTP_URL at a real SMTP server on
 * 127.0.0.1 delivers email with a PDF and a Chinese subject; again, nothing new. Before it, a
 * run killed with SIGKILL between sending and recording: its message is never sent twice.
 */
describe('npm run alerts -- run --now', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alerts-cli-'))
  const dataDir = path.join(dir, 'data')
  let smtp: SmtpSink
  let env: Record<string, string>
  beforeAll(async () => {
    smtp = await startSmtpSink()
    env = {
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      SMTP_URL: smtp.url,
      MAIL_FROM: '规划监测 <scorecard@example.gov.cn>',
      PUBLIC_URL: 'https://scorecard.example.gov.cn',
    }
    await startAndStop({ ...env, PORT: '0', DEMO_SCALE: '0.01', DEMO_PASSWORD: 'Qz7-plum-Harbor!' })
  }, 360_000)
  afterAll(async () => {
    await smtp?.close()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  const run = async () => {
    const r = await cli(['app/alerts.cli.ts', 'run', '--now', '--json'], env)
    expect(r.code, r.stderr).toBe(0)
    return JSON.parse(r.stdout) as RunSummary
  }

  it('a run killed right after its first message left: nothing sent twice, then everything once', async () => {
    const killed = await cli(['app/alerts-kill.cli.ts'], env)
    expect(killed.code, killed.stdout + killed.stderr).toBe(-1)
    await smtp.waitFor(1)
    const first = smtp.messages[0]!

    const summary = await run()
    const emails = summary.sent.filter((l) => l.channel === 'email')
    expect(emails.length).toBeGreaterThanOrEqual(2)
    expect(summary.failed).toEqual([])
    await smtp.waitFor(1 + emails.length)
    expect(smtp.messages).toHaveLength(1 + emails.length)
    // Every message once: Message-IDs derive from the delivery keys.
    const ids = smtp.messages.map((m) => m.messageId)
    expect(new Set(ids).size).toBe(ids.length)

    // A Chinese subject (RFC 2047 on the wire) and the briefing or 通报 PDF attached.
    const withPdf = smtp.messages.filter((m) =>
      m.attachments.some((a) => a.contentType === 'application/pdf'),
    )
    expect(withPdf.length).toBeGreaterThanOrEqual(1)
    for (const m of withPdf) {
      expect(m.subject).toMatch(/^【规划监测】.*(简报|通报)/)
      expect(m.headers.find((h) => h.startsWith('Subject:'))).toMatch(/=\?UTF-8\?/i)
      expect(m.to[0]).toMatch(/@example\.gov\.cn$/)
      for (const a of m.attachments) expect(a.content.subarray(0, 5).toString()).toBe('%PDF-')
    }

    // The killed run's message stays claimed (its outcome unknown), never sent again.
    const store = await openMetaStore({ dataDir: env.DATA_DIR!, maxConnections: 1 })
    try {
      const rows = await store.db
        .selectFrom('alert_deliveries')
        .selectAll()
        .where('channel', '=', 'email')
        .execute()
      const left = rows.filter((r) => r.status === 'sending')
      expect(left.map((r) => `<${r.batch}@plan-scorecard>`)).toEqual([first.messageId])
      expect(rows.filter((r) => r.status !== 'sending').every((r) => r.status === 'sent')).toBe(true)
    } finally {
      await store.close()
    }
  }, 300_000)

  it('run again: nothing new is delivered', async () => {
    const before = smtp.messages.length
    const summary = await run()
    expect(summary.sent).toEqual([])
    expect(summary.skipped).toBeGreaterThan(0)
    await new Promise((r) => setTimeout(r, 500))
    expect(smtp.messages).toHaveLength(before)
  }, 300_000)
})
