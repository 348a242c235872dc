import { timingSafeEqual } from 'node:crypto'
import { DeliveryError, type OutgoingMessage } from './message'
import {
  buildWebhookRequest,
  genericSignature,
  type WebhookKind,
  type WebhookTarget,
} from './webhook-payload'

export type { WebhookKind, WebhookTarget } from './webhook-payload'

const DEFAULT_TIMEOUT_MS = 10_000
/** More of an answer than this is not read: a robot's reply is a few dozen bytes. */
const MAX_RESPONSE_BYTES = 64 * 1_024

const NAME: Record<WebhookKind, { zh: string; en: string }> = {
  wecom: { zh: '企业微信机器人', en: 'WeCom robot' },
  dingtalk: { zh: '钉钉机器人', en: 'DingTalk robot' },
  generic: { zh: 'Webhook 接收方', en: 'webhook receiver' },
}

/** Robot errcodes that mean "later, not never": system busy and each robot's rate limit. */
const ROBOT_RETRYABLE: Record<WebhookKind, ReadonlySet<number>> = {
  wecom: new Set([-1, 45_009]),
  dingtalk: new Set([-1, 130_101, 410_100]),
  generic: new Set(),
}

/**
 * POSTs one message to a 企业微信 or 钉钉 group robot or to a generic JSON webhook.
 * Resolves when the receiver accepted it; otherwise throws a DeliveryError whose message
 * names the receiver by origin and path only (the query string holds the robot's key).
 *
 * Generic receivers get `{ id, subject, text, link, facts, sent_at }` with the headers
 * X-Plan-Scorecard-Delivery (the same id for a re-sent message: drop duplicates by it),
 * X-Plan-Scorecard-Timestamp (unix seconds) and, when a secret is set,
 * X-Plan-Scorecard-Signature: `sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`;
 * see verifyGenericSignature.
 */
export async function sendWebhook(
  target: WebhookTarget,
  msg: OutgoingMessage,
  options: { timeoutMs?: number; now?: Date } = {},
): Promise<void> {
  const url = webhookUrl(target.url)
  const who = { ...NAME[target.kind], where: `${url.origin}${url.pathname}` }
  const secrets = secretsOf(url, target.secret)
  const request = buildWebhookRequest(target, url, msg, options.now ?? new Date())
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  let status: number
  let answer: string
  try {
    const res = await fetch(request.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'plan-scorecard-alerts',
        ...request.headers,
      },
      body: request.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    })
    status = res.status
    answer = await readCapped(res, MAX_RESPONSE_BYTES)
  } catch (err) {
    throw transportFailure(err, who, timeoutMs)
  }
  judgeAnswer(target.kind, status, answer, who, secrets)
}

/**
 * Checks a generic delivery's X-Plan-Scorecard-Signature header against the raw body and
 * the X-Plan-Scorecard-Timestamp header, in constant time. Receivers should also refuse a
 * timestamp more than a few minutes old (a replay) and drop a delivery id they have seen.
 */
export function verifyGenericSignature(
  secret: string,
  timestamp: string,
  body: string,
  header: string,
): boolean {
  const given = /^sha256=([0-9a-f]{64})$/i.exec(header.trim())?.[1]
  if (!given) return false
  const expected = Buffer.from(genericSignature(secret, timestamp, body), 'hex')
  return timingSafeEqual(expected, Buffer.from(given, 'hex'))
}

/** A webhook URL fit to show in the UI or a log: origin and path, the query (the key) hidden. */
export function maskWebhookUrl(url: string): string {
  let parsed: URL
  try {
    parsed = new URL(url.trim())
  } catch {
    return '（无效地址）'
  }
  const origin = parsed.origin === 'null' ? `${parsed.protocol}//${parsed.host}` : parsed.origin
  return `${origin}${parsed.pathname}${parsed.search ? '?…' : ''}`
}

