import { validate as validCron } from 'node-cron'
import { z } from 'zod'
import { ConfigError, defineSettings, envVar } from '../../../warehouse/env'
import { parseSmtpUrl } from './channels/email'

/** The alert channels' settings: where mail goes from, and the app's public address for links. */
export const AlertsEnv = z.object({
  SMTP_URL: envVar.optionalString(),
  MAIL_FROM: envVar.optionalString(),
  PUBLIC_URL: envVar.optionalString(),
  ALERTS_SCHEDULE: envVar
    .string('*/15 * * * *')
    .refine(validCron, 'ALERTS_SCHEDULE must be a cron expression, e.g. */15 * * * *'),
})

export interface AlertsConfig {
  /** `smtp://user:pass@host:25` (STARTTLS when offered) or `smtps://…`; unset: no email. */
  smtpUrl?: string
  /** The From of every message, e.g. `规划监测 <scorecard@example.gov.cn>`. */
  mailFrom: string
  /** The app's address as its users reach it, for links in messages (no trailing slash). */
  publicUrl?: string
  /** When the alert run starts (cron, Asia/Shanghai). */
  schedule: string
}

const DEFAULT_FROM = 'Plan Scorecard <noreply@localhost>'

function checkPublicUrl(value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new ConfigError([`PUBLIC_URL: 不是有效的网址 (not a URL): ${value}`])
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ConfigError(['PUBLIC_URL: 必须以 http:// 或 https:// 开头 (must be an http(s) URL)'])
  return url.href.replace(/\/+$/, '')
}

export const ALERTS_SETTINGS = defineSettings(AlertsEnv, (env): AlertsConfig => {
  const problem = env.SMTP_URL ? parseSmtpUrl(env.SMTP_URL) : null
  if (problem) throw new ConfigError([`SMTP_URL: ${problem}`])
  if (env.MAIL_FROM && !/^[^<>]*<?[^@\s<>]+@[^@\s<>]+>?$/.test(env.MAIL_FROM))
    throw new ConfigError([`MAIL_FROM: 不是有效的发件地址 (not a mail address): ${env.MAIL_FROM}`])
  return {
    ...(env.SMTP_URL ? { smtpUrl: env.SMTP_URL } : {}),
    mailFrom: env.MAIL_FROM ?? DEFAULT_FROM,
    ...(env.PUBLIC_URL ? { publicUrl: checkPublicUrl(env.PUBLIC_URL) } : {}),
    schedule: env.ALERTS_SCHEDULE,
  }
})
