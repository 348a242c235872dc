import type { AddressInfo } from 'node:net'
import { type AddressObject, simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'

/** One message the sink accepted, parsed by mailparser. */
export interface SunkMail {
  /** the From header as text, e.g. `"计划评分卡" <alerts@example.gov.cn>` */
  from: string
  /** the addresses of the To header */
  to: string[]
  subject: string
  messageId: string
  text: string
  html: string
  attachments: { filename: string; contentType: string; content: Buffer }[]
  /** the raw header lines, as sent (folded lines kept together) */
  headers: string[]
  /** the envelope: MAIL FROM and RCPT TO */
  envelope: { from: string; to: string[] }
  /** true when the message came over TLS (after STARTTLS) */
  secure: boolean
  /** the user that logged in, if any */
  user: string | undefined
}

export interface SmtpSinkOptions {
  /** require AUTH with these credentials (offered over plain text: it is 127.0.0.1) */
  auth?: { user: string; pass: string }
  /** recipients refused with 550 (permanent) */
  rejectRecipients?: RegExp
  /** recipients refused with 451 (try again later) */
  tempFailRecipients?: RegExp
  /** offer STARTTLS with smtp-server's built-in self-signed certificate */
  starttls?: boolean
}

export interface SmtpSink {
  /** SMTP_URL for this sink (with user:pass when auth is set) */
  url: string
  port: number
  messages: SunkMail[]
  /** each accepted message's raw source */
  raw: string[]
  waitFor(n: number, timeoutMs?: number): Promise<void>
  close(): Promise<void>
}

function refusal(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode })
}

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(value) ? value : value ? [value] : []
  return list.flatMap((a) => a.value.map((v) => v.address ?? ''))
}

/** A real SMTP server (smtp-server) on 127.0.0.1 and a free port, keeping what it receives. */
export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const messages: SunkMail[] = []
  const raw: string[] = []
  const disabled = [...(options.starttls ? [] : ['STARTTLS']), ...(options.auth ? [] : ['AUTH'])]
  const server = new SMTPServer({
    disabledCommands: disabled,
    authOptional: !options.auth,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      const ok = auth.username === options.auth?.user && auth.password === options.auth?.pass
      if (ok) callback(null, { user: auth.username })
      else callback(refusal('Authentication credentials invalid', 535))
    },
    onRcptTo(address, _session, callback) {
      if (options.rejectRecipients?.test(address.address)) {
        callback(refusal(`Mailbox ${address.address} unavailable`, 550))
      } else if (options.tempFailRecipients?.test(address.address)) {
        callback(refusal(`Mailbox ${address.address} busy, try again later`, 451))
      } else callback()
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('error', callback)
      stream.on('end', () => {
        const source = Buffer.concat(chunks)
        simpleParser(source).then(
          (mail) => {
            raw.push(source.toString('utf8'))
            messages.push({
              from: mail.from?.text ?? '',
              to: addresses(mail.to),
              subject: mail.subject ?? '',
              messageId: mail.messageId ?? '',
              text: mail.text ?? '',
              html: typeof mail.html === 'string' ? mail.html : '',
              attachments: mail.attachments.map((a) => ({
                filename: a.filename ?? '',
                contentType: a.contentType,
                content: a.content,
              })),
              headers: mail.headerLines.map((h) => h.line),
              envelope: {
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                to: session.envelope.rcptTo.map((r) => r.address),
              },
              secure: session.secure,
              user: typeof session.user === 'string' ? session.user : undefined,
            })
            callback()
          },
          (err: Error) => callback(err),
        )
      })
    },
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const port = (server.server.address() as AddressInfo).port
  const credentials = options.auth
    ? `${encodeURIComponent(options.auth.user)}:${encodeURIComponent(options.auth.pass)}@`
    : ''
  // nodemailer reads `tls.*` query keys into its TLS options: accept the self-signed certificate
  const query = options.starttls ? '/?tls.rejectUnauthorized=false' : ''
  return {
    url: `smtp://${credentials}127.0.0.1:${port}${query}`,
    port,
    messages,
    raw,
    async waitFor(n, timeoutMs = 5_000) {
      const until = Date.now() + timeoutMs
      while (messages.length < n) {
        if (Date.now() > until)
          throw new Error(`smtp sink: ${messages.length} of ${n} messages after ${timeoutMs} ms`)
        await new Promise((r) => setTimeout(r, 10))
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
