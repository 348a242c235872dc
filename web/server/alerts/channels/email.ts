import nodemailer from 'nodemailer'
import { DeliveryError, deliveryId, type OutgoingMessage } from './message'

/** Where mail goes: SMTP_URL (`smtp://user:pass@host:25`, `smtps://…` for implicit TLS) and MAIL_FROM. */
export interface MailSettings {
  url: string
  from: string
}

export interface Mailer {
  send(to: string, msg: OutgoingMessage): Promise<{ messageId: string; response: string }>
  /** Connects, says EHLO, logs in when the URL has credentials, and hangs up. */
  verify(): Promise<void>
  close(): void
}

/** Connection, greeting and socket-inactivity limit unless told otherwise. */
const DEFAULT_TIMEOUT_MS = 15_000

/** Nodemailer error codes of a sound connection that refused the message or the login for good. */
const PERMANENT_CODES: ReadonlySet<string> = new Set([
  'EENVELOPE',
  'EAUTH',
  'ENOAUTH',
  'ECONFIG',
  'EREQUIRETLS',
  'EMAXRECIPIENTS',
])

/** Why an SMTP_URL cannot be used (Chinese first), or null when it can. Never echoes the URL. */
export function parseSmtpUrl(url: string): string | null {
  let parsed: URL
  try {
    parsed = new URL(url.trim())
  } catch {
    return 'SMTP_URL 不是有效的网址，应形如 smtp://用户名:密码@主机:25 (SMTP_URL is not a valid URL)'
  }
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') {
    return 'SMTP_URL 只支持 smtp:// 或 smtps:// (SMTP_URL scheme must be smtp or smtps)'
  }
  if (!parsed.hostname) return 'SMTP_URL 缺少邮件服务器主机名 (SMTP_URL has no host)'
  return null
}

/**
 * An SMTP sender for one configured server. Plain `smtp://` upgrades with STARTTLS whenever
 * the server offers it (nodemailer's default); `smtps://` speaks TLS from the start. One
 * connection per message, no pool: alerts are few.
 */
export function createMailer(settings: MailSettings, options: { timeoutMs?: number } = {}): Mailer {
  const problem = parseSmtpUrl(settings.url)
  if (problem) throw new DeliveryError(problem, false)
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const transport = nodemailer.createTransport({
    url: settings.url,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    dnsTimeout: timeoutMs,
  })
  const secrets = passwordsOf(settings.url)

  return {
    async send(to, msg) {
      const id = deliveryId(msg.key)
      try {
        const info = await transport.sendMail({
          from: settings.from,
          to,
          subject: msg.subject,
          text: msg.text,
          html: msg.html,
          messageId: `<${id}@plan-scorecard>`,
          headers: { 'X-Plan-Scorecard-Delivery': id },
          attachments: msg.attachments.map((a) => ({
            filename: a.filename,
            content: a.content,
            contentType: a.contentType,
          })),
        })
        return { messageId: info.messageId, response: info.response }
      } catch (err) {
        throw smtpFailure(err, secrets)
      }
    },
    async verify() {
      try {
        await transport.verify()
      } catch (err) {
        throw smtpFailure(err, secrets)
      }
    },
    close() {
      transport.close()
    },
  }
}

/** The password of an SMTP URL, raw and decoded, to scrub from error text. */
function passwordsOf(url: string): string[] {
  const raw = new URL(url.trim()).password
  if (!raw) return []
  try {
    return [...new Set([raw, decodeURIComponent(raw)])]
  } catch {
    return [raw]
  }
}

/** Error text without `//user:pass@` and without the password seen in the URL. */
function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text.replace(/\/\/[^/\s@]*@/g, '//***@')
  for (const s of secrets) out = out.split(s).join('***')
  return out
}

interface SmtpErrorFields {
  code?: unknown
  responseCode?: unknown
  originalCode?: unknown
  message?: unknown
}

/** A nodemailer failure as a DeliveryError: 5yz replies and bad logins are permanent, the rest retryable. */
function smtpFailure(err: unknown, secrets: readonly string[]): DeliveryError {
  const e = (typeof err === 'object' && err !== null ? err : {}) as SmtpErrorFields
  const code = typeof e.code === 'string' ? e.code : ''
  const reply = typeof e.responseCode === 'number' ? e.responseCode : 0
  const english = scrubSecrets(String(e.message ?? err), secrets).slice(0, 500)
  const retryable = reply >= 500 ? false : reply >= 400 ? true : !PERMANENT_CODES.has(code)
  return new DeliveryError(`${reasonOf(code, reply, e.originalCode)} (SMTP: ${english})`, retryable)
}

function reasonOf(code: string, reply: number, originalCode: unknown): string {
  if (code === 'EAUTH' || code === 'ENOAUTH') {
    return `邮件服务器登录失败${reply ? `（${reply}）` : ''}，请检查 SMTP_URL 中的用户名和密码`
  }
  if (reply >= 500) return `邮件服务器拒收（${reply}），重试无用`
  if (reply >= 400) return `邮件服务器暂时拒收（${reply}），稍后重试`
  if (code === 'ETIMEDOUT') return '连接邮件服务器超时，稍后重试'
  if (code === 'ETLS' || (typeof originalCode === 'string' && /CERT|TLS|SSL/.test(originalCode))) {
    return '与邮件服务器建立 TLS 加密失败（证书无效或不受信任）'
  }
  if (code === 'EDNS') return '邮件服务器域名解析失败'
  if (code === 'ECONNECTION' || code === 'ESOCKET') {
    return originalCode === 'ECONNREFUSED' ? '无法连接邮件服务器（连接被拒绝）' : '与邮件服务器的连接中断'
  }
  if (PERMANENT_CODES.has(code)) return '邮件无法发送（地址或配置有误）'
  return '邮件发送失败'
}
