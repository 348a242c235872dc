import { z } from 'zod'
import type { WarehouseSettings } from '../../warehouse/config'
import { defineSettings, envVar } from '../../warehouse/env'
import type { AlertsConfig } from './alerts/config'

/** The web server's settings: where it listens, sessions and cookies, request sizes, seed passwords. */
export const WebEnv = z.object({
  PORT: envVar.preprocess(
    z.coerce
      .number({ error: 'PORT must be a number' })
      .int('PORT must be a whole number')
      .min(0, 'PORT must be between 0 and 65535')
      .max(65535, 'PORT must be between 0 and 65535')
      .default(3000),
  ),
  HOST: envVar.string('127.0.0.1'),
  CLIENT_DIR: envVar.optionalString(),
  ADMIN_PASSWORD: envVar.optionalString(),
  DEMO_PASSWORD: envVar.optionalString(),
  SESSION_TTL_HOURS: envVar.preprocess(
    z.coerce
      .number({ error: 'SESSION_TTL_HOURS must be a number' })
      .positive('SESSION_TTL_HOURS must be > 0')
      .default(12),
  ),
  COOKIE_SECURE: envVar.preprocess(
    z.enum(['true', 'false'], { error: "COOKIE_SECURE must be 'true' or 'false'" }).default('false'),
  ),
  TRUSTED_PROXY_HEADER: envVar.preprocess(
    z
      .string()
      .regex(/^[A-Za-z0-9-]+$/, 'TRUSTED_PROXY_HEADER must be a header name, e.g. x-forwarded-for')
      .transform((v) => v.toLowerCase())
      .optional(),
  ),
  REQUEST_BODY_LIMIT_KB: envVar.positiveNumber('REQUEST_BODY_LIMIT_KB', 1024),
  UPLOAD_BODY_LIMIT_MB: envVar.positiveNumber('UPLOAD_BODY_LIMIT_MB', 20),
  PUBLICITY_DAY_SECONDS: envVar.positiveNumber('PUBLICITY_DAY_SECONDS', 86_400, true),
})

/** Largest request bodies, refused with 413 before they are read. */
export interface BodyLimits {
  requestBodyBytes: number
  uploadBodyBytes: number
}

export interface WebConfig {
  port: number
  host: string
  sessionTtlHours: number
  cookieSecure: boolean
  /** Header that carries the client address set by a trusted reverse proxy (lower case). */
  trustedProxyHeader?: string
  /** Password of the first admin account (else a random one, printed once). */
  adminPassword?: string
  /** Password of the demo accounts (else a random one, printed once). */
  demoPassword?: string
  /** Where the built client is (default: dist/client of this checkout). */
  clientDir?: string
  limits: BodyLimits
  /**
   * How long one day of a publicity window (公示) lasts: a real day, except in drills and
   * end-to-end tests, where a window must close within minutes.
   */
  publicityDayMs: number
}

export const WEB_SETTINGS = defineSettings(
  WebEnv,
  (env): WebConfig => ({
    port: env.PORT,
    host: env.HOST,
    sessionTtlHours: env.SESSION_TTL_HOURS,
    cookieSecure: env.COOKIE_SECURE === 'true',
    ...(env.TRUSTED_PROXY_HEADER ? { trustedProxyHeader: env.TRUSTED_PROXY_HEADER } : {}),
    ...(env.ADMIN_PASSWORD !== undefined ? { adminPassword: env.ADMIN_PASSWORD } : {}),
    ...(env.DEMO_PASSWORD !== undefined ? { demoPassword: env.DEMO_PASSWORD } : {}),
    ...(env.CLIENT_DIR ? { clientDir: env.CLIENT_DIR } : {}),
    limits: {
      requestBodyBytes: Math.round(env.REQUEST_BODY_LIMIT_KB * 1024),
      uploadBodyBytes: Math.round(env.UPLOAD_BODY_LIMIT_MB * 1024 * 1024),
    },
    publicityDayMs: env.PUBLICITY_DAY_SECONDS * 1000,
  }),
)

/** What the web server is given (app/config.ts makes it): its own settings, the warehouse's and the alert channels'. */
export type ServerConfig = WebConfig & WarehouseSettings & { alerts: AlertsConfig }
