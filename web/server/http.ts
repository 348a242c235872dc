import http from 'node:http'
import { createHTTPHandler } from '@trpc/server/adapters/standalone'
import { checkWarehouse, healthStatus } from '../../warehouse/health'
import { log } from '../../warehouse/log'
import { clientAddress } from './auth/client-address'
import type { PublicUser } from './auth/users.store'
import { CSRF_COOKIE, CSRF_HEADER, onSessionCookie, parseCookies, SESSION_COOKIE } from './cookies'
import { createCsrf } from './csrf'
import { dropLateBody, MAX_BATCH, refuseTrpc, sendJson, sendTrpcError, sharedFor, trpcPaths } from './edge'
import { createFileRoutes, FILES_PREFIX } from './file-routes'
import { InFlightLimit } from './in-flight'
import { appRouter } from './routers/app.router'
import { serveStatic } from './static'
import { type AppDeps, type Context, storeUnavailable } from './trpc'

export interface HttpOptions {
  deps: AppDeps
  bootstrap?: { state: string; message: string }
  clientDir?: string
  /** Key CSRF tokens are signed with: the same on every instance (the app keeps it in the metadata store). */
  csrfSecret: Buffer
}

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
}

/** /healthz answers from one warehouse check per this many ms, however many callers. */
const HEALTH_TTL_MS = 1000
/**
 * API requests in progress per session (a page sends at most a few batches at once), and
 * per address for requests without one (sign-in; an office may share an address).
 */
const IN_FLIGHT_PER_SESSION = 8
const IN_FLIGHT_PER_ADDRESS = 32

async function userFor(deps: AppDeps, token: string | null): Promise<PublicUser | null> {
  if (!token) return null
  return deps.sessions.userFor(token)
}

/** Requests whose client waits for `100 Continue` before sending the body (see createServer). */
const awaitingContinue = new WeakSet<http.IncomingMessage>()

/** The app on an http.Server: a body announced with `Expect: 100-continue` is refused unsent. */
export function createServer(opts: HttpOptions): http.Server {
  const handler = createRequestHandler(opts)
  const server = http.createServer(handler)
  server.on('checkContinue', (req: http.IncomingMessage, res: http.ServerResponse) => {
    awaitingContinue.add(req)
    handler(req, res)
  })
  return server
}

function parseUrl(raw: string | undefined): URL | null {
  try {
    return new URL(raw ?? '/', 'http://localhost')
  } catch {
    return null
  }
}

export function createRequestHandler(opts: HttpOptions): http.RequestListener {
  const { deps } = opts
  const { limits } = deps.config
  const csrf = createCsrf(opts.csrfSecret, deps.config.cookieSecure)
  /** One context for /trpc and /files: the session, the CSRF check and the client address. */
  const contextFor = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<Context> => {
    const cookies = parseCookies(req.headers.cookie)
    const token = cookies[SESSION_COOKIE] || null
    // Every request with a session looks it up first: a store that is down answers 503 here.
    const started = performance.now()
    const user = await userFor(deps, token).catch((err) => {
      throw storeUnavailable(err) ?? err
    })
    // The lookup's own time, for operators and the load test (Server-Timing, no detail).
    if (token && !res.headersSent)
      res.setHeader('server-timing', `session;dur=${(performance.now() - started).toFixed(2)}`)
    return {
      deps,
      user,
      sessionToken: token,
      csrfOk: csrf.ok(cookies[CSRF_COOKIE], req.headers[CSRF_HEADER], token),
      ip: clientAddress(req, deps.config),
      res,
    }
  }
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    maxBodySize: limits.requestBodyBytes,
    maxBatchSize: MAX_BATCH,
    createContext: ({ req, res }) => contextFor(req, res),
  })
  const files = createFileRoutes({ contextFor, uploadBodyBytes: limits.uploadBodyBytes })
  const health = sharedFor(HEALTH_TTL_MS, () => checkWarehouse(deps.wh))
  const perSession = new InFlightLimit(IN_FLIGHT_PER_SESSION)
  const perAddress = new InFlightLimit(IN_FLIGHT_PER_ADDRESS)

  const serve = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    // A body announced with `Expect: 100-continue` is asked for only when it will be read;
    // any other answer closes the connection instead of waiting for a body nobody wants.
    const expecting = awaitingContinue.has(req)
    if (expecting) res.setHeader('connection', 'close')
    const url = parseUrl(req.url)
    if (!url) {
      sendJson(res, 400, { error: '请求地址无效 (malformed URL)' })
      return
    }
    // Signed double-submit CSRF token, bound to the session cookie: readable by our own
    // scripts, echoed in a header on mutations. Re-issued when missing or another session's,
    // and whenever this response sets or clears the session cookie.
    const cookies = parseCookies(req.headers.cookie)
    const session = cookies[SESSION_COOKIE] || null
    if (!csrf.valid(cookies[CSRF_COOKIE], session)) csrf.issue(res, session)
    onSessionCookie(res, (token) => csrf.issue(res, token || null))

    if (url.pathname === '/healthz') {
      const warehouse = await health()
      const status = healthStatus(warehouse)
      sendJson(res, status, {
        status: status !== 200 ? 'degraded' : warehouse.state === 'busy' ? 'busy' : 'ok',
        warehouse,
        ...(opts.bootstrap ? { data: opts.bootstrap } : {}),
      })
      return
    }
    const isTrpc = url.pathname.startsWith('/trpc/')
    const isFile = url.pathname.startsWith(FILES_PREFIX)
    if (isTrpc || isFile) {
      const paths = isTrpc ? trpcPaths(url.pathname) : []
      if (!paths) {
        sendTrpcError(res, 400, '请求地址无效 (malformed procedure path)')
        return
      }
      const admitted = session
        ? perSession.enter(session, res)
        : perAddress.enter(clientAddress(req, deps.config), res)
      if (!admitted) {
        res.setHeader('retry-after', '1')
        sendTrpcError(res, 429, '同时进行的请求过多，请等待前面的请求完成 (too many requests in progress)')
        return
      }
      // Downloads and uploads: their own routes, limit and checks (file-routes.ts).
      if (isFile) return files(req, res, url, expecting)
      const refused = refuseTrpc(req, paths, limits.requestBodyBytes)
      if (refused) {
        sendTrpcError(res, refused.status, refused.message)
        return
      }
      if (expecting) {
        res.removeHeader('connection')
        res.writeContinue()
      }
      // A body without Content-Length (chunked) is cut off by the adapter at the same limit.
      trpc(req, res)
      return
    }
    if (opts.clientDir && serveStatic(opts.clientDir, req, res, url.pathname)) return
    sendJson(res, 404, { error: 'not found / 未找到' })
  }

  // Last resort: whatever escapes is logged once and answered 500; the process goes on.
  const fail = (req: http.IncomingMessage, res: http.ServerResponse, err: unknown) => {
    log.error('request failed', {
      method: req.method,
      path: (req.url ?? '').split('?')[0]!.slice(0, 200),
      error: err instanceof Error ? (err.stack ?? err.message).slice(0, 2_000) : String(err).slice(0, 2_000),
    })
    if (!res.headersSent) sendJson(res, 500, { error: '服务内部错误 (internal error)' })
    else res.destroy()
  }

  return (req, res) => {
    try {
      for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v)
      dropLateBody(req, res)
      serve(req, res).catch((err) => fail(req, res, err))
    } catch (err) {
      fail(req, res, err)
    }
  }
}
