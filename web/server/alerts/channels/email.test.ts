import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { samplePdf } from '../../../../files/testing/sample-pdf'
import { type SmtpSink, startSmtpSink } from '../testing/smtp-sink'
import { createMailer, parseSmtpUrl } from './email'
import { DeliveryError, deliveryId, type OutgoingMessage } from './message'

const FROM = '"计划评分卡" <alerts@example.gov.cn>'
const PASS = 'S3cret-p@ss:word'

function message(over: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return {
    subject: '【落后】营商环境便利度指数 本月落后序时进度 12.5 个百分点',
    text: '营商环境便利度指数当前完成 61.2%，序时进度 73.7%。',
    html: '<p>营商环境便利度指数当前完成 <b>61.2%</b>，序时进度 73.7%。</p>',
    markdown: '**营商环境便利度指数** 落后',
    link: 'https://scorecard.example.gov.cn/indicators/biz-env',
    attachments: [],
    key: 'rule:7|user:leader@example.gov.cn|event:indicator_status:biz-env:2025-06',
    facts: { kind: 'indicator_status', indicator: 'biz-env', status: 'behind' },
    ...over,
  }
}

async function failure(p: Promise<unknown>): Promise<DeliveryError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(DeliveryError)
  return err as DeliveryError
}

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as net.AddressInfo
  await new Promise<void>((r) => server.close(() => r()))
  return port
}

describe('email channel over a real SMTP server', () => {
  let sink: SmtpSink
  let pdf: Buffer

  beforeAll(async () => {
    sink = await startSmtpSink({
      rejectRecipients: /^nobody@/,
      tempFailRecipients: /^busy@/,
    })
    pdf = await samplePdf('月度通报')
  })
  afterAll(() => sink.close())

  it('delivers the Chinese subject, the ids, both bodies and the PDF byte for byte', async () => {
    const mailer = createMailer({ url: sink.url, from: FROM })
    const msg = message({
      attachments: [{ filename: '营商环境-月度通报.pdf', content: pdf, contentType: 'application/pdf' }],
    })
    const id = deliveryId(msg.key)
    const before = sink.messages.length
    const sent = await mailer.send('leader@example.gov.cn', msg)
    mailer.close()
    await sink.waitFor(before + 1)
    const got = sink.messages[before]!

    expect(sent.messageId).toBe(`<${id}@plan-scorecard>`)
    expect(sent.response).toMatch(/^250/)
    expect(got.subject).toBe(msg.subject)
    const subjectLine = got.headers.find((h) => /^subject:/i.test(h))!
    expect(subjectLine).toMatch(/=\?UTF-8\?/i)
    expect(subjectLine).not.toMatch(/营商/)
    expect(got.from).toContain('alerts@example.gov.cn')
    expect(got.from).toContain('计划评分卡')
    expect(got.to).toEqual(['leader@example.gov.cn'])
    expect(got.envelope).toEqual({ from: 'alerts@example.gov.cn', to: ['leader@example.gov.cn'] })
    expect(got.messageId).toBe(`<${id}@plan-scorecard>`)
    expect(got.headers.some((h) => h === `X-Plan-Scorecard-Delivery: ${id}`)).toBe(true)
    expect(got.text.trim()).toBe(msg.text)
    expect(got.html).toBe(msg.html)
    expect(got.attachments).toHaveLength(1)
    expect(got.attachments[0]!.filename).toBe('营商环境-月度通报.pdf')
    expect(got.attachments[0]!.contentType).toBe('application/pdf')
    expect(Buffer.compare(got.attachments[0]!.content, pdf)).toBe(0)
    expect(got.secure).toBe(false) // this sink offers no STARTTLS: the TLS test below is not vacuous
  })

  it('gives the same Message-ID for the same key and a different one for another', async () => {
    expect(deliveryId('a')).toMatch(/^[0-9a-f]{32}$/)
    expect(deliveryId('a')).toBe(deliveryId('a'))
    expect(deliveryId('a')).not.toBe(deliveryId('b'))
  })

  it('refuses a recipient rejected with 550 for good and one deferred with 451 for later', async () => {
    const mailer = createMailer({ url: sink.url, from: FROM })
    const rejected = await failure(mailer.send('nobody@example.gov.cn', message()))
    expect(rejected.retryable).toBe(false)
    expect(rejected.message).toContain('550')
    expect(rejected.message).toMatch(/^邮件服务器拒收/)
    const deferred = await failure(mailer.send('busy@example.gov.cn', message()))
    expect(deferred.retryable).toBe(true)
    expect(deferred.message).toContain('451')
    mailer.close()
  })

  it('treats a server that is not there as worth retrying, without showing the password', async () => {
    const port = await closedPort()
    const mailer = createMailer({
      url: `smtp://alerts:${encodeURIComponent(PASS)}@127.0.0.1:${port}`,
      from: FROM,
    })
    const err = await failure(mailer.send('leader@example.gov.cn', message()))
    expect(err.retryable).toBe(true)
    expect(err.message).toMatch(/^无法连接邮件服务器/)
    expect(err.message).not.toContain(PASS)
    expect(err.message).not.toContain(encodeURIComponent(PASS))
    mailer.close()
  })
})

