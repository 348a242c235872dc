import { randomBytes } from 'node:crypto'
import type http from 'node:http'
import { createHTTPHandler } from '@trpc/server/adapters/standalone'
import { checkWarehouse } from '../../warehouse/health'
import type { PublicUser } from './auth/users.store'
import { findAccount } from './auth/users.store'
import { CSRF_COOKIE, CSRF_HEADER, parseCookies, SESSION_COOKIE, setCookie } from './cookies'
import { appRouter } from './routers/app.router'
import { serveStatic } from './static'
import { type AppDeps, type Context, warehouseUnavailable } from './trpc'

export interface HttpOptions {
  deps: AppDeps
  bootstrap?: { state: string; message: string }
  clientDir?: string
}

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
  res.end(JSON.stringify(body))
}

async function userFor(deps: AppDeps, token: string | null): Promise<PublicUser | null> {
  if (!token) return null
  const session = await deps.sessions.get(token)
  if (!session) return null
  const user = await findAccount(deps.wh, session.username)
  if (!user || user.disabled) return null
  // A password change after the session began ends it.
  if (Number(user.password_changed_at) > session.created_at) return null
  const { password_hash: _, ...pub } = user
  return { ...pub, password_changed_at: Number(pub.password_changed_at) }
}

export function createRequestHandler(opts: HttpOptions): http.RequestListener {
  const { deps } = opts
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    createContext: async ({ req, res }): Promise<Context> => {
      const cookies = parseCookies(req.headers.cookie)
      const token = cookies[SESSION_COOKIE] || null
      const header = req.headers[CSRF_HEADER]
      return {
        deps,
        // Every request with a session looks it up first: a warehouse that is down answers 503 here.
        user: await userFor(deps, token).catch((err) => {
          throw warehouseUnavailable(err) ?? err
        }),
        sessionToken: token,
        csrfOk: Boolean(cookies[CSRF_COOKIE]) && header === cookies[CSRF_COOKIE],
        ip: req.socket.remoteAddress ?? '',
        res,
      }
    },
  })
  return async (req, res) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v)
    const url = new URL(req.url ?? '/', 'http://localhost')
    // Double-submit CSRF token: readable by our own scripts, echoed in a header on mutations.
    if (!parseCookies(req.headers.cookie)[CSRF_COOKIE]) {
      setCookie(res, CSRF_COOKIE, randomBytes(18).toString('base64url'), { secure: deps.config.cookieSecure })
    }
    try {
      if (url.pathname === '/healthz') {
        const health = await checkWarehouse(deps.wh)
        sendJson(res, health.ready ? 200 : 503, {
          status: health.ready ? 'ok' : 'degraded',
          warehouse: health,
          ...(opts.bootstrap ? { data: opts.bootstrap } : {}),
        })
        return
      }
      if (url.pathname.startsWith('/trpc/')) {
        trpc(req, res)
        return
      }
      if (opts.clientDir && serveStatic(opts.clientDir, req, res, url.pathname)) return
      sendJson(res, 404, { error: 'not found / 未找到' })
    } catch {
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error / 服务内部错误' })
    }
  }
}
