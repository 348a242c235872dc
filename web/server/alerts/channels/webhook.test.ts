import { createHmac } from 'node:crypto'
import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startWebhookSink, type WebhookReply, type WebhookSink } from '../testing/webhook-sink'
import { DeliveryError, deliveryId, type OutgoingMessage } from './message'
import { maskWebhookUrl, sendWebhook, verifyGenericSignature } from './webhook'

const ROBOT_KEY = '693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa'
const LINK = 'https://scorecard.example.gov.cn/indicators/biz-env'
const NOW = new Date('2025-06-30T08:00:00.123Z')

function message(over: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return {
    subject: '【落后】营商环境便利度指数',
    text: '营商环境便利度指数本月落后序时进度 12.5 个百分点。',
    html: '<p>落后</p>',
    markdown: '### 营商环境便利度指数\n> 状态：<font color="warning">落后</font>\n完成 61.2%，序时 73.7%',
    link: LINK,
    attachments: [],
    key: 'rule:7|webhook:3|event:indicator_status:biz-env:2025-06',
    facts: { kind: 'indicator_status', indicator: 'biz-env', status: 'behind', gap: 12.5, published: true },
    ...over,
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Each path plays one receiver behaviour. */
async function reply(path: string): Promise<WebhookReply> {
  if (path.endsWith('/bad-key'))
    return { status: 200, body: { errcode: 93_000, errmsg: 'invalid webhook url' } }
  if (path.endsWith('/rate-limited'))
    return { status: 200, body: { errcode: 45_009, errmsg: 'api freq out of limit' } }
  if (path.endsWith('/echo-key'))
    return { status: 200, body: { errcode: 40_001, errmsg: `bad key ${ROBOT_KEY}` } }
  if (path.endsWith('/down')) return { status: 500, body: 'upstream down' }
  if (path.endsWith('/busy')) return { status: 429, body: 'slow down' }
  if (path.endsWith('/gone')) return { status: 404, body: { errcode: 404, errmsg: 'not found' } }
  if (path.endsWith('/html')) return { status: 200, body: '<html>login</html>' }
  if (path.endsWith('/slow')) {
    await sleep(1_500)
    return { status: 200, body: { errcode: 0, errmsg: 'ok' } }
  }
  return { status: 200, body: { errcode: 0, errmsg: 'ok' } }
}

async function failure(p: Promise<unknown>): Promise<DeliveryError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(DeliveryError)
  const { message: text } = err as DeliveryError
  expect(text).not.toContain(ROBOT_KEY)
  expect(text).not.toContain('key=')
  expect(text).not.toContain('access_token')
  return err as DeliveryError
}

describe('webhook channel against a real HTTP receiver', () => {
  let sink: WebhookSink
  const wecomUrl = (path = '/cgi-bin/webhook/send') => sink.url(`${path}?key=${ROBOT_KEY}`)
  const last = () => sink.requests.at(-1)!

  beforeAll(async () => {
    sink = await startWebhookSink({ respond: (req) => reply(req.path) })
  })
  afterAll(() => sink.close())

  it('posts the 企业微信 markdown shape with the link appended', async () => {
    const msg = message()
    await sendWebhook({ kind: 'wecom', url: wecomUrl() }, msg)
    const got = last()
    expect(got.method).toBe('POST')
    expect(got.path).toBe('/cgi-bin/webhook/send')
    expect(got.query.get('key')).toBe(ROBOT_KEY)
    expect(got.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(got.json).toEqual({
      msgtype: 'markdown',
      markdown: { content: `${msg.markdown}\n\n[查看详情](${LINK})` },
    })
  })

  it('posts the 钉钉 markdown shape, signed by the 加签 rule when a secret is set', async () => {
    const secret = 'SEC0123456789abcdef'
    const msg = message()
    await sendWebhook(
      { kind: 'dingtalk', url: sink.url(`/robot/send?access_token=${ROBOT_KEY}`), secret },
      msg,
      { now: NOW },
    )
    const got = last()
    expect(got.json).toEqual({
      msgtype: 'markdown',
      markdown: { title: msg.subject, text: `${msg.markdown}\n\n[查看详情](${LINK})` },
    })
    expect(got.query.get('access_token')).toBe(ROBOT_KEY)
    const timestamp = got.query.get('timestamp')!
    expect(timestamp).toBe(String(NOW.getTime()))
    const expected = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64')
    expect(got.query.get('sign')).toBe(expected)

    await sendWebhook({ kind: 'dingtalk', url: sink.url('/robot/send') }, message({ link: undefined }))
    expect(last().query.has('sign')).toBe(false)
    expect((last().json as { markdown: { text: string } }).markdown.text).toBe(msg.markdown)

    await sendWebhook({ kind: 'dingtalk', url: sink.url('/robot/send'), secret }, msg, { now: NOW })
    expect(last().query.get('timestamp')).toBe(String(NOW.getTime()))
    expect(last().query.get('sign')).toBe(expected)
  })

  it('posts the generic JSON with a signature the receiver can verify', async () => {
    const secret = 'generic-shared-secret'
    const msg = message()
    await sendWebhook({ kind: 'generic', url: sink.url('/hooks/scorecard') }, msg, { now: NOW })
    expect(last().headers['x-plan-scorecard-signature']).toBeUndefined()

    await sendWebhook({ kind: 'generic', url: sink.url('/hooks/scorecard'), secret }, msg, { now: NOW })
    const got = last()
    const id = deliveryId(msg.key)
    expect(got.json).toEqual({
      id,
      subject: msg.subject,
      text: msg.text,
      link: LINK,
      facts: msg.facts,
      sent_at: NOW.toISOString(),
    })
    expect(got.headers['x-plan-scorecard-delivery']).toBe(id)
    const timestamp = String(got.headers['x-plan-scorecard-timestamp'])
    expect(timestamp).toBe(String(Math.floor(NOW.getTime() / 1_000)))
    const signature = String(got.headers['x-plan-scorecard-signature'])
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/)
    expect(verifyGenericSignature(secret, timestamp, got.body, signature)).toBe(true)
    expect(verifyGenericSignature(secret, timestamp, got.body.replace('12.5', '2.5'), signature)).toBe(false)
    expect(verifyGenericSignature(secret, String(Number(timestamp) + 1), got.body, signature)).toBe(false)
    expect(verifyGenericSignature('other-secret', timestamp, got.body, signature)).toBe(false)
    expect(verifyGenericSignature(secret, timestamp, got.body, 'sha256=abc')).toBe(false)
  })

  it('fails for good on a robot errcode, with the robot errmsg and never the key', async () => {
    const err = await failure(sendWebhook({ kind: 'wecom', url: wecomUrl('/bad-key') }, message()))
    expect(err.retryable).toBe(false)
    expect(err.message).toMatch(/^企业微信机器人/)
    expect(err.message).toContain('93000')
    expect(err.message).toContain('invalid webhook url')
    expect(err.message).toContain(`${new URL(sink.url()).origin}/bad-key`)

    const echoed = await failure(sendWebhook({ kind: 'dingtalk', url: wecomUrl('/echo-key') }, message()))
    expect(echoed.retryable).toBe(false)
    expect(echoed.message).toContain('40001')

    const html = await failure(sendWebhook({ kind: 'wecom', url: wecomUrl('/html') }, message()))
    expect(html.retryable).toBe(false)
  })

  it('retries a robot rate limit, HTTP 5xx and 429; an HTTP 404 is permanent', async () => {
    expect(
      (await failure(sendWebhook({ kind: 'wecom', url: wecomUrl('/rate-limited') }, message()))).retryable,
    ).toBe(true)
    const down = await failure(sendWebhook({ kind: 'generic', url: wecomUrl('/down') }, message()))
    expect(down.retryable).toBe(true)
    expect(down.message).toContain('500')
    expect(
      (await failure(sendWebhook({ kind: 'dingtalk', url: wecomUrl('/busy') }, message()))).retryable,
    ).toBe(true)
    const gone = await failure(sendWebhook({ kind: 'generic', url: wecomUrl('/gone') }, message()))
    expect(gone.retryable).toBe(false)
    expect(gone.message).toContain('404')
  })

  it('gives up on a slow receiver after timeoutMs, retryable', async () => {
    const started = Date.now()
    const err = await failure(
      sendWebhook({ kind: 'wecom', url: wecomUrl('/slow') }, message(), { timeoutMs: 200 }),
    )
    expect(err.retryable).toBe(true)
    expect(err.message).toContain('200 毫秒')
    expect(Date.now() - started).toBeLessThan(1_200)
  })

  it('keeps the 企业微信 content within 4096 UTF-8 bytes, cut on a character, link kept', async () => {
    const markdown = `${'进度落后😀'.repeat(500)}` // 500 × (5×3 + 4) bytes: far over the limit
    await sendWebhook({ kind: 'wecom', url: wecomUrl() }, message({ markdown }))
    const content = (last().json as { markdown: { content: string } }).markdown.content
    expect(Buffer.byteLength(content, 'utf8')).toBeLessThanOrEqual(4_096)
    expect(Buffer.byteLength(content, 'utf8')).toBeGreaterThan(4_096 - 8)
    expect(content).not.toContain('\ufffd')
    expect(content.endsWith(`…\n\n[查看详情](${LINK})`)).toBe(true)
    const body = content.slice(0, content.indexOf('…'))
    expect(markdown.startsWith(body)).toBe(true)
    expect(body.length).toBeGreaterThan(1_000)

    await sendWebhook({ kind: 'wecom', url: wecomUrl() }, message({ markdown, link: undefined }))
    const bare = (last().json as { markdown: { content: string } }).markdown.content
    expect(Buffer.byteLength(bare, 'utf8')).toBeLessThanOrEqual(4_096)
    expect(bare.endsWith('…')).toBe(true)
  })

  it('keeps the 钉钉 text within 5000 characters', async () => {
    const markdown = '落后'.repeat(3_000)
    await sendWebhook({ kind: 'dingtalk', url: sink.url('/robot/send') }, message({ markdown }))
    const text = (last().json as { markdown: { text: string } }).markdown.text
    expect([...text].length).toBe(5_000)
    expect(text.endsWith(`…\n\n[查看详情](${LINK})`)).toBe(true)
  })

  it('refuses a URL that is not http(s) without sending anything', async () => {
    const before = sink.requests.length
    for (const url of [
      'ftp://example.gov.cn/hook',
      'file:///etc/passwd',
      'not a url',
      `javascript:alert(1)`,
    ]) {
      const err = await failure(sendWebhook({ kind: 'generic', url }, message()))
      expect(err.retryable, url).toBe(false)
      expect(err.message).toMatch(/^Webhook 地址/)
    }
    expect(sink.requests.length).toBe(before)
  })

  it('retries when nothing listens, naming only origin and path', async () => {
    const server = net.createServer()
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const { port } = server.address() as net.AddressInfo
    await new Promise<void>((r) => server.close(() => r()))
    const err = await failure(
      sendWebhook(
        { kind: 'wecom', url: `http://127.0.0.1:${port}/cgi-bin/webhook/send?key=${ROBOT_KEY}` },
        message(),
      ),
    )
    expect(err.retryable).toBe(true)
    expect(err.message).toContain(`http://127.0.0.1:${port}/cgi-bin/webhook/send`)
    expect(err.message).toContain('ECONNREFUSED')
  })
})

describe('maskWebhookUrl', () => {
  it('shows origin and path and hides the query', () => {
    expect(maskWebhookUrl(`https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${ROBOT_KEY}`)).toBe(
      'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?…',
    )
    expect(maskWebhookUrl('https://hooks.example.gov.cn/a/b')).toBe('https://hooks.example.gov.cn/a/b')
    expect(maskWebhookUrl('https://user:pw@hooks.example.gov.cn/x?t=1')).toBe(
      'https://hooks.example.gov.cn/x?…',
    )
    expect(maskWebhookUrl('not a url')).not.toContain('not a url')
  })
})