describe('email channel with AUTH and STARTTLS', () => {
  it('logs in with user:pass from the URL; a wrong password fails for good, unshown', async () => {
    const sink = await startSmtpSink({ auth: { user: 'alerts@example.gov.cn', pass: PASS } })
    try {
      const good = createMailer({ url: sink.url, from: FROM })
      await good.verify()
      await good.send('leader@example.gov.cn', message())
      good.close()
      expect(sink.messages[0]!.user).toBe('alerts@example.gov.cn')

      const wrongPass = 'Wr0ng-p@ss'
      const wrongUrl = sink.url.replace(encodeURIComponent(PASS), encodeURIComponent(wrongPass))
      expect(wrongUrl).not.toBe(sink.url)
      const bad = createMailer({ url: wrongUrl, from: FROM })
      const err = await failure(bad.send('leader@example.gov.cn', message()))
      expect(err.retryable).toBe(false)
      expect(err.message).toContain('535')
      expect(err.message).toMatch(/^邮件服务器登录失败/)
      for (const secret of [wrongPass, encodeURIComponent(wrongPass), PASS]) {
        expect(err.message).not.toContain(secret)
      }
      const verifyErr = await failure(bad.verify())
      expect(verifyErr.retryable).toBe(false)
      bad.close()
      expect(sink.messages).toHaveLength(1)
    } finally {
      await sink.close()
    }
  })

  it('upgrades to TLS when the server offers STARTTLS and still delivers', async () => {
    const sink = await startSmtpSink({ starttls: true })
    try {
      const mailer = createMailer({ url: sink.url, from: FROM })
      await mailer.send('leader@example.gov.cn', message())
      mailer.close()
      await sink.waitFor(1)
      expect(sink.messages[0]!.secure).toBe(true)
      expect(sink.messages[0]!.subject).toBe(message().subject)

      // the same server, its self-signed certificate not accepted: a TLS failure, worth retrying
      const strict = createMailer({ url: sink.url.replace(/\/\?.*$/, ''), from: FROM })
      const err = await failure(strict.send('leader@example.gov.cn', message()))
      strict.close()
      expect(err.retryable).toBe(true)
      expect(err.message).toMatch(/^与邮件服务器建立 TLS 加密失败/)
      expect(sink.messages).toHaveLength(1)
    } finally {
      await sink.close()
    }
  })
})

describe('parseSmtpUrl', () => {
  it('accepts smtp and smtps URLs with a host', () => {
    expect(parseSmtpUrl('smtp://user:pass@mail.example.gov.cn:25')).toBeNull()
    expect(parseSmtpUrl('smtps://mail.example.gov.cn:465')).toBeNull()
    expect(parseSmtpUrl('smtp://127.0.0.1:2525')).toBeNull()
  })

  it('names what is wrong, Chinese first, without echoing the password', () => {
    for (const bad of [
      'http://user:hunter2-pw@mail.example.gov.cn',
      'smtp://',
      'mail.example.gov.cn:25',
      '',
    ]) {
      const problem = parseSmtpUrl(bad)
      expect(problem, bad).toMatch(/^SMTP_URL [\u4e00-\u9fff]/)
      expect(problem).not.toContain('hunter2-pw')
    }
    expect(() => createMailer({ url: 'ftp://mail.example.gov.cn', from: FROM })).toThrow(DeliveryError)
  })
})
