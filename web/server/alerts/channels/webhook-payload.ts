import { createHmac } from 'node:crypto'
import { deliveryId, type OutgoingMessage } from './message'

export type WebhookKind = 'wecom' | 'dingtalk' | 'generic'

export interface WebhookTarget {
  kind: WebhookKind
  url: string
  /** 钉钉 加签 secret, or the HMAC key of the generic webhook */
  secret?: string
}

/** What to POST where: the URL (signed for 钉钉), extra headers and the JSON body. */
export interface WebhookRequest {
  url: URL
  headers: Record<string, string>
  body: string
}

/** 企业微信群机器人: markdown.content at most 4096 bytes of UTF-8. */
export const WECOM_MAX_BYTES = 4_096
/** 钉钉自定义机器人: markdown text kept within 5000 characters. */
export const DINGTALK_MAX_CHARS = 5_000
const ELLIPSIS = '…'

export function buildWebhookRequest(
  target: WebhookTarget,
  url: URL,
  msg: OutgoingMessage,
  now: Date,
): WebhookRequest {
  if (target.kind === 'wecom') {
    const content = robotMarkdown(msg, WECOM_MAX_BYTES, utf8Bytes)
    return { url, headers: {}, body: JSON.stringify({ msgtype: 'markdown', markdown: { content } }) }
  }
  if (target.kind === 'dingtalk') {
    const text = robotMarkdown(msg, DINGTALK_MAX_CHARS, codePoints)
    const body = JSON.stringify({ msgtype: 'markdown', markdown: { title: msg.subject, text } })
    return { url: target.secret ? dingtalkSigned(url, target.secret, now) : url, headers: {}, body }
  }
  return genericRequest(target, url, msg, now)
}

/**
 * 钉钉 加签: sign = base64(HMAC-SHA256(secret, `${timestamp}\n${secret}`)) with the
 * timestamp in milliseconds, both added to the query string.
 */
export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64')
}

function dingtalkSigned(url: URL, secret: string, now: Date): URL {
  const timestamp = now.getTime()
  const extra = `timestamp=${timestamp}&sign=${encodeURIComponent(dingtalkSign(secret, timestamp))}`
  const signed = new URL(url.href)
  signed.search = signed.search.length > 1 ? `${signed.search}&${extra}` : `?${extra}`
  return signed
}

/** The signature of a generic delivery: hex HMAC-SHA256(secret, `${timestamp}.${body}`). */
export function genericSignature(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')
}

function genericRequest(target: WebhookTarget, url: URL, msg: OutgoingMessage, now: Date): WebhookRequest {
  const id = deliveryId(msg.key)
  const timestamp = String(Math.floor(now.getTime() / 1_000))
  const body = JSON.stringify({
    id,
    subject: msg.subject,
    text: msg.text,
    link: msg.link ?? null,
    facts: msg.facts,
    sent_at: now.toISOString(),
  })
  const headers: Record<string, string> = {
    'x-plan-scorecard-delivery': id,
    'x-plan-scorecard-timestamp': timestamp,
  }
  if (target.secret) {
    headers['x-plan-scorecard-signature'] = `sha256=${genericSignature(target.secret, timestamp, body)}`
  }
  return { url, headers, body }
}

const utf8Bytes = (s: string) => Buffer.byteLength(s, 'utf8')
const codePoints = (s: string) => [...s].length

/**
 * The robot markdown: the body, then the link as `[查看详情](link)`. Over the limit, the
 * body is cut on a character boundary and ends with "…"; the link is kept whole.
 */
export function robotMarkdown(msg: OutgoingMessage, limit: number, size: (s: string) => number): string {
  const tail = msg.link ? `\n\n[查看详情](${msg.link})` : ''
  const whole = msg.markdown + tail
  if (size(whole) <= limit) return whole
  const room = limit - size(tail) - size(ELLIPSIS)
  // a link too long to keep is cut with the rest rather than break the limit
  if (room < 0) return cutTo(whole, limit - size(ELLIPSIS), size) + ELLIPSIS
  return cutTo(msg.markdown, room, size) + ELLIPSIS + tail
}

/** The longest prefix of text, whole code points only, whose size is at most room. */
function cutTo(text: string, room: number, size: (s: string) => number): string {
  let used = 0
  let end = 0
  for (const ch of text) {
    const n = size(ch)
    if (used + n > room) break
    used += n
    end += ch.length
  }
  return text.slice(0, end)
}