function webhookUrl(raw: string): URL {
  let url: URL
  try {
    url = new URL(raw.trim())
  } catch {
    throw new DeliveryError('Webhook 地址不是有效的网址 (webhook URL is not a valid URL)', false)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new DeliveryError(
      `Webhook 地址只支持 http:// 或 https://，不支持 ${url.protocol} (webhook URL must be http or https)`,
      false,
    )
  }
  if (url.username || url.password) {
    throw new DeliveryError('Webhook 地址不能包含用户名和密码 (webhook URL must not hold credentials)', false)
  }
  return url
}

/** The robot key in the query and the signing secret: never repeated in an error message. */
function secretsOf(url: URL, secret: string | undefined): string[] {
  const values = [...url.searchParams.values(), secret ?? ''].filter((v) => v.length >= 6)
  return values.sort((a, b) => b.length - a.length)
}

function redact(text: string, secrets: readonly string[]): string {
  let out = text
  for (const s of secrets) out = out.split(s).join('***')
  return out.slice(0, 300)
}

async function readCapped(res: Response, max: number): Promise<string> {
  if (!res.body) return ''
  const reader = res.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  while (total < max) {
    const { done, value } = await reader.read()
    if (done) return Buffer.concat(chunks).toString('utf8')
    chunks.push(value)
    total += value.byteLength
  }
  await reader.cancel().catch(() => undefined)
  return Buffer.concat(chunks).subarray(0, max).toString('utf8')
}

type Who = { zh: string; en: string; where: string }

function transportFailure(err: unknown, who: Who, timeoutMs: number): DeliveryError {
  const name = err instanceof Error ? err.name : ''
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new DeliveryError(
      `${who.zh}（${who.where}）在 ${timeoutMs} 毫秒内没有回复，稍后重试 (${who.en} timed out after ${timeoutMs} ms)`,
      true,
    )
  }
  const cause = err instanceof Error ? (err.cause as { code?: unknown } | undefined) : undefined
  const code = typeof cause?.code === 'string' ? cause.code : 'network error'
  return new DeliveryError(
    `无法连接${who.zh}（${who.where}），稍后重试 (cannot reach the ${who.en}: ${code})`,
    true,
  )
}

function judgeAnswer(kind: WebhookKind, status: number, answer: string, who: Who, secrets: string[]): void {
  const at = `${who.zh}（${who.where}）`
  if (status === 429 || status >= 500) {
    throw new DeliveryError(
      `${at}暂时不可用（HTTP ${status}），稍后重试 (${who.en} answered HTTP ${status})`,
      true,
    )
  }
  if (status >= 300 && status < 400) {
    throw new DeliveryError(
      `${at}返回重定向（HTTP ${status}），请填写最终地址 (${who.en} redirected: HTTP ${status})`,
      false,
    )
  }
  const reply = robotReply(answer)
  const said = reply?.errmsg ? `：${redact(reply.errmsg, secrets)}` : ''
  if (status < 200 || status >= 300 || (kind !== 'generic' && status !== 200)) {
    throw new DeliveryError(
      `${at}拒绝了请求（HTTP ${status}）${said} (${who.en} answered HTTP ${status})`,
      false,
    )
  }
  if (kind === 'generic') return
  if (!reply || reply.errcode === undefined) {
    throw new DeliveryError(`${at}的回复无法识别 (${who.en} gave no errcode)`, false)
  }
  if (reply.errcode === 0) return
  throw new DeliveryError(
    `${at}拒绝了消息，errcode ${reply.errcode}${said} (${who.en} refused the message: errcode ${reply.errcode})`,
    ROBOT_RETRYABLE[kind].has(reply.errcode),
  )
}

function robotReply(answer: string): { errcode?: number; errmsg?: string } | null {
  try {
    const json: unknown = JSON.parse(answer)
    if (typeof json !== 'object' || json === null) return null
    const { errcode, errmsg } = json as Record<string, unknown>
    return {
      errcode: typeof errcode === 'number' ? errcode : undefined,
      errmsg: typeof errmsg === 'string' ? errmsg : undefined,
    }
  } catch {
    return null
  }
}
