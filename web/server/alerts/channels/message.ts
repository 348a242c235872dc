import { createHash } from 'node:crypto'

/** A file sent with an email (the briefing PDF); the robots carry no attachments. */
export interface Attachment {
  filename: string
  content: Buffer
  contentType: string
}

/** One alert or scheduled delivery, in every form the channels need. */
export interface OutgoingMessage {
  /** Chinese subject / title, one line */
  subject: string
  /** plain-text body (Chinese) */
  text: string
  /** HTML body for email (already escaped/built by the caller) */
  html: string
  /** Markdown body for the work-IM robots (企业微信/钉钉 markdown subset) */
  markdown: string
  /** absolute link into the app, or undefined when PUBLIC_URL is not configured */
  link?: string
  attachments: Attachment[]
  /** the delivery's idempotency key (opaque string, may be long): Message-ID and webhook delivery id derive from it */
  key: string
  /** machine-readable facts for the generic JSON webhook, e.g. { kind: 'indicator_status', indicator: 'x', status: 'behind' } */
  facts: Record<string, string | number | boolean | null>
}

/**
 * A failure of one send. retryable: worth trying again later (network, timeout, 4xx temp
 * SMTP 4yz, HTTP 5xx/429); false: permanent (SMTP 5yz rejection, HTTP 4xx, robot errcode≠0
 * for a bad key). The message is safe to show and log: it never holds a password or a
 * robot key.
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message)
    this.name = 'DeliveryError'
  }
}

/**
 * The short, stable id of a delivery: the first 32 hex digits of sha256(key). The same key
 * always gives the same Message-ID and webhook delivery header, so a receiver can drop a
 * duplicate.
 */
export function deliveryId(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 32)
}
